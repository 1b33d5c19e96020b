/** `GET /v1/api-keys/:id/usage`: requests per day made with one key. */
import { z } from 'zod';
import { isoTime } from './common.ts';

export const UsageQuery = z.strictObject({ days: z.coerce.number().int().min(1).max(365).default(30) });

export const KeyUsage = z.object({
  keyId: z.string(),
  days: z.array(z.object({ date: z.string(), requests: z.number().int() })),
  totalRequests: z.number().int(),
  lastUsedAt: isoTime.nullable(),
  lastUsedIp: z.string().nullable(),
});
export type KeyUsage = z.infer<typeof KeyUsage>;

/** `GET /v1/api-keys/:id/uses`: the key's recent requests, one row per second, IP and user agent. */
export const KEY_USES_LIMIT = 1000;

export const KeyUsesQuery = z.strictObject({
  /** Requests at or after this instant; the service keeps per-request rows for 90 days. */
  since: isoTime,
  limit: z.coerce.number().int().min(1).max(KEY_USES_LIMIT).default(500),
});
export type KeyUsesQuery = z.infer<typeof KeyUsesQuery>;

export const RecentKeyUse = z.object({
  /** The last request of the group. */
  at: isoTime,
  /** Masked: IPv4 keeps its /24, IPv6 its /48. */
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** Identical requests (same masked IP and user agent) within the same second count as one row. */
  requests: z.number().int().min(1),
});
export type RecentKeyUse = z.infer<typeof RecentKeyUse>;

export const KeyUses = z.object({
  keyId: z.string(),
  since: isoTime,
  /** Newest first. */
  uses: z.array(RecentKeyUse),
  /** More rows matched than `limit`: the oldest were left out. */
  truncated: z.boolean(),
});
export type KeyUses = z.infer<typeof KeyUses>;
