import type { Database } from 'better-sqlite3';

/**
 * Owners may be emailed about expiring keys: an admin token can carry a contact address, and the
 * messages wait in an outbox until the mail server takes them, with their attempts and the next
 * try. One message per key, notice and address, however often the lifecycle job runs.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE admin_tokens ADD COLUMN email TEXT;

    CREATE TABLE email_outbox (
      id TEXT PRIMARY KEY,
      key_id TEXT NOT NULL,
      key_prefix TEXT NOT NULL,
      notice TEXT NOT NULL CHECK (notice IN ('expiring', 'expired')),
      recipient TEXT NOT NULL,
      subject TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL,
      last_error TEXT,
      sent_at TEXT,
      failed_at TEXT,
      UNIQUE (key_id, notice, recipient)
    );
    CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
  `);
}
