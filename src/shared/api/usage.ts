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
