/** `/v1/webhooks`: receivers that are sent the workspace's audit events as they happen. */
import { z } from 'zod';
import { AuditEventType } from './audit.ts';
import { isoTime } from './common.ts';

export const WebhookEventType = AuditEventType;

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
  events: z.array(WebhookEventType).min(1),
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
