/**
 * Sends queued webhook deliveries. A delivery is queued in the transaction that stores its event
 * (or by a test or a redelivery), so this only ever works from the database: after a commit it
 * sends what the new events queued, each failure is retried with backoff (the next attempt's time
 * is stored, so the listing shows it and a restart resumes it), and every attempt is logged.
 * Runs off the request path; close() stops the timers and awaits attempts in flight.
 */
import type { Clock } from '../../shared/clock.ts';
import type { NewAuditEvent, Storage } from '../storage/repositories.ts';
import type { AuditSubscriber } from './audit-trail.ts';
import type { DeliverWebhook } from './webhook-delivery.ts';
import { signWebhook } from './webhooks.ts';

export const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 25_000];
/**
 * How long a claimed delivery stays this node's: longer than an attempt can take (its timeout),
 * so a live node never loses a delivery it is still sending; a dead node's runs out after this.
 */
export const DEFAULT_LEASE_MS = 15_000;

/** Where the webhook service hands deliveries it queued itself (redeliveries). */
export interface WebhookOutbox {
  send(deliveryIds: string[]): void;
}

export interface WebhookDispatcherOptions {
  storage: Storage;
  clock: Clock;
  deliver: DeliverWebhook;
  retryDelaysMs?: number[];
  leaseMs?: number;
  /**
   * With other nodes on the same database: how often to look for deliveries due that no node
   * holds (queued by another node, or left by one that died). Off (null) for a lone process.
   */
  pollIntervalMs?: number | null;
  onError?: (error: unknown) => void;
  /**
   * An attempt outlived this node's lease and another node claimed the delivery meanwhile: the
   * other node sends it and records its result, this node's result is dropped.
   */
  onLeaseLost?: (lost: { deliveryId: string; webhookId: string; attempt: number }) => void;
}

export class WebhookDispatcher implements AuditSubscriber, WebhookOutbox {
  readonly #options: WebhookDispatcherOptions;
  readonly #retryDelaysMs: number[];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Deliveries being attempted or waiting for their timer: each is sent by one attempt at a time. */
  readonly #claimed = new Set<string>();
  #closed = false;
  #poll: NodeJS.Timeout | null = null;

  constructor(options: WebhookDispatcherOptions) {
    this.#options = options;
    this.#retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  publish(events: NewAuditEvent[]): void {
    if (this.#closed) return;
    const eventIds = events.map((event) => event.id);
    this.#track(this.#options.storage.webhooks.pendingFor(eventIds).then((ids) => this.send(ids)));
  }

  send(deliveryIds: string[]): void {
    for (const id of deliveryIds) {
      if (this.#closed || this.#claimed.has(id)) continue;
      this.#claimed.add(id);
      this.#track(this.#attempt(id));
    }
  }

  /** Picks up the deliveries left pending when the service last stopped, each at its due time. */
  async resume(): Promise<void> {
    const now = this.#options.clock.now().getTime();
    for (const { id, nextAttemptAt } of await this.#options.storage.webhooks.pending()) {
      if (this.#claimed.has(id)) continue;
      this.#claimed.add(id);
      this.#later(id, Date.parse(nextAttemptAt) - now);
    }
    const every = this.#options.pollIntervalMs ?? null;
    if (every !== null && this.#poll === null && !this.#closed) {
      this.#poll = setInterval(() => this.#track(this.#pollDue()), every);
      this.#poll.unref();
    }
  }

  /** Attempts the pending deliveries already due; the claim decides which node sends each. */
  async #pollDue(): Promise<void> {
    const now = this.#options.clock.now().toISOString();
    const due = (await this.#options.storage.webhooks.pending()).filter((p) => p.nextAttemptAt <= now);
    this.send(due.map((p) => p.id));
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#poll) clearInterval(this.#poll);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#inFlight]);
  }

  /** Resolves when nothing is being delivered right now (retries may still be scheduled). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #attempt(deliveryId: string): Promise<void> {
    let retryInMs: number | null = null;
    try {
      // Null when the webhook was deleted (and its deliveries with it), the delivery is done, or
      // another node holds it.
      const claimedAt = this.#options.clock.now();
      const job = await this.#options.storage.webhooks.claim(
        deliveryId,
        claimedAt.toISOString(),
        new Date(claimedAt.getTime() + (this.#options.leaseMs ?? DEFAULT_LEASE_MS)).toISOString(),
      );
      if (!job) return;
      const { webhook, event } = job;
      const body = JSON.stringify({ type: event.type, timestamp: event.at, data: event });
      const timestamp = Math.floor(this.#options.clock.now().getTime() / 1000);
      const { statusCode, error } = await this.#options.deliver({
        url: webhook.url,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Keywarden-Webhooks/1',
          // The event's id, also on a retry or a redelivery, so a receiver can drop repeats.
          'webhook-id': event.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(webhook.secret, event.id, timestamp, body),
        },
        body,
      });
      const now = this.#options.clock.now();
      const attempt = job.delivery.attempts + 1;
      // Retries run out with the delays: then the delivery has failed for good.
      retryInMs = error === null ? null : (this.#retryDelaysMs[attempt - 1] ?? null);
      const outcome = await this.#options.storage.webhooks.recordAttempt(
        {
          deliveryId,
          webhookId: webhook.id,
          eventId: event.id,
          attempt,
          at: now.toISOString(),
          statusCode,
          error,
          delivered: error === null,
        },
        retryInMs !== null
          ? { status: 'pending', nextAttemptAt: new Date(now.getTime() + retryInMs).toISOString() }
          : { status: error === null ? 'delivered' : 'failed', nextAttemptAt: null },
        job.claimToken,
      );
      if (outcome !== 'recorded') {
        // The delivery is the new owner's (or gone): its retries are not this node's to schedule.
        retryInMs = null;
        if (outcome === 'lease_lost') this.#options.onLeaseLost?.({ deliveryId, webhookId: webhook.id, attempt });
      }
    } finally {
      if (retryInMs === null || this.#closed) this.#claimed.delete(deliveryId);
      else this.#later(deliveryId, retryInMs);
    }
  }

  #later(deliveryId: string, delayMs: number): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        this.#track(this.#attempt(deliveryId));
      },
      Math.max(0, delayMs),
    );
    timer.unref();
    this.#timers.add(timer);
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.#options.onError?.(error));
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
  }
}
