/**
 * The audit log's, a key's usage and the webhooks' IPC channels, each a thin call into its
 * service; the core's handler map takes them whole.
 */
import type { auditChannels, IpcHandlers, webhookChannels } from '../../../shared/ipc/index.ts';
import type { AuditService } from './audit-service.ts';
import type { KeyUsageService } from './key-usage.ts';
import type { WebhookService } from './webhook-service.ts';

export type AuditChannel = keyof typeof auditChannels | keyof typeof webhookChannels;

export function auditHandlers(deps: {
  audit: AuditService;
  usage: KeyUsageService;
  webhooks: WebhookService;
}): Pick<IpcHandlers, AuditChannel> {
  const { audit, usage, webhooks } = deps;
  return {
    'audit:query': async ({ cursor, limit, ...filters }) => audit.page(filters, limit, cursor),
    'audit:facets': async () => audit.facets(),
    'audit:status': async () => audit.status(),
    'audit:sync': (input) => audit.sync(input?.workspaceId, { recheck: input?.recheck === true }),
    'audit:export': (filters) => audit.export(filters),
    'keys:usage': ({ workspaceId, keyId }) => usage.usage(workspaceId, keyId),

    'webhooks:list': ({ workspaceId }) => webhooks.list(workspaceId),
    'webhooks:add': ({ workspaceId, url, events }) => webhooks.add(workspaceId, { url, events }),
    'webhooks:remove': ({ workspaceId, webhookId }) => webhooks.remove(workspaceId, webhookId),
    'webhooks:deliveries': ({ workspaceId, webhookId, limit, cursor }) =>
      webhooks.deliveries(workspaceId, webhookId, limit, cursor),
    'webhooks:test': ({ workspaceId, webhookId }) => webhooks.test(workspaceId, webhookId),
    'webhooks:redeliver': ({ workspaceId, webhookId, deliveryId }) =>
      webhooks.redeliver(workspaceId, webhookId, deliveryId),
  };
}
