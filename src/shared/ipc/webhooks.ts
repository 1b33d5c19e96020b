/**
 * A workspace's webhooks in the IPC contract: list, add (the signing secret shown once and kept
 * in the keychain), remove, deliveries with their status, a test event, a redelivery.
 */
import { z } from 'zod';
import { CreateWebhookRequest, Webhook, WebhookDelivery } from '../api/index.ts';
import { WorkspaceRef } from './workspaces.ts';

const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const WebhookView = Webhook.extend({
  /** Whether this device's keychain holds the webhook's signing secret. */
  secretInVault: z.boolean(),
});
export type WebhookView = z.infer<typeof WebhookView>;

export const AddWebhookInput = WorkspaceRef.extend(CreateWebhookRequest.shape);
export type AddWebhookInput = z.input<typeof AddWebhookInput>;

export const AddedWebhook = z.object({
  webhook: WebhookView,
  /** Shown once: the renderer drops it when the view closes. */
  secret: z.string(),
  storedInKeychain: z.boolean(),
  keychainWarning: z.string().nullable(),
});
export type AddedWebhook = z.infer<typeof AddedWebhook>;

export const WebhookRef = WorkspaceRef.extend({ webhookId: z.string().min(1).max(100) });
export type WebhookRef = z.infer<typeof WebhookRef>;

export const WebhookDeliveriesInput = WebhookRef.extend({
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type WebhookDeliveriesInput = z.input<typeof WebhookDeliveriesInput>;

export const WebhookDeliveriesView = z.object({
  /** Newest first. */
  deliveries: z.array(WebhookDelivery),
  nextCursor: z.string().nullable(),
});
export type WebhookDeliveriesView = z.infer<typeof WebhookDeliveriesView>;

export const RedeliverInput = WebhookRef.extend({ deliveryId: z.string().min(1).max(100) });

export const webhookChannels = {
  'webhooks:list': channel(WorkspaceRef, z.array(WebhookView)),
  'webhooks:add': channel(AddWebhookInput, AddedWebhook),
  /** Removes it at the service and its secret from the keychain. */
  'webhooks:remove': channel(WebhookRef, z.object({ removed: z.literal(true) })),
  'webhooks:deliveries': channel(WebhookDeliveriesInput, WebhookDeliveriesView),
  /** Sends the webhook a `webhook.test` event; answers with the queued delivery. */
  'webhooks:test': channel(WebhookRef, WebhookDelivery),
  'webhooks:redeliver': channel(RedeliverInput, WebhookDelivery),
} as const;
