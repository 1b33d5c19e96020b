import type pg from 'pg';
import type { AuditEvent, AuditHead } from '../../../shared/api/index.ts';
import { AUDIT_CHAIN_START, auditChainInput } from '../../../shared/audit-chain.ts';
import { newId } from '../../domain/ids.ts';
import { sha256Hex } from '../../domain/sha256.ts';
import type { AuditQuery, AuditRepository, NewAuditEvent, Page } from '../repositories.ts';
import { toAuditEvent, type AuditRow } from '../sqlite/audit-repository.ts';
import { inTransaction, type Queryable } from './client.ts';

/**
 * Appends events to the one chain, inside the caller's transaction. The head row is locked
 * first (SELECT … FOR UPDATE), so appends from every node queue behind each other until the
 * transaction holding it commits: each event's `seq` is the head's plus one and its hash follows
 * the head's hash, with no gap or fork however many nodes write. Subscribed webhooks get their
 * delivery queued in the same transaction, as on SQLite.
 */
export async function writeAudit(client: pg.PoolClient, events: NewAuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const head = await client.query<{ seq: number; hash: string | null }>(
    'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
  );
  let seq = head.rows[0]?.seq ?? 0;
  let previous = head.rows[0]?.hash ?? AUDIT_CHAIN_START;
  for (const event of events) {
    seq += 1;
    const details = JSON.stringify(event.details);
    // Hashed as it will be read back: details go through their stored JSON text.
    const stored = { ...event, seq, details: JSON.parse(details) as Record<string, unknown> };
    previous = sha256Hex(auditChainInput(previous, stored));
    await client.query(
      `INSERT INTO audit_events (seq, id, type, at, actor_type, actor_id, actor_name, key_id, key_prefix, ip, user_agent, details, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        seq,
        event.id,
        event.type,
        event.at,
        event.actor.type,
        event.actor.id,
        event.actor.name,
        event.keyId,
        event.keyPrefix,
        event.ip,
        event.userAgent,
        details,
        previous,
      ],
    );
    const subscribers = await client.query<{ id: string }>(
      'SELECT id FROM webhooks WHERE events @> jsonb_build_array($1::text)',
      [event.type],
    );
    for (const { id: webhookId } of subscribers.rows) {
      await client.query(
        `INSERT INTO webhook_deliveries (id, webhook_id, event_id, status, created_at, next_attempt_at)
         VALUES ($1, $2, $3, 'pending', $4, $4)`,
        [newId('dlv'), webhookId, event.id, event.at],
      );
    }
  }
  await client.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [seq, previous]);
}

export class PostgresAuditRepository implements AuditRepository {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async append(events: NewAuditEvent[]): Promise<void> {
    await inTransaction(this.#pool, (client) => writeAudit(client, events));
  }

  async list(query: AuditQuery): Promise<Page<AuditEvent>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (value: unknown) => `$${params.push(value)}`;
    if (query.keyId !== undefined) where.push(`key_id = ${add(query.keyId)}`);
    if (query.type !== undefined) where.push(`type = ${add(query.type)}`);
    if (query.actorId !== undefined) where.push(`actor_id = ${add(query.actorId)}`);
    if (query.since !== undefined) where.push(`at >= ${add(query.since)}`);
    if (query.until !== undefined) where.push(`at < ${add(query.until)}`);
    if (query.after) {
      const time = add(query.after.time);
      where.push(`(at < ${time} OR (at = ${time} AND seq < ${add(query.after.seq)}))`);
    }
    const sql = `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY at DESC, seq DESC LIMIT ${add(query.limit + 1)}`;
    const rows = (await query_(this.#pool, sql, params)) as AuditRow[];
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      rows: page.map(toAuditEvent),
      next: rows.length > query.limit && last ? { time: last.at, seq: last.seq } : null,
    };
  }

  async after(after: number, limit: number): Promise<AuditEvent[]> {
    const rows = await query_(this.#pool, 'SELECT * FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2', [
      after,
      limit,
    ]);
    return (rows as AuditRow[]).map(toAuditEvent);
  }

  async head(): Promise<AuditHead | null> {
    const rows = await query_(this.#pool, 'SELECT seq, hash, at FROM audit_events ORDER BY seq DESC LIMIT 1', []);
    const row = rows[0] as { seq: number; hash: string | null; at: string } | undefined;
    return row ? { seq: row.seq, hash: row.hash ?? '', at: row.at } : null;
  }

  async highestSeqIssued(): Promise<number> {
    const rows = await query_(this.#pool, 'SELECT seq FROM audit_head WHERE id = 1', []);
    return (rows[0] as { seq: number } | undefined)?.seq ?? 0;
  }
}

async function query_(db: Queryable, sql: string, params: unknown[]): Promise<unknown[]> {
  return (await db.query(sql, params)).rows;
}
