import { createHmac, randomBytes } from 'node:crypto';
import type {
  CreateWebhookRequest,
  Webhook,
  WebhookDeliveriesQuery,
  WebhookDeliveriesResponse,
  WebhookDeliveryQueued,
} from '../../shared/api/index.ts';
import type { Clock } from '../../shared/clock.ts';
import { decodeCursor, encodeCursor } from '../domain/cursor.ts';
import { newId } from '../domain/ids.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { nonPublicHostReason, refusedDestinationMessage } from '../domain/webhook-destination.ts';
import type { Storage, WebhookRecord } from '../storage/repositories.ts';
import type { AuditTrail, RequestContext } from './audit-trail.ts';
import { invalidField } from './api-keys.ts';
import { presentWebhook } from './present.ts';
import type { WebhookOutbox } from './webhook-dispatcher.ts';

export interface WebhookServiceOptions {
  allowPrivateDestinations: boolean;
  /** Sends deliveries this service queues itself (redeliveries). */
  outbox: WebhookOutbox;
}

export class WebhookService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #audit: AuditTrail;
  readonly #allowPrivateDestinations: boolean;
  readonly #outbox: WebhookOutbox;

  constructor(storage: Storage, clock: Clock, audit: AuditTrail, options: WebhookServiceOptions) {
    this.#storage = storage;
    this.#clock = clock;
    this.#audit = audit;
    this.#allowPrivateDestinations = options.allowPrivateDestinations;
    this.#outbox = options.outbox;
  }

  async create(
    context: RequestContext,
    workspaceId: string,
    request: CreateWebhookRequest,
  ): Promise<Result<{ webhook: Webhook; secret: string }>> {
    if (!this.#allowPrivateDestinations) {
      const { hostname } = new URL(request.url);
      const reason = nonPublicHostReason(hostname);
      if (reason) return invalidField('url', refusedDestinationMessage(hostname, reason));
    }
    const webhook: WebhookRecord = {
      id: newId('whk'),
      workspaceId,
      url: request.url,
      events: [...new Set(request.events)],
      secret: `whsec_${randomBytes(32).toString('base64')}`,
      createdAt: this.#clock.now().toISOString(),
    };
    const events = [this.#audit.event('webhook.created', context, null, { webhookId: webhook.id, url: webhook.url })];
    await this.#storage.webhooks.insert(webhook, events);
    this.#audit.committed(events);
    return ok({ webhook: presentWebhook(webhook), secret: webhook.secret });
  }

  async list(): Promise<Webhook[]> {
    return (await this.#storage.webhooks.list()).map(presentWebhook);
  }

  async delete(context: RequestContext, id: string): Promise<Result<null>> {
    const webhook = await this.#storage.webhooks.findById(id);
    if (!webhook) return noSuchWebhook();
    const events = [this.#audit.event('webhook.deleted', context, null, { webhookId: id, url: webhook.url })];
    await this.#storage.webhooks.delete(id, events);
    this.#audit.committed(events);
    return ok(null);
  }

  /** The webhook's deliveries, newest first. */
  async deliveries(webhookId: string, query: WebhookDeliveriesQuery): Promise<Result<WebhookDeliveriesResponse>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (after === null) return invalidField('cursor', 'cursor is not one this service issued');
    if (!(await this.#storage.webhooks.findById(webhookId))) return noSuchWebhook();
    const page = await this.#storage.webhooks.deliveries(webhookId, query.limit, after);
    return ok({ data: page.rows, nextCursor: encodeCursor(page.next) });
  }

  /**
   * Sends the webhook a `webhook.test` event, whatever it subscribed to, like any other event
   * (signed, retried, listed). The event stays in the audit trail: who tested which receiver.
   */
  async sendTest(context: RequestContext, webhookId: string): Promise<Result<WebhookDeliveryQueued>> {
    const webhook = await this.#storage.webhooks.findById(webhookId);
    if (!webhook) return noSuchWebhook();
    const event = this.#audit.event('webhook.test', context, null, { webhookId, url: webhook.url });
    const deliveryId = newId('dlv');
    await this.#storage.webhooks.insertTestEvent(webhookId, deliveryId, event);
    const delivery = await this.#storage.webhooks.findDelivery(webhookId, deliveryId);
    this.#audit.committed([event]);
    return delivery ? ok({ delivery }) : noSuchWebhook();
  }

  /**
   * Sends a delivery's event again as a new delivery with its own attempts; the original stays as
   * it was. The receiver sees the same `webhook-id`, so it can tell it already has the event.
   */
  async redeliver(webhookId: string, deliveryId: string): Promise<Result<WebhookDeliveryQueued>> {
    const original = await this.#storage.webhooks.findDelivery(webhookId, deliveryId);
    if (!original) {
      return fail('not_found', 'No delivery with this id exists for this webhook; list its deliveries to find one.');
    }
    const id = newId('dlv');
    await this.#storage.webhooks.redeliver(original, id, this.#clock.now().toISOString());
    const delivery = await this.#storage.webhooks.findDelivery(webhookId, id);
    if (!delivery) return noSuchWebhook();
    this.#outbox.send([id]);
    return ok({ delivery });
  }
}

function noSuchWebhook<T>(): Result<T> {
  return fail('not_found', 'No webhook with this id exists in the workspace.');
}

/** Standard Webhooks signature: base64 HMAC-SHA256 of `id.timestamp.body`, keyed by the secret's bytes. */
export function signWebhook(secret: string, messageId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`).digest('base64')}`;
}
