/** `/v1/api-keys`: issuing, listing, editing, rotating and revoking API keys, and their lifecycle rules. */
import { z } from 'zod';
import { Actor, displayText, isoTime } from './common.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Keys are valid for one year from creation. */
export const KEY_VALIDITY_DAYS = 365;
/** The owner is warned one month before expiry. */
export const EXPIRY_WARNING_DAYS = 30;
/** Expired keys are deleted automatically three months after expiry. */
export const DELETE_AFTER_EXPIRY_DAYS = 90;
/** Rotation overlap: both keys live for at most a week. */
export const MAX_OVERLAP_SECONDS = 7 * 24 * 60 * 60;

export const KeyScope = z.enum(['scim', 'on_premise', 'public_api']);
export type KeyScope = z.infer<typeof KeyScope>;
export const SCOPE_LABELS: Record<KeyScope, string> = {
  scim: 'SCIM',
  on_premise: 'On Premise',
  public_api: 'Public APIs',
};

export const KeyEnvironment = z.enum(['live', 'test']);
export type KeyEnvironment = z.infer<typeof KeyEnvironment>;

/** `expiring`: active, and within its last EXPIRY_WARNING_DAYS. Computed from the clock at read time. */
export const KeyStatus = z.enum(['active', 'expiring', 'expired', 'revoked']);
export type KeyStatus = z.infer<typeof KeyStatus>;

/** On Premise keys may retrieve signatures and send directory information; editable after creation. */
export const OnPremiseOptions = z.strictObject({
  retrieveSignatures: z.boolean().optional(),
  sendDirectoryInfo: z.boolean().optional(),
});
export type OnPremiseOptions = z.infer<typeof OnPremiseOptions>;

export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  /** First 12 characters of the secret: a non-secret label such as `lsk_live_a1b`. */
  prefix: z.string(),
  scope: KeyScope,
  environment: KeyEnvironment,
  options: z.object({ retrieveSignatures: z.boolean(), sendDirectoryInfo: z.boolean() }).nullable(),
  status: KeyStatus,
  createdAt: isoTime,
  createdBy: Actor,
  expiresAt: isoTime,
  /** When the service deletes the key: three months after expiry. */
  deletesAt: isoTime,
  revokedAt: isoTime.nullable(),
  revokedReason: z.string().nullable(),
  revokedBy: Actor.nullable(),
  lastUsedAt: isoTime.nullable(),
  /** Masked: IPv4 keeps its /24, IPv6 its /48. */
  lastUsedIp: z.string().nullable(),
  /** Rotation chain: the key this one replaced, and the key that replaced it. */
  rotatedFromId: z.string().nullable(),
  rotatedToId: z.string().nullable(),
  /** While a rotation overlap runs on this (old) key: when it stops working. */
  overlapEndsAt: isoTime.nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const CreateApiKeyRequest = z
  .strictObject({
    name: displayText(z.string().trim().min(1).max(100)),
    scope: KeyScope,
    environment: KeyEnvironment.optional(),
    options: OnPremiseOptions.optional(),
    scimCustomAttributes: z.boolean().optional(),
    /** Default and maximum: one year from now. */
    expiresAt: isoTime.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.options !== undefined && body.scope !== 'on_premise') {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'options apply to on_premise keys only' });
    }
    if (body.scimCustomAttributes !== undefined && body.scope !== 'scim') {
      ctx.addIssue({
        code: 'custom',
        path: ['scimCustomAttributes'],
        message: 'scimCustomAttributes applies to scim keys only',
      });
    }
  });
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequest>;

export const CreateApiKeyResponse = z.object({ apiKey: ApiKey, secret: z.string() });
export type CreateApiKeyResponse = z.infer<typeof CreateApiKeyResponse>;

export const ListApiKeysQuery = z.strictObject({
  status: KeyStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().optional(),
});
export type ListApiKeysQuery = z.infer<typeof ListApiKeysQuery>;

export const ListApiKeysResponse = z.object({ data: z.array(ApiKey), nextCursor: z.string().nullable() });
export type ListApiKeysResponse = z.infer<typeof ListApiKeysResponse>;

export const UpdateApiKeyRequest = z.strictObject({
  name: displayText(z.string().trim().min(1).max(100)).optional(),
  options: OnPremiseOptions.optional(),
});
export type UpdateApiKeyRequest = z.infer<typeof UpdateApiKeyRequest>;

export const RevokeApiKeyRequest = z.strictObject({ reason: displayText(z.string().max(500)).optional() });
export type RevokeApiKeyRequest = z.infer<typeof RevokeApiKeyRequest>;

export const RotateApiKeyRequest = z.strictObject({
  overlapSeconds: z.number().int().min(0).max(MAX_OVERLAP_SECONDS),
});
export type RotateApiKeyRequest = z.infer<typeof RotateApiKeyRequest>;

export const RotateApiKeyResponse = z.object({ apiKey: ApiKey, secret: z.string(), previous: ApiKey });
export type RotateApiKeyResponse = z.infer<typeof RotateApiKeyResponse>;

export function keyStatusAt(key: { expiresAt: string; revokedAt: string | null }, now: Date): KeyStatus {
  if (key.revokedAt !== null && Date.parse(key.revokedAt) <= now.getTime()) return 'revoked';
  const expiresAt = Date.parse(key.expiresAt);
  if (expiresAt <= now.getTime()) return 'expired';
  if (expiresAt - now.getTime() <= EXPIRY_WARNING_DAYS * DAY_MS) return 'expiring';
  return 'active';
}
