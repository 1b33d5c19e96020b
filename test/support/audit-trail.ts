/**
 * Appends chained audit events straight into a management service's SQLite file, as the service
 * itself would have written them (each hash from the one before): many events in a second, for
 * the sync tests and benchmarks. Also edits and deletes rows behind the service's back, as an
 * intruder with access to the file would.
 */
import Database from 'better-sqlite3';
import { sha256Hex } from '../../src/server/domain/sha256.ts';
import { databasePath } from '../../src/server/storage/sqlite/database.ts';
import type { AuditEventType } from '../../src/shared/api/index.ts';
import { auditChainInput, type AuditChainLink } from '../../src/shared/audit-chain.ts';

export interface FillOptions {
  /** When the first event happened (ms); events follow `stepMs` apart (default one second). */
  startMs: number;
  stepMs?: number;
  /** Distinct admins and keys the events are spread over. */
  actors?: number;
  keys?: number;
  /** Changes each event before it is chained (text with commas, quotes, newlines, formulas…). */
  customise?: (event: AuditChainLink) => AuditChainLink;
}

const TYPES: AuditEventType[] = ['key.created', 'key.updated', 'key.updated', 'key.rotated', 'key.revoked'];

/** Appends `count` events after the trail's last one; returns the last seq. */
export function appendAuditEvents(serviceDataDir: string, count: number, options: FillOptions): number {
  const db = new Database(databasePath(serviceDataDir));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  try {
    const insert = db.prepare(`INSERT INTO audit_events
        (seq, id, type, at, actor_type, actor_id, actor_name, key_id, key_prefix, ip, user_agent, details, hash)
      VALUES (@seq, @id, @type, @at, @actorType, @actorId, @actorName, @keyId, @keyPrefix, @ip, @userAgent, @details, @hash)`);
    const last = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined;
    let previous = last?.hash ?? '0'.repeat(64);
    const first = (last?.seq ?? 0) + 1;
    const actors = options.actors ?? 5;
    const keys = options.keys ?? 200;
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const seq = first + i;
        const actor = seq % actors;
        const key = (seq * 7) % keys;
        const made: AuditChainLink = {
          seq,
          id: `evt_fill${String(seq).padStart(10, '0')}`,
          type: TYPES[seq % TYPES.length]!,
          at: new Date(options.startMs + i * (options.stepMs ?? 1000)).toISOString(),
          actor: { type: 'admin_token', id: `tok_fill${actor}`, name: `Admin ${actor}` },
          keyId: `key_fill${key}`,
          keyPrefix: `lsk_live_${String(key).padStart(4, '0')}`,
          ip: `203.0.113.0`,
          userAgent: 'curl/8.5.0',
          details: { name: `Key ${key}`, n: seq },
        };
        const event = options.customise ? options.customise(made) : made;
        previous = sha256Hex(auditChainInput(previous, event));
        insert.run({
          seq,
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
          hash: previous,
        });
      }
    })();
    return first + count - 1;
  } finally {
    db.close();
  }
}

/** Runs SQL against the service's database file beside the running service. */
export function tamperWithService(serviceDataDir: string, sql: string, ...params: unknown[]): number {
  const db = new Database(databasePath(serviceDataDir));
  db.pragma('busy_timeout = 5000');
  try {
    return db.prepare(sql).run(...params).changes;
  } finally {
    db.close();
  }
}
