import { VerifyRequest, VerifyResponse, WhoAmIResponse } from '../../../shared/api/index.ts';
import { maskIp } from '../../domain/ip.ts';
import { ProblemError } from '../../domain/result.ts';
import { ROLES_THAT_VERIFY } from '../../services/authenticator.ts';
import { summarizeApiKey, summarizeWorkspace } from '../../services/present.ts';
import { defineRoute, type AnyRoute } from '../route-registry.ts';
import type { Services } from '../services.ts';
import type { ApiKeyRecord, WorkspaceRecord } from '../../storage/repositories.ts';

const tag = 'Key authentication';

export function keyAuthRoutes(services: Services): AnyRoute[] {
  const whoamiBodies = new WeakMap<ApiKeyRecord, { workspace: WorkspaceRecord; body: string }>();
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/whoami',
      summary: 'The workspace and key behind an lsk_ key (the key alone selects the workspace)',
      tag,
      access: { kind: 'api_key' },
      response: WhoAmIResponse,
      handle: ({ caller, reply }) => {
        const key = caller.apiKey;
        if (!key) return null;
        // Hot path: the body is serialised once per (key, workspace) version. The authenticator
        // and the workspace service replace their record objects on every change, so identity
        // is the version and a stale body can never be served.
        const workspace = services.workspaces.snapshot;
        let cached = whoamiBodies.get(key);
        if (cached?.workspace !== workspace) {
          cached = {
            workspace,
            body: JSON.stringify({ workspace: summarizeWorkspace(workspace), apiKey: summarizeApiKey(key) }),
          };
          whoamiBodies.set(key, cached);
        }
        reply.type('application/json; charset=utf-8');
        return cached.body;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/verify',
      summary: 'Check a key on behalf of a service; a valid check counts as a use of the key',
      tag,
      access: { kind: 'admin', roles: ROLES_THAT_VERIFY },
      body: VerifyRequest,
      response: VerifyResponse,
      handle: async ({ body, request }) => {
        // Guesses are counted for the client the service checks the key for, so a service
        // fronting many clients is not throttled as one; without it, for the service itself.
        const result = await services.authenticator.authenticateKey(body.key, body.ip ?? request.ip);
        if (!result.ok && result.problem.code === 'rate_limited') throw new ProblemError(result.problem);
        if (!result.ok) return { valid: false, code: 'invalid_key' };
        const key = result.value;
        if (body.requiredScope !== undefined && key.scope !== body.requiredScope) {
          return { valid: false, code: 'insufficient_scope' };
        }
        services.usage.record({
          keyId: key.id,
          atMs: services.clock.now().getTime(),
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
