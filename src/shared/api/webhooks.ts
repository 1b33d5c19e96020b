/** `/v1/webhooks`: receivers that are sent the workspace's audit events as they happen. */
import { z } from 'zod';
import { AuditEventType } from './audit.ts';
import { isoTime } from './common.ts';

/** What a webhook can subscribe to: every audit event but the test event, sent only when asked for. */
export const WebhookEventType = AuditEventType.exclude(['webhook.test']);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** Longer URLs are refused: browsers, proxies and logs cut them around this length. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * A receiver's address. Credentials in it are refused: the URL is shown to auditors (list and
 * audit trail), and receivers authenticate deliveries by their signature instead.
 */
export const WebhookUrl = z
  .url({ protocol: /^https?$/, error: 'url must be an http:// or https:// address' })
  .max(MAX_WEBHOOK_URL_LENGTH, { error: `url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters long` })
  .refine(
    (url) => {
      const parsed = URL.parse(url);
      return parsed !== null && parsed.username === '' && parsed.password === '';
    },
    {
      message:
        'url must not contain a user name or password, because webhook URLs are shown to auditors; check the webhook-signature header in the receiver instead',
    },
  );

export const CreateWebhookRequest = z.strictObject({
  url: WebhookUrl,
  // A longer list can only repeat a type; the bound also keeps a huge array from being read at all.
  events: z.array(WebhookEventType).min(1).max(WebhookEventType.options.length),
});
export type CreateWebhookRequest = z.infer<typeof CreateWebhookRequest>;

export const Webhook = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(WebhookEventType),
  createdAt: isoTime,
});
export type Webhook = z.infer<typeof Webhook>;

export const CreateWebhookResponse = z.object({ webhook: Webhook, secret: z.string() });
export const ListWebhooksResponse = z.object({ data: z.array(Webhook) });

/**
 * One event sent to one webhook, with every attempt it took. Attempts stop once the receiver
 * answers 2xx or the retries run out; a redelivery is a new delivery of the same event (same
 * `webhook-id` header, so a receiver can tell it already has it).
 */
export const WebhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

export const WebhookDelivery = z.object({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  eventType: AuditEventType,
  /** pending: an attempt is due at `nextAttemptAt`; delivered: a 2xx came back; failed: retries ran out. */
  status: WebhookDeliveryStatus,
  /** Attempts made so far. */
  attempts: z.number().int().min(0),
  /** The last attempt's HTTP status; null before the first or when no answer came. */
  responseCode: z.number().int().nullable(),
  /** Why the last attempt failed (the start of the receiver's answer, a timeout…); null when it did not. */
  error: z.string().nullable(),
  /** When the next attempt is due (a retry once `attempts` > 0); null once delivered or failed. */
  nextAttemptAt: isoTime.nullable(),
  /** When the delivery was queued. */
  createdAt: isoTime,
  lastAttemptAt: isoTime.nullable(),
  /** The delivery this one redelivers, if it is a redelivery. */
  redeliveryOf: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});
export type WebhookDeliveriesQuery = z.infer<typeof WebhookDeliveriesQuery>;

/** Newest first. */
export const WebhookDeliveriesResponse = z.object({
  data: z.array(WebhookDelivery),
  nextCursor: z.string().nullable(),
});
export type WebhookDeliveriesResponse = z.infer<typeof WebhookDeliveriesResponse>;

/** `POST /v1/webhooks/:id/test` and `…/deliveries/:deliveryId/redeliver` (202): the delivery queued. */
export const WebhookDeliveryQueued = z.object({ delivery: WebhookDelivery });
export type WebhookDeliveryQueued = z.infer<typeof WebhookDeliveryQueued>;
