import { AdminTokenInfo, UpdateWorkspaceRequest, Workspace } from '../../../shared/api/index.ts';
import { ALL_ROLES, ROLES_THAT_MANAGE, ROLES_THAT_READ } from '../../services/authenticator.ts';
import { presentWorkspace } from '../../services/present.ts';
import { defineRoute, unwrap, type AnyRoute } from '../route-registry.ts';
import type { Services } from '../services.ts';

const tag = 'Workspace';

export function workspaceRoutes(services: Services): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/workspace',
      summary: 'The workspace this service manages',
      tag,
      access: { kind: 'admin', roles: ROLES_THAT_READ },
      response: Workspace,
      handle: async () => presentWorkspace(await services.workspaces.current()),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/v1/workspace',
      summary: 'Change the name, brand, region, reply-to address or the SCIM custom-attributes toggle',
      tag,
      access: { kind: 'admin', roles: ROLES_THAT_MANAGE },
      body: UpdateWorkspaceRequest,
      response: Workspace,
      handle: async ({ body, caller }) =>
        presentWorkspace(unwrap(await services.workspaces.update(caller.context, body))),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin-token',
      summary: "The caller's admin token: lets a client check a URL and token",
      tag,
      access: { kind: 'admin', roles: ALL_ROLES },
      response: AdminTokenInfo,
      handle: ({ caller }) => {
        const token = caller.adminToken;
        return token ? { id: token.id, name: token.name, role: token.role, workspaceId: token.workspaceId } : null;
      },
    }),
  ];
}
