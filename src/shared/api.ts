/**
 * The management service's HTTP contract: one zod schema per request and response body.
 * The server validates with these and builds its OpenAPI document from them; the desktop
 * client parses every response with them. Runs anywhere (no node:* imports).
 */
import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Keys are valid for one year from creation (seed 000, "API Key Expiration"). */
export const KEY_VALIDITY_DAYS = 365;
/** The owner is warned one month before expiry. */
export const EXPIRY_WARNING_DAYS = 30;
/** Expired keys are deleted automatically three months after expiry. */
export const DELETE_AFTER_EXPIRY_DAYS = 90;
/** Rotation overlap: both keys live for at most a week. */
export const MAX_OVERLAP_SECONDS = 7 * 24 * 60 * 60;

// ---------------------------------------------------------------- errors

/** Stable error codes: clients pin their handling to these, never to the human message. */
export const ErrorCode = z.enum([
  'invalid_key',
  'forbidden',
  'insufficient_scope',
  'invalid_request',
  'not_found',
  'conflict',
  'rate_limited',
  'internal_error',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FieldError = z.object({ path: z.string(), message: z.string() });
export const ErrorBody = z.object({
  error: z.string(),
  code: ErrorCode,
  message: z.string().optional(),
  fields: z.array(FieldError).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

// ---------------------------------------------------------------- text shown to people

/**
 * Control characters (U+0000–U+001F, U+007F) and bidirectional overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) are refused in text that other people read: they break table and
 * terminal output, and a bidi override can make "Prod key" display as something else.
 */
export function hasUnsafeDisplayCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code <= 0x1f || code === 0x7f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
      return true;
    }
  }
  return false;
}

export const UNSAFE_DISPLAY_TEXT_MESSAGE =
  'must not contain control characters or bidirectional-override characters, which can disguise what the text says';

/** A string people will read in lists, the audit trail or a terminal: see `hasUnsafeDisplayCharacter`. */
export function displayText(schema: z.ZodString): z.ZodString {
  return schema.refine((text) => !hasUnsafeDisplayCharacter(text), { message: UNSAFE_DISPLAY_TEXT_MESSAGE });
}

// ---------------------------------------------------------------- workspace

export const Workspace = z.object({
  id: z.string(),
  name: z.string(),
  brand: z.string().nullable(),
  region: z.string().nullable(),
  replyTo: z.string().nullable(),
  /** Seed 000: the SCIM custom-attributes toggle applies to every SCIM key of the workspace. */
  scimCustomAttributes: z.boolean(),
  createdAt: isoTime,
});
export type Workspace = z.infer<typeof Workspace>;

export const UpdateWorkspaceRequest = z.strictObject({
  name: displayText(z.string().trim().min(1).max(100)).optional(),
  brand: displayText(z.string().max(100)).nullable().optional(),
  region: displayText(z.string().max(50)).nullable().optional(),
  replyTo: z.email().nullable().optional(),
  scimCustomAttributes: z.boolean().optional(),
});
export type UpdateWorkspaceRequest = z.infer<typeof UpdateWorkspaceRequest>;

// ---------------------------------------------------------------- API keys

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

/** On Premise options (seed 000 §1.2); editable after creation. */
export const OnPremiseOptions = z.strictObject({
  retrieveSignatures: z.boolean().optional(),
  sendDirectoryInfo: z.boolean().optional(),
});
export type OnPremiseOptions = z.infer<typeof OnPremiseOptions>;

export const Actor = z.object({
  type: z.enum(['admin_token', 'system', 'api_key']),
  id: z.string().nullable(),
  name: z.string(),
});
export type Actor = z.infer<typeof Actor>;

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

export const UsageQuery = z.strictObject({ days: z.coerce.number().int().min(1).max(365).default(30) });
export const KeyUsage = z.object({
  keyId: z.string(),
  days: z.array(z.object({ date: z.string(), requests: z.number().int() })),
  totalRequests: z.number().int(),
  lastUsedAt: isoTime.nullable(),
  lastUsedIp: z.string().nullable(),
});
export type KeyUsage = z.infer<typeof KeyUsage>;

// ---------------------------------------------------------------- audit

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

// ---------------------------------------------------------------- webhooks

export const WebhookEventType = AuditEventType;
/**
 * A receiver's address. Credentials in it are refused: the URL is shown to auditors (list and
 * audit trail), and receivers authenticate deliveries by their signature instead.
 */
export const WebhookUrl = z.url({ protocol: /^https?$/, error: 'url must be an http:// or https:// address' }).refine(
  (url) => {
    const parsed = URL.parse(url);
    return parsed !== null && parsed.username === '' && parsed.password === '';
  },
  {
    message:
      'url must not contain a user name or password, because webhook URLs are shown to auditors; check the webhook-signature header in the receiver instead',
  },
);

export const CreateWebhookRequest = z.strictObject({
  url: WebhookUrl,
  events: z.array(WebhookEventType).min(1),
});
export type CreateWebhookRequest = z.infer<typeof CreateWebhookRequest>;

export const Webhook = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(WebhookEventType),
  createdAt: isoTime,
});
export type Webhook = z.infer<typeof Webhook>;

export const CreateWebhookResponse = z.object({ webhook: Webhook, secret: z.string() });
export const ListWebhooksResponse = z.object({ data: z.array(Webhook) });

// ---------------------------------------------------------------- key-authenticated endpoints

export const WorkspaceSummary = Workspace.pick({ id: true, name: true, brand: true, region: true, replyTo: true });
export type WorkspaceSummary = z.infer<typeof WorkspaceSummary>;

export const WhoAmIResponse = z.object({
  workspace: WorkspaceSummary,
  apiKey: ApiKey.pick({ id: true, name: true, prefix: true, scope: true, options: true }),
});
export type WhoAmIResponse = z.infer<typeof WhoAmIResponse>;

export const VerifyRequest = z.strictObject({
  key: z.string().max(200),
  requiredScope: KeyScope.optional(),
  ip: z.string().max(64).optional(),
  userAgent: z.string().max(500).optional(),
});
export type VerifyRequest = z.infer<typeof VerifyRequest>;

export const VerifyResponse = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(true), apiKey: WhoAmIResponse.shape.apiKey, workspace: WorkspaceSummary }),
  z.object({ valid: z.literal(false), code: z.enum(['invalid_key', 'insufficient_scope']) }),
]);
export type VerifyResponse = z.infer<typeof VerifyResponse>;

// ---------------------------------------------------------------- admin tokens

export const AdminRole = z.enum(['owner', 'admin', 'auditor', 'verifier']);
export type AdminRole = z.infer<typeof AdminRole>;

/** `GET /v1/admin-token`: who the caller's admin token is. Lets a client check a URL and token. */
export const AdminTokenInfo = z.object({ id: z.string(), name: z.string(), role: AdminRole, workspaceId: z.string() });
export type AdminTokenInfo = z.infer<typeof AdminTokenInfo>;

/** `GET /v1/admin-tokens` (owners only): every token, revoked ones included; never the secret or its hash. */
export const AdminTokenSummary = z.object({
  id: z.string(),
  name: z.string(),
  role: AdminRole,
  /** First 12 characters of the token: a non-secret label such as `lsa_a1b2c3d4`. */
  prefix: z.string(),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
});
export type AdminTokenSummary = z.infer<typeof AdminTokenSummary>;

export const ListAdminTokensResponse = z.object({ data: z.array(AdminTokenSummary) });
export type ListAdminTokensResponse = z.infer<typeof ListAdminTokensResponse>;

// ---------------------------------------------------------------- pure helpers

export function keyStatusAt(key: { expiresAt: string; revokedAt: string | null }, now: Date): KeyStatus {
  if (key.revokedAt !== null && Date.parse(key.revokedAt) <= now.getTime()) return 'revoked';
  const expiresAt = Date.parse(key.expiresAt);
  if (expiresAt <= now.getTime()) return 'expired';
  if (expiresAt - now.getTime() <= EXPIRY_WARNING_DAYS * DAY_MS) return 'expiring';
  return 'active';
}
