import {
  ApiKey,
  CreateApiKeyRequest,
  CreateApiKeyResponse,
  KeyUsage,
  KeyUses,
  KeyUsesQuery,
  ListApiKeysQuery,
  ListApiKeysResponse,
  RevokeApiKeyRequest,
  RotateApiKeyRequest,
  RotateApiKeyResponse,
  UpdateApiKeyRequest,
  UsageQuery,
} from '../../../shared/api/index.ts';
import { ROLES_THAT_MANAGE, ROLES_THAT_READ } from '../../services/authenticator.ts';
import { defineRoute, unwrap, type AnyRoute } from '../route-registry.ts';
import type { Services } from '../services.ts';

const manage = { kind: 'admin', roles: ROLES_THAT_MANAGE } as const;
const read = { kind: 'admin', roles: ROLES_THAT_READ } as const;
const tag = 'API keys';

export function apiKeyRoutes(services: Services): AnyRoute[] {
  const keys = services.apiKeys;
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/api-keys',
      summary: 'Create an API key; its secret is returned this once',
      tag,
      access: manage,
      body: CreateApiKeyRequest,
      status: 201,
      response: CreateApiKeyResponse,
      handle: async ({ body, caller }) => unwrap(await keys.create(caller.context, body)),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/api-keys',
      summary: 'List API keys, newest first',
      tag,
      access: read,
      query: ListApiKeysQuery,
      response: ListApiKeysResponse,
      handle: async ({ query }) => unwrap(await keys.list(query)),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/api-keys/:id',
      summary: 'Get one API key',
      tag,
      access: read,
      response: ApiKey,
      handle: async ({ params }) => unwrap(await keys.get(params.id ?? '')),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/v1/api-keys/:id',
      summary: 'Rename a key or change its On Premise options',
      tag,
      access: manage,
      body: UpdateApiKeyRequest,
      response: ApiKey,
      handle: async ({ params, body, caller }) => unwrap(await keys.update(caller.context, params.id ?? '', body)),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/api-keys/:id/revoke',
      summary: 'Revoke a key permanently, effective immediately',
      tag,
      access: manage,
      body: RevokeApiKeyRequest,
      response: ApiKey,
      handle: async ({ params, body, caller }) =>
        unwrap(await keys.revoke(caller.context, params.id ?? '', body.reason)),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/api-keys/:id/rotate',
      summary: 'Issue a successor; the old key keeps working until the overlap ends',
      tag,
      access: manage,
      body: RotateApiKeyRequest,
      status: 201,
      response: RotateApiKeyResponse,
      handle: async ({ params, body, caller }) =>
        unwrap(await keys.rotate(caller.context, params.id ?? '', body.overlapSeconds)),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/api-keys/:id/usage',
      summary: 'Requests per day, and when and from where the key was last used',
      tag,
      access: read,
      query: UsageQuery,
      response: KeyUsage,
      handle: async ({ params, query }) => unwrap(await keys.usage(params.id ?? '', query.days)),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/api-keys/:id/uses',
      summary: 'Recent requests with the key since a time: when, masked IP, user agent and count, newest first',
      tag,
      access: read,
      query: KeyUsesQuery,
      response: KeyUses,
      handle: async ({ params, query }) => unwrap(await keys.uses(params.id ?? '', query.since, query.limit)),
    }),
  ];
}
