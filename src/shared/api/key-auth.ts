/** Endpoints a holder of an API key calls: `GET /v1/whoami`, and `POST /v1/verify` for services checking a key. */
import { z } from 'zod';
import { ApiKey, KeyScope } from './keys.ts';
import { WorkspaceSummary } from './workspace.ts';

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
