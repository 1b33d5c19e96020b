/** `GET /v1/audit-events`: the workspace's audit trail. */
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
  'admin_token.created',
  'admin_token.revoked',
  /** An owner was emailed about a key (expiring, expired); details name the notice and the address. */
  'notification.email_sent',
  /** The mail server refused or never took an owner's email, after every retry. */
  'notification.email_failed',
]);
export type AuditEventType = z.infer<typeof AuditEventType>;

export const AuditEvent = z.object({
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
