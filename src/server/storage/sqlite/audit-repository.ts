import type { Database, Statement } from 'better-sqlite3';
import type { AuditEvent } from '../../../shared/api/index.ts';
import type { AuditQuery, AuditRepository, Page } from '../repositories.ts';

interface AuditRow {
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
}

/** Shared by every repository so a change and its audit events commit in one transaction. */
export class AuditWriter {
  readonly #insert: Statement;
  constructor(db: Database) {
    this.#insert = db.prepare(`
      INSERT INTO audit_events (id, type, at, actor_type, actor_id, actor_name, key_id, key_prefix, ip, user_agent, details)
      VALUES (@id, @type, @at, @actorType, @actorId, @actorName, @keyId, @keyPrefix, @ip, @userAgent, @details)`);
  }

  write(events: AuditEvent[]): void {
    for (const event of events) {
      this.#insert.run({
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
        details: JSON.stringify(event.details),
      });
    }
  }
}

export class SqliteAuditRepository implements AuditRepository {
  readonly #db: Database;
  readonly #writer: AuditWriter;
  readonly #statements = new Map<string, Statement>();

  constructor(db: Database, writer: AuditWriter) {
    this.#db = db;
    this.#writer = writer;
  }

  async append(events: AuditEvent[]): Promise<void> {
    this.#db.transaction(() => this.#writer.write(events))();
  }

  async list(query: AuditQuery): Promise<Page<AuditEvent>> {
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: query.limit + 1 };
    const filters: [string, string | undefined, string][] = [
      ['keyId', query.keyId, 'key_id = @keyId'],
      ['type', query.type, 'type = @type'],
      ['actorId', query.actorId, 'actor_id = @actorId'],
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
}

function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    type: row.type,
    at: row.at,
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    keyId: row.key_id,
    keyPrefix: row.key_prefix,
    ip: row.ip,
    userAgent: row.user_agent,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
