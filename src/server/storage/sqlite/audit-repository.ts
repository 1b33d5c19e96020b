import type { Database, Statement } from 'better-sqlite3';
import type { AuditEvent, AuditHead } from '../../../shared/api/index.ts';
import { AUDIT_CHAIN_START, auditChainInput } from '../../../shared/audit-chain.ts';
import { newId } from '../../domain/ids.ts';
import { sha256Hex } from '../../domain/sha256.ts';
import type { AuditQuery, AuditRepository, NewAuditEvent, Page } from '../repositories.ts';

export interface AuditRow {
  seq: number;
  id: string;
  type: AuditEvent['type'];
  at: string;
  actor_type: AuditEvent['actor']['type'];
  actor_id: string | null;
  actor_name: string;
  key_id: string | null;
  key_prefix: string | null;
  ip: string | null;
  user_agent: string | null;
  details: string;
  hash: string | null;
}

/**
 * Appends events to the chain; shared by every repository so a change and its audit events
 * commit in one transaction. Each event is inserted first and hashed after: the insert takes
 * SQLite's write lock, so no other connection (the CLI beside the server) can append between
 * reading the previous hash and writing this one, and `seq` is the one SQLite gave the row.
 * Webhooks subscribed to an event get their delivery queued in the same transaction, so a crash
 * right after the commit loses none.
 */
export class AuditWriter {
  readonly #insert: Statement;
  readonly #previousHash: Statement;
  readonly #setHash: Statement;
  readonly #subscribers: Statement;
  readonly #queueDelivery: Statement;

  constructor(db: Database) {
    this.#insert = db.prepare(`
      INSERT INTO audit_events (id, type, at, actor_type, actor_id, actor_name, key_id, key_prefix, ip, user_agent, details)
      VALUES (@id, @type, @at, @actorType, @actorId, @actorName, @keyId, @keyPrefix, @ip, @userAgent, @details)`);
    this.#previousHash = db.prepare('SELECT hash FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT 1').pluck();
    this.#setHash = db.prepare('UPDATE audit_events SET hash = ? WHERE seq = ?');
    this.#subscribers = db
      .prepare('SELECT id FROM webhooks WHERE EXISTS (SELECT 1 FROM json_each(webhooks.events) WHERE value = ?)')
      .pluck();
    this.#queueDelivery =
      db.prepare(`INSERT INTO webhook_deliveries (id, webhook_id, event_id, status, created_at, next_attempt_at)
      VALUES (@id, @webhookId, @eventId, 'pending', @at, @at)`);
  }

  /** Call inside a transaction. */
  write(events: NewAuditEvent[]): void {
    for (const event of events) {
      const details = JSON.stringify(event.details);
      const { lastInsertRowid } = this.#insert.run({
        id: event.id,
        type: event.type,
        at: event.at,
        actorType: event.actor.type,
        actorId: event.actor.id,
        actorName: event.actor.name,
        keyId: event.keyId,
        keyPrefix: event.keyPrefix,
        ip: event.ip,
        userAgent: event.userAgent,
        details,
      });
      const seq = Number(lastInsertRowid);
      const previous = (this.#previousHash.get(seq) as string | null | undefined) ?? AUDIT_CHAIN_START;
      // Hashed as it will be read back: details go through their stored JSON text.
      const stored = { ...event, seq, details: JSON.parse(details) as Record<string, unknown> };
      this.#setHash.run(sha256Hex(auditChainInput(previous, stored)), seq);
      for (const webhookId of this.#subscribers.all(event.type) as string[]) {
        this.#queueDelivery.run({ id: newId('dlv'), webhookId, eventId: event.id, at: event.at });
      }
    }
  }
}

export class SqliteAuditRepository implements AuditRepository {
  readonly #db: Database;
  readonly #writer: AuditWriter;
  readonly #statements = new Map<string, Statement>();
  readonly #after: Statement;
  readonly #head: Statement;
  readonly #highestSeq: Statement;

  constructor(db: Database, writer: AuditWriter) {
    this.#db = db;
    this.#writer = writer;
    this.#after = db.prepare('SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?');
    this.#head = db.prepare('SELECT seq, hash, at FROM audit_events ORDER BY seq DESC LIMIT 1');
    this.#highestSeq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").pluck();
  }

  async append(events: NewAuditEvent[]): Promise<void> {
    this.#db.transaction(() => this.#writer.write(events))();
  }

  async list(query: AuditQuery): Promise<Page<AuditEvent>> {
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: query.limit + 1 };
    // A key has few events, so its index is the one to walk; without statistics SQLite may pick
    // the type's instead and scan hundreds of thousands of rows. A unary + keeps a column's index
    // out of the planner's choice.
    const notIndexed = query.keyId !== undefined ? '+' : '';
    const filters: [string, string | undefined, string][] = [
      ['keyId', query.keyId, 'key_id = @keyId'],
      ['type', query.type, `${notIndexed}type = @type`],
      ['actorId', query.actorId, `${notIndexed}actor_id = @actorId`],
      ['since', query.since, 'at >= @since'],
      ['until', query.until, 'at < @until'],
    ];
    for (const [name, value, condition] of filters) {
      if (value === undefined) continue;
      where.push(condition);
      params[name] = value;
    }
    if (query.after) {
      where.push('(at < @afterTime OR (at = @afterTime AND seq < @afterSeq))');
      params.afterTime = query.after.time;
      params.afterSeq = query.after.seq;
    }
    const sql = `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY at DESC, seq DESC LIMIT @limit`;
    let statement = this.#statements.get(sql);
    if (!statement) this.#statements.set(sql, (statement = this.#db.prepare(sql)));
    const rows = statement.all(params) as AuditRow[];
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      rows: page.map(toAuditEvent),
      next: rows.length > query.limit && last ? { time: last.at, seq: last.seq } : null,
    };
  }

  async after(after: number, limit: number): Promise<AuditEvent[]> {
    return (this.#after.all(after, limit) as AuditRow[]).map(toAuditEvent);
  }

  async head(): Promise<AuditHead | null> {
    const row = this.#head.get() as { seq: number; hash: string | null; at: string } | undefined;
    return row ? { seq: row.seq, hash: row.hash ?? '', at: row.at } : null;
  }

  async highestSeqIssued(): Promise<number> {
    return (this.#highestSeq.get() as number | undefined) ?? 0;
  }
}

/**
 * A stored row as the contract's event. A row without a hash (written by hand, or by code that
 * bypassed the chain) gets an empty one, which no walk of the chain accepts.
 */
export function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    seq: row.seq,
    id: row.id,
    type: row.type,
    at: row.at,
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    keyId: row.key_id,
    keyPrefix: row.key_prefix,
    ip: row.ip,
    userAgent: row.user_agent,
    details: JSON.parse(row.details) as Record<string, unknown>,
    hash: row.hash ?? '',
  };
}
