import type { Database } from 'better-sqlite3';

/**
 * A webhook's deliveries become rows of their own (one event to one webhook: status, attempts,
 * last answer, next attempt), queued in the transaction that stores the event, so pending ones
 * survive a restart and can be listed, retried and redelivered. Each HTTP attempt stays in
 * webhook_attempts. Deliveries logged before become one delivery per webhook and event, delivered
 * if an attempt was, failed otherwise (their retries ended with the process that ran them).
 */
export function up(db: Database): void {
  db.exec(`
    DROP INDEX webhook_deliveries_by_webhook;
    ALTER TABLE webhook_deliveries RENAME TO webhook_attempts_before_006;

    CREATE TABLE webhook_deliveries (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
      event_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      response_code INTEGER,
      error TEXT,
      created_at TEXT NOT NULL,
      last_attempt_at TEXT,
      next_attempt_at TEXT,
      redelivery_of TEXT
    );
    CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at DESC, seq DESC);
    CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id);
    CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

    CREATE TABLE webhook_attempts (
      delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
      attempt INTEGER NOT NULL,
      at TEXT NOT NULL,
      status_code INTEGER,
      error TEXT,
      delivered INTEGER NOT NULL,
      PRIMARY KEY (delivery_id, attempt)
    ) WITHOUT ROWID;

    INSERT INTO webhook_deliveries (id, webhook_id, event_id, status, attempts, response_code, error, created_at, last_attempt_at)
    SELECT
      (SELECT id FROM webhook_attempts_before_006 f
        WHERE f.webhook_id = g.webhook_id AND f.event_id = g.event_id ORDER BY f.attempt, f.at LIMIT 1),
      g.webhook_id, g.event_id,
      CASE WHEN MAX(g.delivered) = 1 THEN 'delivered' ELSE 'failed' END,
      MAX(g.attempt),
      (SELECT status_code FROM webhook_attempts_before_006 l
        WHERE l.webhook_id = g.webhook_id AND l.event_id = g.event_id ORDER BY l.attempt DESC, l.at DESC LIMIT 1),
      (SELECT error FROM webhook_attempts_before_006 l
        WHERE l.webhook_id = g.webhook_id AND l.event_id = g.event_id ORDER BY l.attempt DESC, l.at DESC LIMIT 1),
      MIN(g.at), MAX(g.at)
    FROM webhook_attempts_before_006 g
    GROUP BY g.webhook_id, g.event_id
    ORDER BY MIN(g.at);

    INSERT OR IGNORE INTO webhook_attempts (delivery_id, attempt, at, status_code, error, delivered)
    SELECT d.id, a.attempt, a.at, a.status_code, a.error, a.delivered
    FROM webhook_attempts_before_006 a
    JOIN webhook_deliveries d ON d.webhook_id = a.webhook_id AND d.event_id = a.event_id;

    DROP TABLE webhook_attempts_before_006;
  `);
}
