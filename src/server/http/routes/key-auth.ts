import { VerifyRequest, VerifyResponse, WhoAmIResponse } from '../../../shared/api.ts';
import { maskIp } from '../../domain/ip.ts';
import { ROLES_THAT_VERIFY } from '../../services/authenticator.ts';
import { summarizeApiKey, summarizeWorkspace } from '../../services/present.ts';
import { defineRoute, type AnyRoute } from '../route-registry.ts';
import type { Services } from '../services.ts';

const tag = 'Key authentication';

export function keyAuthRoutes(services: Services): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/whoami',
      summary: 'The workspace and key behind an lsk_ key (seed 002: the key alone selects the workspace)',
      tag,
      access: { kind: 'api_key' },
      response: WhoAmIResponse,
      handle: ({ caller }) => ({
        workspace: summarizeWorkspace(services.workspaces.snapshot),
        apiKey: caller.apiKey ? summarizeApiKey(caller.apiKey) : null,
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/verify',
      summary: 'Check a key on behalf of a service; a valid check counts as a use of the key',
      tag,
      access: { kind: 'admin', roles: ROLES_THAT_VERIFY },
      body: VerifyRequest,
      response: VerifyResponse,
      handle: async ({ body }) => {
        const result = await services.authenticator.verifyKey(body.key);
        if (!result.ok) return { valid: false, code: 'invalid_key' };
        const key = result.value;
        if (body.requiredScope !== undefined && key.scope !== body.requiredScope) {
          return { valid: false, code: 'insufficient_scope' };
        }
        services.usage.record({
          keyId: key.id,
          at: services.clock.now().toISOString(),
          ip: maskIp(body.ip),
          userAgent: body.userAgent ?? null,
        });
        return {
          valid: true,
          apiKey: summarizeApiKey(key),
          workspace: summarizeWorkspace(services.workspaces.snapshot),
        };
      },
    }),
  ];
}
