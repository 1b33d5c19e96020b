/**
 * The audit log in the IPC contract: every workspace's trail as this device keeps it (synced from
 * each service, hash chain checked on arrival) with what the app did itself, marked local;
 * filters, free text, CSV export, the sync's state and progress, and a key's usage.
 */
import { z } from 'zod';
import { AuditEventType, isoTime, RecentKeyUse } from '../api/index.ts';
import { KeyRef } from './keys.ts';

const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });
const none = z.undefined();

/**
 * What the app did on this device. Never a secret: which key, which destination, which reminder,
 * which workspace, and how it ended.
 */
export const LocalAuditEventType = z.enum([
  'secret.copied',
  'secret.revealed',
  'secret.pushed',
  'reminder.shown',
  'workspace.connected',
]);
export type LocalAuditEventType = z.infer<typeof LocalAuditEventType>;

export const AuditEntryType = z.union([AuditEventType, LocalAuditEventType]);
export type AuditEntryType = z.infer<typeof AuditEntryType>;

export const AUDIT_ENTRY_TYPES: readonly AuditEntryType[] = [...AuditEventType.options, ...LocalAuditEventType.options];

/** `service`: synced from the workspace's trail; `local`: recorded by this app. */
export const AuditSource = z.enum(['service', 'local']);
export type AuditSource = z.infer<typeof AuditSource>;

/** The service's actors, and this app for what it did itself. */
export const AuditActor = z.object({
  type: z.enum(['admin_token', 'system', 'api_key', 'app']),
  id: z.string().nullable(),
  name: z.string(),
});
export type AuditActor = z.infer<typeof AuditActor>;

export const AuditEntry = z.object({
  /** This device's id for the row (newest rows have the highest). */
  id: z.string(),
  workspaceId: z.string(),
  source: AuditSource,
  /** The event's place in its workspace's hash chain; null for local events. */
  seq: z.number().int().nullable(),
  eventId: z.string(),
  type: AuditEntryType,
  at: isoTime,
  actor: AuditActor,
  keyId: z.string().nullable(),
  /** The key's label (prefix) when the event happened. */
  keyLabel: z.string().nullable(),
  /** The key's name as this device last saw it (the vault's key cache); null when it isn't cached. */
  keyName: z.string().nullable(),
  /** Masked by the service (IPv4 keeps its /24, IPv6 its /48). */
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  /** The chain's hash for a service event; null for local events. */
  hash: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Each filter narrows the rows; any combination. `actor` is an `AuditActorOption.ref`. */
export const AuditFilters = z.strictObject({
  workspaceId: z.string().min(1).optional(),
  keyId: z.string().min(1).optional(),
  type: AuditEntryType.optional(),
  actor: z.string().min(1).max(300).optional(),
  source: AuditSource.optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  /** Words to find anywhere in an event (actor, key, IP, user agent, details); each word's start matches. */
  text: z.string().max(200).optional(),
});
export type AuditFilters = z.infer<typeof AuditFilters>;

export const AUDIT_PAGE_MAX = 500;

export const AuditQueryInput = AuditFilters.extend({
  /** The `nextCursor` of the page before. */
  cursor: z.string().max(40).optional(),
  limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(100),
});
export type AuditQueryInput = z.input<typeof AuditQueryInput>;

/** Newest first. */
export const AuditPage = z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditActorOption = z.object({
  ref: z.string(),
  type: AuditActor.shape.type,
  name: z.string(),
});
export type AuditActorOption = z.infer<typeof AuditActorOption>;

export const AuditKeyOption = z.object({ workspaceId: z.string(), keyId: z.string(), label: z.string().nullable() });
export type AuditKeyOption = z.infer<typeof AuditKeyOption>;

/** What the filters can choose from: the actors and keys seen in the kept events. */
export const AuditFacets = z.object({ actors: z.array(AuditActorOption), keys: z.array(AuditKeyOption) });
export type AuditFacets = z.infer<typeof AuditFacets>;

export const AuditChainBreakView = z.object({
  /** The first seq that does not check out. */
  seq: z.number().int(),
  reason: z.enum(['missing', 'altered', 'out_of_order', 'head_mismatch', 'differs_from_copy']),
  message: z.string(),
  detectedAt: isoTime,
});
export type AuditChainBreakView = z.infer<typeof AuditChainBreakView>;

export const AuditWorkspaceStatus = z.object({
  workspaceId: z.string(),
  workspaceName: z.string(),
  /** The last seq kept: the sync goes on after it. */
  lastSeq: z.number().int(),
  /** The service's last seq when it was last asked; null before the first sync. */
  headSeq: z.number().int().nullable(),
  syncedAt: isoTime.nullable(),
  syncing: z.boolean(),
  /** Why the last sync stopped, in a sentence; null when it went through. */
  error: z.string().nullable(),
  /** Places where the trail did not check out; they stay until the workspace is removed. */
  breaks: z.array(AuditChainBreakView),
});
export type AuditWorkspaceStatus = z.infer<typeof AuditWorkspaceStatus>;

export const AuditStatus = z.object({ workspaces: z.array(AuditWorkspaceStatus) });
export type AuditStatus = z.infer<typeof AuditStatus>;

export const AuditSyncInput = z
  .strictObject({
    /** One workspace; every managed one when absent. */
    workspaceId: z.string().min(1).optional(),
    /** Also walk the service's whole trail again against the copy kept here (finds old rows edited since). */
    recheck: z.boolean().optional(),
  })
  .optional();

export const AuditExportResult = z.object({
  /** False when the save dialog was cancelled. */
  saved: z.boolean(),
  rows: z.number().int(),
  path: z.string().nullable(),
});
export type AuditExportResult = z.infer<typeof AuditExportResult>;

/** A key's last 30 days of requests, its last use, and its most recent requests (masked IPs). */
export const KeyUsageView = z.object({
  keyId: z.string(),
  days: z.array(z.object({ date: z.string(), requests: z.number().int() })),
  totalRequests: z.number().int(),
  lastUsedAt: isoTime.nullable(),
  lastUsedIp: z.string().nullable(),
  /** Newest first. */
  recent: z.array(RecentKeyUse),
  recentTruncated: z.boolean(),
});
export type KeyUsageView = z.infer<typeof KeyUsageView>;

export const auditChannels = {
  /** Kept events, newest first, filtered; `nextCursor` continues. Works offline. */
  'audit:query': channel(AuditQueryInput, AuditPage),
  'audit:facets': channel(none, AuditFacets),
  /** Each workspace's sync state and the chain breaks found. */
  'audit:status': channel(none, AuditStatus),
  /** Syncs now (progress as `audit:syncProgress`); answers when done. */
  'audit:sync': channel(AuditSyncInput, AuditStatus),
  /** Writes the filtered rows to a CSV file the user picks (the OS save dialog). */
  'audit:export': channel(AuditFilters, AuditExportResult),
  /** 30 days of requests per day, the last use and recent requests, from the key's service. */
  'keys:usage': channel(KeyRef, KeyUsageView),
} as const;

export const auditEvents = {
  /** A sync stored a page (or ended): how far it got. */
  'audit:syncProgress': z.object({
    workspaceId: z.string(),
    stored: z.number().int(),
    lastSeq: z.number().int(),
    headSeq: z.number().int(),
    done: z.boolean(),
  }),
  /** Kept events or a workspace's sync state changed: reload the log. */
  'audit:changed': z.object({ workspaceId: z.string() }),
} as const;
