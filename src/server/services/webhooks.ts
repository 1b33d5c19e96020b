import { createHmac, randomBytes } from 'node:crypto';
import type { AuditEvent, CreateWebhookRequest, Webhook } from '../../shared/api/index.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../domain/ids.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { nonPublicHostReason, refusedDestinationMessage } from '../domain/webhook-destination.ts';
import type { Storage, WebhookRecord } from '../storage/repositories.ts';
import type { AuditSubscriber, AuditTrail, RequestContext } from './audit-trail.ts';
import { invalidField } from './api-keys.ts';
import { presentWebhook } from './present.ts';
import type { DeliverWebhook } from './webhook-delivery.ts';

export const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 25_000];

export class WebhookService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #audit: AuditTrail;
  readonly #allowPrivateDestinations: boolean;

  constructor(storage: Storage, clock: Clock, audit: AuditTrail, options: { allowPrivateDestinations: boolean }) {
    this.#storage = storage;
    this.#clock = clock;
    this.#audit = audit;
    this.#allowPrivateDestinations = options.allowPrivateDestinations;
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
    if (!webhook) return fail('not_found', 'No webhook with this id exists in the workspace.');
    const events = [this.#audit.event('webhook.deleted', context, null, { webhookId: id, url: webhook.url })];
    await this.#storage.webhooks.delete(id, events);
    this.#audit.committed(events);
    return ok(null);
  }
}

/** Standard Webhooks signature: base64 HMAC-SHA256 of `id.timestamp.body`, keyed by the secret's bytes. */
export function signWebhook(secret: string, messageId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`).digest('base64')}`;
}

export interface WebhookDispatcherOptions {
  storage: Storage;
  clock: Clock;
  deliver: DeliverWebhook;
  retryDelaysMs?: number[];
  onError?: (error: unknown) => void;
}

/**
 * Delivers committed audit events to subscribed webhooks, retrying with exponential backoff and
 * logging every attempt. Runs off the request path; close() stops retries and awaits attempts.
 */
export class WebhookDispatcher implements AuditSubscriber {
  readonly #options: WebhookDispatcherOptions;
  readonly #retryDelaysMs: number[];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(options: WebhookDispatcherOptions) {
    this.#options = options;
    this.#retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  publish(events: AuditEvent[]): void {
    if (this.#closed) return;
    this.#track(this.#fanOut(events));
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#inFlight]);
  }

  /** Resolves when nothing is being delivered right now (retries may still be scheduled). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #fanOut(events: AuditEvent[]): Promise<void> {
    for (const event of events) {
      for (const webhook of await this.#options.storage.webhooks.subscribedTo(event.type)) {
        this.#track(this.#attempt(webhook, event, 1));
      }
    }
  }

  async #attempt(subscribed: WebhookRecord, event: AuditEvent, attempt: number): Promise<void> {
    // A retry goes only to a webhook that still exists: deleting one stops its deliveries.
    const webhook = attempt === 1 ? subscribed : await this.#options.storage.webhooks.findById(subscribed.id);
    if (!webhook) return;
    const body = JSON.stringify({ type: event.type, timestamp: event.at, data: event });
    const timestamp = Math.floor(this.#options.clock.now().getTime() / 1000);
    const { statusCode, error } = await this.#options.deliver({
      url: webhook.url,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Keywarden-Webhooks/1',
        'webhook-id': event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(webhook.secret, event.id, timestamp, body),
      },
      body,
    });
    await this.#options.storage.webhooks.logDelivery({
      id: newId('dlv'),
      webhookId: webhook.id,
      eventId: event.id,
      attempt,
      at: this.#options.clock.now().toISOString(),
      statusCode,
      error,
      delivered: error === null,
    });
    const delay = this.#retryDelaysMs[attempt - 1];
    if (error !== null && delay !== undefined && !this.#closed) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#track(this.#attempt(webhook, event, attempt + 1));
      }, delay);
      timer.unref();
      this.#timers.add(timer);
    }
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.#options.onError?.(error));
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
  }
}
