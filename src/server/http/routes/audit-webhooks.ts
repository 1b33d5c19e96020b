import {
  AuditEventsQuery,
  AuditEventsResponse,
  CreateWebhookRequest,
  CreateWebhookResponse,
  ListWebhooksResponse,
} from '../../../shared/api/index.ts';
import { decodeCursor, encodeCursor } from '../../domain/cursor.ts';
import { ProblemError } from '../../domain/result.ts';
import { ROLES_THAT_MANAGE, ROLES_THAT_READ } from '../../services/authenticator.ts';
import { defineRoute, unwrap, type AnyRoute } from '../route-registry.ts';
import type { Services } from '../services.ts';

export function auditAndWebhookRoutes(services: Services): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/audit-events',
      summary: 'The audit trail, newest first',
      tag: 'Audit',
      access: { kind: 'admin', roles: ROLES_THAT_READ },
      query: AuditEventsQuery,
      response: AuditEventsResponse,
      handle: async ({ query }) => {
        const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
        if (after === null) {
          const message = 'cursor is not one this service issued';
          throw new ProblemError({ code: 'invalid_request', message, fields: [{ path: 'cursor', message }] });
        }
        const page = await services.storage.audit.list({
          ...(query.keyId !== undefined ? { keyId: query.keyId } : {}),
          ...(query.type !== undefined ? { type: query.type } : {}),
          ...(query.actorId !== undefined ? { actorId: query.actorId } : {}),
          ...(query.since !== undefined ? { since: new Date(query.since).toISOString() } : {}),
          ...(query.until !== undefined ? { until: new Date(query.until).toISOString() } : {}),
          limit: query.limit,
          ...(after ? { after } : {}),
        });
        return { data: page.rows, nextCursor: encodeCursor(page.next) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/webhooks',
      summary: 'Register a webhook; its signing secret is returned this once',
      tag: 'Webhooks',
      access: { kind: 'admin', roles: ROLES_THAT_MANAGE },
      body: CreateWebhookRequest,
      status: 201,
      response: CreateWebhookResponse,
      handle: async ({ body, caller }) =>
        unwrap(await services.webhooks.create(caller.context, services.workspaces.snapshot.id, body)),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/webhooks',
      summary: 'Registered webhooks',
      tag: 'Webhooks',
      access: { kind: 'admin', roles: ROLES_THAT_READ },
      response: ListWebhooksResponse,
      handle: async () => ({ data: await services.webhooks.list() }),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/webhooks/:id',
      summary: 'Remove a webhook',
      tag: 'Webhooks',
      access: { kind: 'admin', roles: ROLES_THAT_MANAGE },
      status: 204,
      handle: async ({ params, caller }) => unwrap(await services.webhooks.delete(caller.context, params.id ?? '')),
    }),
  ];
}
