import type pg from 'pg';
import type {
  EmailNotice,
  EmailOutboxRepository,
  NewAuditEvent,
  NewOutboxMessage,
  OutboxMessage,
} from '../repositories.ts';
import { writeAudit } from './audit-repository.ts';
import { inTransaction } from './client.ts';

interface OutboxRow {
  id: string;
  key_id: string;
  key_prefix: string;
  notice: EmailNotice;
  recipient: string;
  subject: string;
  body: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
  failed_at: string | null;
}

export class PostgresEmailOutboxRepository implements EmailOutboxRepository {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async enqueue(messages: NewOutboxMessage[]): Promise<number> {
    if (messages.length === 0) return 0;
    return inTransaction(this.#pool, async (client) => {
      let added = 0;
      for (const m of messages) {
        const result = await client.query(
          `INSERT INTO email_outbox (id, key_id, key_prefix, notice, recipient, subject, body, created_at, next_attempt_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (key_id, notice, recipient) DO NOTHING`,
          [m.id, m.keyId, m.keyPrefix, m.notice, m.recipient, m.subject, m.body, m.createdAt, m.nextAttemptAt],
        );
        added += result.rowCount ?? 0;
      }
      return added;
    });
  }

  async due(now: string, limit: number): Promise<OutboxMessage[]> {
    const { rows } = await this.#pool.query<OutboxRow>(
      `SELECT * FROM email_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
       ORDER BY next_attempt_at, created_at LIMIT $2`,
      [now, limit],
    );
    return rows.map(toMessage);
  }

  async markSent(id: string, attempts: number, sentAt: string, events: NewAuditEvent[]): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query('UPDATE email_outbox SET attempts = $1, sent_at = $2, last_error = NULL WHERE id = $3', [
        attempts,
        sentAt,
        id,
      ]);
      await writeAudit(client, events);
    });
  }

  async markAttemptFailed(
    id: string,
    failure: { attempts: number; error: string; nextAttemptAt: string; failedAt: string | null },
    events: NewAuditEvent[],
  ): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query(
        'UPDATE email_outbox SET attempts = $1, last_error = $2, next_attempt_at = $3, failed_at = $4 WHERE id = $5',
        [failure.attempts, failure.error, failure.nextAttemptAt, failure.failedAt, id],
      );
      await writeAudit(client, events);
    });
  }
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    keyId: row.key_id,
    keyPrefix: row.key_prefix,
    notice: row.notice,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    createdAt: row.created_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
    failedAt: row.failed_at,
  };
}
