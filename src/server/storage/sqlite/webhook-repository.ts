import type { Database, Statement } from 'better-sqlite3';
import type { AuditEvent, AuditEventType } from '../../../shared/api/index.ts';
import type { WebhookDelivery, WebhookRecord, WebhookRepository } from '../repositories.ts';
import type { AuditWriter } from './audit-repository.ts';

interface WebhookRow {
  id: string;
  workspace_id: string;
  url: string;
  events: string;
  secret: string;
  created_at: string;
}

interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  delivered: number;
}

export class SqliteWebhookRepository implements WebhookRepository {
  readonly #db: Database;
  readonly #audit: AuditWriter;
  readonly #insert: Statement;
  readonly #all: Statement;
  readonly #byId: Statement;
  readonly #delete: Statement;
  readonly #logDelivery: Statement;
  readonly #deliveries: Statement;

  constructor(db: Database, audit: AuditWriter) {
    this.#db = db;
    this.#audit = audit;
    this.#insert = db.prepare(`INSERT INTO webhooks (id, workspace_id, url, events, secret, created_at)
      VALUES (@id, @workspaceId, @url, @events, @secret, @createdAt)`);
    this.#all = db.prepare('SELECT * FROM webhooks ORDER BY created_at DESC, id');
    this.#byId = db.prepare('SELECT * FROM webhooks WHERE id = ?');
    this.#delete = db.prepare('DELETE FROM webhooks WHERE id = ?');
    this.#logDelivery =
      db.prepare(`INSERT INTO webhook_deliveries (id, webhook_id, event_id, attempt, at, status_code, error, delivered)
      SELECT @id, @webhookId, @eventId, @attempt, @at, @statusCode, @error, @delivered
      WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = @webhookId)`);
    this.#deliveries = db.prepare('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY at, attempt');
  }

  async insert(webhook: WebhookRecord, events: AuditEvent[]): Promise<void> {
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

  async delete(id: string, events: AuditEvent[]): Promise<void> {
    this.#db.transaction(() => {
      this.#delete.run(id);
      this.#audit.write(events);
    })();
  }

  async subscribedTo(type: AuditEventType): Promise<WebhookRecord[]> {
    return (await this.list()).filter((webhook) => webhook.events.includes(type));
  }

  async logDelivery(delivery: WebhookDelivery): Promise<void> {
    this.#logDelivery.run({ ...delivery, delivered: delivery.delivered ? 1 : 0 });
  }

  async deliveries(webhookId: string): Promise<WebhookDelivery[]> {
    return (this.#deliveries.all(webhookId) as DeliveryRow[]).map((row) => ({
      id: row.id,
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

function toWebhook(row: WebhookRow): WebhookRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    url: row.url,
    events: JSON.parse(row.events) as AuditEventType[],
    secret: row.secret,
    createdAt: row.created_at,
  };
}
