/**
 * The workspace's audit trail:
 * - `GET /v1/audit-events`: newest first, with filters and a cursor (what an admin browses);
 * - `GET /v1/audit?after=<seq>`: oldest first by `seq` (what a client syncs incrementally);
 * - `GET /v1/audit/head`: the last event's `seq` and `hash` (what a synced copy is checked against).
 * Every event is a link of a hash chain; `src/shared/audit-chain.ts` says how `hash` is computed.
 */
import { z } from 'zod';
import { Actor, isoTime } from './common.ts';

export const AuditEventType = z.enum([
  'key.created',
  'key.updated',
  'key.rotated',
  'key.revoked',
  'key.expiring',
  'key.expired',
  'key.deleted',
  'workspace.updated',
  'webhook.created',
  'webhook.deleted',
  /** An admin sent a webhook a test event; it goes to that webhook only, whatever it subscribed to. */
  'webhook.test',
  'admin_token.created',
  'admin_token.revoked',
  /** An owner was emailed about a key (expiring, expired); details name the notice and the address. */
  'notification.email_sent',
  /** The mail server refused or never took an owner's email, after every retry. */
  'notification.email_failed',
]);
export type AuditEventType = z.infer<typeof AuditEventType>;

export const AuditEvent = z.object({
  /**
   * Position in the workspace's trail: 1, 2, 3… in the order events were committed, with no gap.
   * Two events may share `at`; they never share `seq`.
   */
  seq: z.number().int().min(1),
  id: z.string(),
  type: AuditEventType,
  at: isoTime,
  actor: Actor,
  keyId: z.string().nullable(),
  /** The key's label at the time, so rows stay readable after the key is deleted. */
  keyPrefix: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  /**
   * SHA-256 (lowercase hex) of the previous event's `hash` followed by this event's canonical JSON
   * (see audit-chain.ts). Not checked for shape here: a tampered row must reach the chain check,
   * which names it, instead of failing the whole page.
   */
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditEventsQuery = z.strictObject({
  keyId: z.string().optional(),
  type: AuditEventType.optional(),
  actorId: z.string().optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().optional(),
});
export type AuditEventsQuery = z.infer<typeof AuditEventsQuery>;

export const AuditEventsResponse = z.object({ data: z.array(AuditEvent), nextCursor: z.string().nullable() });
export type AuditEventsResponse = z.infer<typeof AuditEventsResponse>;

export const AUDIT_FEED_MAX_LIMIT = 1000;

export const AuditFeedQuery = z.strictObject({
  /** Events with a greater `seq` than this: 0 (the default) starts at the first event. */
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(AUDIT_FEED_MAX_LIMIT).default(500),
});
export type AuditFeedQuery = z.infer<typeof AuditFeedQuery>;

export const AuditFeedResponse = z.object({
  /** Oldest first, by `seq`. */
  data: z.array(AuditEvent),
  /** The `after` to ask with next: the last event's `seq`, or the `after` asked with when none came. */
  nextAfter: z.number().int().min(0),
  /** More events follow `nextAfter` right now. */
  hasMore: z.boolean(),
});
export type AuditFeedResponse = z.infer<typeof AuditFeedResponse>;

export const AuditHead = z.object({
  /** The last event's `seq`; 0 when the trail is empty. */
  seq: z.number().int().min(0),
  /** The last event's `hash`; 64 zeros (the chain's start) when the trail is empty. */
  hash: z.string(),
  /** When the last event happened; null when the trail is empty. */
  at: isoTime.nullable(),
});
export type AuditHead = z.infer<typeof AuditHead>;
