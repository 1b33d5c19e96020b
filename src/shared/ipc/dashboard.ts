/**
 * The dashboard: the keys that need action first, across every workspace, and how many keys expire
 * in each of the next twelve months. Worked out by the core from its key cache, so the renderer
 * receives the few keys it shows and twelve rows of counts, never every key.
 */
import { z } from 'zod';
import { isoTime } from '../api/index.ts';

/** The months the expiry timeline covers, starting with the current one. */
export const DASHBOARD_MONTHS = 12;
/** Keys expiring this close are listed apart from the rest of the month. */
export const EXPIRES_SOON_DAYS = 7;
/** The most keys one group carries; its `total` still counts them all. */
export const DASHBOARD_GROUP_LIMIT = 200;

/**
 * Why a key needs action, most urgent first: it expired; it expires within 7 days; within 30 days;
 * its rotation policy says it is due. A key is in one group only, the most urgent that applies.
 */
export const AttentionGroup = z.enum(['expired', 'within_7_days', 'within_30_days', 'rotation_due']);
export type AttentionGroup = z.infer<typeof AttentionGroup>;
export const ATTENTION_GROUPS = AttentionGroup.options;

export const DashboardKey = z.object({
  workspaceId: z.string(),
  workspaceName: z.string(),
  keyId: z.string(),
  keyName: z.string(),
  /** The key's non-secret label (its prefix). */
  label: z.string(),
  group: AttentionGroup,
  expiresAt: isoTime,
  /** When "rotate every N days" falls due, if the key has such a policy and it falls before expiry. */
  rotationDueAt: isoTime.nullable(),
  /**
   * When an expired key is deleted: by the service, three months after expiry; an external key by
   * its issuer, when its preset says. Null when nothing deletes it (it stays in the vault).
   */
  deletesAt: isoTime.nullable(),
  rotationInProgress: z.boolean(),
});
export type DashboardKey = z.infer<typeof DashboardKey>;

export const DashboardGroup = z.object({
  group: AttentionGroup,
  /** Every key in the group. */
  total: z.number().int().min(0),
  /** The most urgent of them, at most DASHBOARD_GROUP_LIMIT. */
  keys: z.array(DashboardKey),
});
export type DashboardGroup = z.infer<typeof DashboardGroup>;

/** One month of the timeline: keys expiring in it, per workspace (aligned with `workspaces`). */
export const ExpiryMonth = z.object({
  /** Midnight on the month's first day, in the core's time zone. */
  start: isoTime,
  counts: z.array(z.number().int().min(0)),
});
export type ExpiryMonth = z.infer<typeof ExpiryMonth>;

export const DashboardSummary = z.object({
  now: isoTime,
  /** Keys in any group. */
  attentionTotal: z.number().int().min(0),
  /** The four groups, in ATTENTION_GROUPS order, empty ones included. */
  groups: z.array(DashboardGroup),
  /** The timeline's series: every workspace with a watched key, in the sidebar's order. */
  workspaces: z.array(z.object({ id: z.string(), name: z.string() })),
  /** DASHBOARD_MONTHS months from the current one; expiries from now to the end of the last. */
  months: z.array(ExpiryMonth),
});
export type DashboardSummary = z.infer<typeof DashboardSummary>;
