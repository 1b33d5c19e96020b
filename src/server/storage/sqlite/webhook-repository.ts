import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { AuditEventType, WebhookDeliveryStatus, WebhookEventType } from '../../../shared/api/index.ts';
import type {
  AttemptOutcome,
  ClaimedDelivery,
  DeliveryJob,
  NewAuditEvent,
  Page,
  PagePosition,
  WebhookAttempt,
  WebhookDeliveryRecord,
  WebhookRecord,
  WebhookRepository,
} from '../repositories.ts';
import { toAuditEvent, type AuditRow, type AuditWriter } from './audit-repository.ts';

export interface WebhookRow {
  id: string;
  workspace_id: string;
  url: string;
  events: string;
  secret: string;
  created_at: string;
}

export interface DeliveryRow {
  seq: number;
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: AuditEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  response_code: number | null;
  error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  last_attempt_at: string | null;
  redelivery_of: string | null;
}

interface AttemptRow {
  delivery_id: string;
  webhook_id: string;
  event_id: string;
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  delivered: number;
}

/** A delivery with its event's type, which the listing shows. */
const DELIVERY = `SELECT d.*, e.type AS event_type FROM webhook_deliveries d JOIN audit_events e ON e.id = d.event_id`;

export class SqliteWebhookRepository implements WebhookRepository {
  readonly #db: Database;
  readonly #audit: AuditWriter;
  readonly #insert: Statement;
  readonly #all: Statement;
  readonly #byId: Statement;
  readonly #delete: Statement;
  readonly #queue: Statement;
  readonly #delivery: Statement;
  readonly #deliveryById: Statement;
  readonly #firstPage: Statement;
  readonly #nextPage: Statement;
  readonly #pendingForEvent: Statement;
  readonly #pending: Statement;
  readonly #eventById: Statement;
  readonly #logAttempt: Statement;
  readonly #moveOn: Statement;
  readonly #attempts: Statement;

  constructor(db: Database, audit: AuditWriter) {
    this.#db = db;
    this.#audit = audit;
    this.#insert = db.prepare(`INSERT INTO webhooks (id, workspace_id, url, events, secret, created_at)
      VALUES (@id, @workspaceId, @url, @events, @secret, @createdAt)`);
    this.#all = db.prepare('SELECT * FROM webhooks ORDER BY created_at DESC, id');
    this.#byId = db.prepare('SELECT * FROM webhooks WHERE id = ?');
    this.#delete = db.prepare('DELETE FROM webhooks WHERE id = ?');
    // Queued only while the webhook exists: one deleted meanwhile has nothing to deliver to.
    this.#queue = db.prepare(`INSERT INTO webhook_deliveries
        (id, webhook_id, event_id, status, created_at, next_attempt_at, redelivery_of)
      SELECT @id, @webhookId, @eventId, 'pending', @at, @at, @redeliveryOf
      WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = @webhookId)`);
    this.#delivery = db.prepare(`${DELIVERY} WHERE d.id = ? AND d.webhook_id = ?`);
    this.#deliveryById = db.prepare(`${DELIVERY} WHERE d.id = ?`);
    this.#firstPage = db.prepare(`${DELIVERY} WHERE d.webhook_id = ? ORDER BY d.created_at DESC, d.seq DESC LIMIT ?`);
    this.#nextPage = db.prepare(`${DELIVERY} WHERE d.webhook_id = @webhookId
      AND (d.created_at < @time OR (d.created_at = @time AND d.seq < @seq))
      ORDER BY d.created_at DESC, d.seq DESC LIMIT @limit`);
    this.#pendingForEvent = db
      .prepare(`SELECT id FROM webhook_deliveries WHERE event_id = ? AND status = 'pending' ORDER BY seq`)
      .pluck();
    this.#pending = db.prepare(
      `SELECT id, next_attempt_at AS nextAttemptAt FROM webhook_deliveries WHERE status = 'pending' ORDER BY next_attempt_at, seq`,
    );
    this.#eventById = db.prepare('SELECT * FROM audit_events WHERE id = ?');
    this.#logAttempt =
      db.prepare(`INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, delivered)
      SELECT @deliveryId, @attempt, @at, @statusCode, @error, @delivered
      WHERE EXISTS (SELECT 1 FROM webhook_deliveries WHERE id = @deliveryId)`);
    this.#moveOn = db.prepare(`UPDATE webhook_deliveries SET status = @status, attempts = @attempt,
      response_code = @statusCode, error = @error, last_attempt_at = @at, next_attempt_at = @nextAttemptAt
      WHERE id = @deliveryId`);
    this.#attempts = db.prepare(`SELECT a.*, d.webhook_id, d.event_id FROM webhook_attempts a
      JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.webhook_id = ? ORDER BY a.at, d.seq, a.attempt`);
  }

  async insert(webhook: WebhookRecord, events: NewAuditEvent[]): Promise<void> {
    this.#db.transaction(() => {
      this.#insert.run({ ...webhook, events: JSON.stringify(webhook.events) });
      this.#audit.write(events);
    })();
  }

  async list(): Promise<WebhookRecord[]> {
    return (this.#all.all() as WebhookRow[]).map(toWebhook);
  }

  async findById(id: string): Promise<WebhookRecord | null> {
    const row = this.#byId.get(id) as WebhookRow | undefined;
    return row ? toWebhook(row) : null;
  }

  async delete(id: string, events: NewAuditEvent[]): Promise<void> {
    this.#db.transaction(() => {
      this.#delete.run(id);
      this.#audit.write(events);
    })();
  }

  async insertTestEvent(webhookId: string, deliveryId: string, event: NewAuditEvent): Promise<void> {
    this.#db.transaction(() => {
      this.#audit.write([event]);
      this.#queue.run({ id: deliveryId, webhookId, eventId: event.id, at: event.at, redeliveryOf: null });
    })();
  }

  async redeliver(original: WebhookDeliveryRecord, deliveryId: string, at: string): Promise<void> {
    this.#queue.run({
      id: deliveryId,
      webhookId: original.webhookId,
      eventId: original.eventId,
      at,
      redeliveryOf: original.id,
    });
  }

  async findDelivery(webhookId: string, deliveryId: string): Promise<WebhookDeliveryRecord | null> {
    const row = this.#delivery.get(deliveryId, webhookId) as DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  async deliveries(webhookId: string, limit: number, after?: PagePosition): Promise<Page<WebhookDeliveryRecord>> {
    const rows = (
      after
        ? this.#nextPage.all({ webhookId, time: after.time, seq: after.seq, limit: limit + 1 })
        : this.#firstPage.all(webhookId, limit + 1)
    ) as DeliveryRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      rows: page.map(toDelivery),
      next: rows.length > limit && last ? { time: last.created_at, seq: last.seq } : null,
    };
  }

  async pendingFor(eventIds: string[]): Promise<string[]> {
    return eventIds.flatMap((eventId) => this.#pendingForEvent.all(eventId) as string[]);
  }

  async pending(): Promise<{ id: string; nextAttemptAt: string }[]> {
    return this.#pending.all() as { id: string; nextAttemptAt: string }[];
  }

  async job(deliveryId: string): Promise<DeliveryJob | null> {
    const row = this.#deliveryById.get(deliveryId) as DeliveryRow | undefined;
    if (!row || row.status !== 'pending') return null;
    const webhook = await this.findById(row.webhook_id);
    const event = this.#eventById.get(row.event_id) as AuditRow | undefined;
    if (!webhook || !event) return null;
    return { delivery: toDelivery(row), webhook, event: toAuditEvent(event) };
  }

  /**
   * One process owns a data directory, so its dispatcher's own bookkeeping is the only claim
   * needed: no other node can claim the delivery, and the token only keeps the contract's shape.
   */
  async claim(deliveryId: string): Promise<ClaimedDelivery | null> {
    const job = await this.job(deliveryId);
    return job ? { ...job, claimToken: randomUUID() } : null;
  }

  async recordAttempt(
    attempt: WebhookAttempt,
    next: { status: WebhookDeliveryStatus; nextAttemptAt: string | null },
  ): Promise<AttemptOutcome> {
    return this.#db.transaction((): AttemptOutcome => {
      const row = { ...attempt, delivered: attempt.delivered ? 1 : 0 };
      this.#logAttempt.run(row);
      return this.#moveOn.run({ ...row, ...next }).changes === 0 ? 'gone' : 'recorded';
    })();
  }

  async attempts(webhookId: string): Promise<WebhookAttempt[]> {
    return (this.#attempts.all(webhookId) as AttemptRow[]).map((row) => ({
      deliveryId: row.delivery_id,
      webhookId: row.webhook_id,
      eventId: row.event_id,
      attempt: row.attempt,
      at: row.at,
      statusCode: row.status_code,
      error: row.error,
      delivered: row.delivered === 1,
    }));
  }
}

export function toWebhook(row: WebhookRow): WebhookRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventType[],
    secret: row.secret,
    createdAt: row.created_at,
  };
}

export function toDelivery(row: DeliveryRow): WebhookDeliveryRecord {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    responseCode: row.response_code,
    error: row.error,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    lastAttemptAt: row.last_attempt_at,
    redeliveryOf: row.redelivery_of,
  };
}
