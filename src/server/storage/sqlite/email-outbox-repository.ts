import type { Database, Statement, Transaction } from 'better-sqlite3';
import type {
  EmailNotice,
  EmailOutboxRepository,
  NewAuditEvent,
  NewOutboxMessage,
  OutboxMessage,
} from '../repositories.ts';
import type { AuditWriter } from './audit-repository.ts';

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

export class SqliteEmailOutboxRepository implements EmailOutboxRepository {
  readonly #db: Database;
  readonly #audit: AuditWriter;
  readonly #insert: Statement<[NewOutboxMessage]>;
  readonly #enqueue: Transaction<(messages: NewOutboxMessage[]) => number>;
  readonly #due: Statement<[string, number], OutboxRow>;
  readonly #sent: Statement<[number, string, string]>;
  readonly #attemptFailed: Statement<[number, string, string, string | null, string]>;

  constructor(db: Database, audit: AuditWriter) {
    this.#db = db;
    this.#audit = audit;
    this.#insert = db.prepare(`INSERT INTO email_outbox
      (id, key_id, key_prefix, notice, recipient, subject, body, created_at, next_attempt_at)
      VALUES (@id, @keyId, @keyPrefix, @notice, @recipient, @subject, @body, @createdAt, @nextAttemptAt)
      ON CONFLICT (key_id, notice, recipient) DO NOTHING`);
    this.#enqueue = db.transaction((messages: NewOutboxMessage[]) => {
      let added = 0;
      for (const message of messages) added += this.#insert.run(message).changes;
      return added;
    });
    this.#due = db.prepare(`SELECT * FROM email_outbox WHERE sent_at IS NULL AND failed_at IS NULL
      AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?`);
    this.#sent = db.prepare('UPDATE email_outbox SET attempts = ?, sent_at = ?, last_error = NULL WHERE id = ?');
    this.#attemptFailed = db.prepare(
      'UPDATE email_outbox SET attempts = ?, last_error = ?, next_attempt_at = ?, failed_at = ? WHERE id = ?',
    );
  }

  async enqueue(messages: NewOutboxMessage[]): Promise<number> {
    return messages.length === 0 ? 0 : this.#enqueue(messages);
  }

  async due(now: string, limit: number): Promise<OutboxMessage[]> {
    return this.#due.all(now, limit).map(toMessage);
  }

  async markSent(id: string, attempts: number, sentAt: string, events: NewAuditEvent[]): Promise<void> {
    this.#db.transaction(() => {
      this.#sent.run(attempts, sentAt, id);
      this.#audit.write(events);
    })();
  }

  async markAttemptFailed(
    id: string,
    failure: { attempts: number; error: string; nextAttemptAt: string; failedAt: string | null },
    events: NewAuditEvent[],
  ): Promise<void> {
    this.#db.transaction(() => {
      this.#attemptFailed.run(failure.attempts, failure.error, failure.nextAttemptAt, failure.failedAt, id);
      this.#audit.write(events);
    })();
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
