import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { WebhookDeliveryStatus } from '../../../shared/api/index.ts';
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
import { toAuditEvent, type AuditRow } from '../sqlite/audit-repository.ts';
import { toDelivery, toWebhook, type DeliveryRow, type WebhookRow } from '../sqlite/webhook-repository.ts';
import { writeAudit } from './audit-repository.ts';
import { inTransaction, type Queryable } from './client.ts';

/** A delivery with its event's type, which the listing shows. */
const DELIVERY = 'SELECT d.*, e.type AS event_type FROM webhook_deliveries d JOIN audit_events e ON e.id = d.event_id';

export class PostgresWebhookRepository implements WebhookRepository {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async insert(webhook: WebhookRecord, events: NewAuditEvent[]): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query(
        `INSERT INTO webhooks (id, workspace_id, url, events, secret, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          webhook.id,
          webhook.workspaceId,
          webhook.url,
          JSON.stringify(webhook.events),
          webhook.secret,
          webhook.createdAt,
        ],
      );
      await writeAudit(client, events);
    });
  }

  async list(): Promise<WebhookRecord[]> {
    const { rows } = await this.#pool.query<WebhookRow>('SELECT * FROM webhooks ORDER BY created_at DESC, id');
    return rows.map(fromRow);
  }

  async findById(id: string): Promise<WebhookRecord | null> {
    const { rows } = await this.#pool.query<WebhookRow>('SELECT * FROM webhooks WHERE id = $1', [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async delete(id: string, events: NewAuditEvent[]): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query('DELETE FROM webhooks WHERE id = $1', [id]);
      await writeAudit(client, events);
    });
  }

  async insertTestEvent(webhookId: string, deliveryId: string, event: NewAuditEvent): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await writeAudit(client, [event]);
      await queue(client, deliveryId, webhookId, event.id, event.at, null);
    });
  }

  async redeliver(original: WebhookDeliveryRecord, deliveryId: string, at: string): Promise<void> {
    await queue(this.#pool, deliveryId, original.webhookId, original.eventId, at, original.id);
  }

  async findDelivery(webhookId: string, deliveryId: string): Promise<WebhookDeliveryRecord | null> {
    const { rows } = await this.#pool.query<DeliveryRow>(`${DELIVERY} WHERE d.id = $1 AND d.webhook_id = $2`, [
      deliveryId,
      webhookId,
    ]);
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  async deliveries(webhookId: string, limit: number, after?: PagePosition): Promise<Page<WebhookDeliveryRecord>> {
    const { rows } = after
      ? await this.#pool.query<DeliveryRow>(
          `${DELIVERY} WHERE d.webhook_id = $1 AND (d.created_at < $2 OR (d.created_at = $2 AND d.seq < $3))
           ORDER BY d.created_at DESC, d.seq DESC LIMIT $4`,
          [webhookId, after.time, after.seq, limit + 1],
        )
      : await this.#pool.query<DeliveryRow>(
          `${DELIVERY} WHERE d.webhook_id = $1 ORDER BY d.created_at DESC, d.seq DESC LIMIT $2`,
          [webhookId, limit + 1],
        );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      rows: page.map(toDelivery),
      next: rows.length > limit && last ? { time: last.created_at, seq: last.seq } : null,
    };
  }

  async pendingFor(eventIds: string[]): Promise<string[]> {
    if (eventIds.length === 0) return [];
    const { rows } = await this.#pool.query<{ id: string }>(
      `SELECT id FROM webhook_deliveries WHERE event_id = ANY($1) AND status = 'pending' ORDER BY seq`,
      [eventIds],
    );
    return rows.map((row) => row.id);
  }

  async pending(): Promise<{ id: string; nextAttemptAt: string }[]> {
    const { rows } = await this.#pool.query<{ id: string; nextAttemptAt: string }>(
      `SELECT id, next_attempt_at AS "nextAttemptAt" FROM webhook_deliveries WHERE status = 'pending'
       ORDER BY next_attempt_at, seq`,
    );
    return rows;
  }

  async job(deliveryId: string): Promise<DeliveryJob | null> {
    const { rows } = await this.#pool.query<DeliveryRow>(`${DELIVERY} WHERE d.id = $1`, [deliveryId]);
    return rows[0] && rows[0].status === 'pending' ? this.#jobOf(this.#pool, rows[0]) : null;
  }

  async claim(deliveryId: string, now: string, leaseUntil: string): Promise<ClaimedDelivery | null> {
    return inTransaction(this.#pool, async (client) => {
      // SKIP LOCKED: a node claiming the same delivery right now has it; this one moves on.
      const { rows } = await client.query<DeliveryRow>(
        `${DELIVERY} WHERE d.id = $1 AND d.status = 'pending' AND (d.claimed_until IS NULL OR d.claimed_until <= $2)
         FOR UPDATE OF d SKIP LOCKED`,
        [deliveryId, now],
      );
      if (!rows[0]) return null;
      // A new token per claim: the node whose lease ran out still holds the old one.
      const claimToken = randomUUID();
      await client.query('UPDATE webhook_deliveries SET claimed_until = $2, claim_token = $3 WHERE id = $1', [
        deliveryId,
        leaseUntil,
        claimToken,
      ]);
      const job = await this.#jobOf(client, rows[0]);
      return job ? { ...job, claimToken } : null;
    });
  }

  async recordAttempt(
    attempt: WebhookAttempt,
    next: { status: WebhookDeliveryStatus; nextAttemptAt: string | null },
    claimToken: string,
  ): Promise<AttemptOutcome> {
    return inTransaction(this.#pool, async (client) => {
      // Moved on only under this node's claim; the row stays locked until the attempt is logged.
      const moved = await client.query(
        `UPDATE webhook_deliveries SET status = $2, attempts = $3, response_code = $4, error = $5,
           last_attempt_at = $6, next_attempt_at = $7, claimed_until = NULL, claim_token = NULL
         WHERE id = $1 AND claim_token = $8`,
        [
          attempt.deliveryId,
          next.status,
          attempt.attempt,
          attempt.statusCode,
          attempt.error,
          attempt.at,
          next.nextAttemptAt,
          claimToken,
        ],
      );
      if (moved.rowCount === 0) {
        const exists = await client.query('SELECT 1 FROM webhook_deliveries WHERE id = $1', [attempt.deliveryId]);
        return exists.rowCount === 0 ? 'gone' : 'lease_lost';
      }
      await client.query(
        `INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, delivered)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [attempt.deliveryId, attempt.attempt, attempt.at, attempt.statusCode, attempt.error, attempt.delivered],
      );
      return 'recorded';
    });
  }

  async attempts(webhookId: string): Promise<WebhookAttempt[]> {
    const { rows } = await this.#pool.query<{
      delivery_id: string;
      webhook_id: string;
      event_id: string;
      attempt: number;
      at: string;
      status_code: number | null;
      error: string | null;
      delivered: boolean;
    }>(
      `SELECT a.*, d.webhook_id, d.event_id FROM webhook_attempts a
       JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.webhook_id = $1 ORDER BY a.at, d.seq, a.attempt`,
      [webhookId],
    );
    return rows.map((row) => ({
      deliveryId: row.delivery_id,
      webhookId: row.webhook_id,
      eventId: row.event_id,
      attempt: row.attempt,
      at: row.at,
      statusCode: row.status_code,
      error: row.error,
      delivered: row.delivered,
    }));
  }

  async #jobOf(db: Queryable, row: DeliveryRow): Promise<DeliveryJob | null> {
    const webhook = await db.query<WebhookRow>('SELECT * FROM webhooks WHERE id = $1', [row.webhook_id]);
    const event = await db.query<AuditRow>('SELECT * FROM audit_events WHERE id = $1', [row.event_id]);
    if (!webhook.rows[0] || !event.rows[0]) return null;
    return { delivery: toDelivery(row), webhook: fromRow(webhook.rows[0]), event: toAuditEvent(event.rows[0]) };
  }
}

/** Queued only while the webhook exists: one deleted meanwhile has nothing to deliver to. */
async function queue(
  db: Queryable,
  id: string,
  webhookId: string,
  eventId: string,
  at: string,
  redeliveryOf: string | null,
): Promise<void> {
  await db.query(
    `INSERT INTO webhook_deliveries (id, webhook_id, event_id, status, created_at, next_attempt_at, redelivery_of)
     SELECT $1, $2, $3, 'pending', $4, $4, $5 WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = $2)`,
    [id, webhookId, eventId, at, redeliveryOf],
  );
}

/** JSONB arrives parsed; the shared row mapper expects SQLite's JSON text. */
function fromRow(row: WebhookRow): WebhookRecord {
  const events = row.events as unknown;
  return toWebhook({ ...row, events: typeof events === 'string' ? events : JSON.stringify(events) });
}
