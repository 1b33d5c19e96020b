import { AdminTokenSummary, ListAdminTokensResponse } from '../../../shared/api/index.ts';
import { defineRoute, unwrap, type AnyRoute, type RouteAccess } from '../route-registry.ts';
import type { Services } from '../services.ts';

const tag = 'Admin tokens';

/** Owners only: an admin who could revoke the owner's token could take the workspace over. */
const OWNERS: RouteAccess = { kind: 'admin', roles: ['owner'] };

export function adminTokenRoutes(services: Services): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/admin-tokens',
      summary: 'Every admin token of the workspace, revoked ones included (never the token itself)',
      tag,
      access: OWNERS,
      response: ListAdminTokensResponse,
      handle: async () => ({ data: await services.adminTokens.list() }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/admin-tokens/:id/revoke',
      summary: 'Revoke an admin token: permanent, immediate and idempotent; the last active owner token is kept',
      tag,
      access: OWNERS,
      response: AdminTokenSummary,
      handle: async ({ params, caller }) => unwrap(await services.adminTokens.revoke(caller.context, params.id ?? '')),
    }),
  ];
}
