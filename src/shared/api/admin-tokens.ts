/** `/v1/admin-token` and `/v1/admin-tokens`: the credentials people and programs manage a workspace with. */
import { z } from 'zod';
import { isoTime } from './common.ts';

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
