import type { Database } from 'better-sqlite3';
import { AUDIT_CHAIN_START, auditChainInput } from '../../../../shared/audit-chain.ts';
import type { AuditEvent } from '../../../../shared/api/index.ts';
import { sha256Hex } from '../../../domain/sha256.ts';

interface LegacyAuditRow {
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

/**
 * The audit trail becomes a hash chain: each event stores SHA-256 of the previous event's hash and
 * its own canonical JSON. Events already stored are chained in the order they were committed,
 * which is their `seq` (SQLite gave it on insert, one more than the last, and no event was ever
 * deleted), so events with equal timestamps keep the order they happened in.
 * Also indexes the newest-first listing's other filters (type, actor), which scanned the table.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE audit_events ADD COLUMN hash TEXT;
    CREATE INDEX audit_by_type ON audit_events (type, at DESC, seq DESC);
    CREATE INDEX audit_by_actor ON audit_events (actor_id, at DESC, seq DESC);
  `);
  const setHash = db.prepare('UPDATE audit_events SET hash = ? WHERE seq = ?');
  // In batches: better-sqlite3 does not allow writing while a statement iterates, and a long
  // trail need not sit in memory whole.
  const batch = db.prepare('SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT 10000');
  let previous = AUDIT_CHAIN_START;
  let rows = batch.all(0) as LegacyAuditRow[];
  while (rows.length > 0) {
    for (const row of rows) {
      previous = sha256Hex(auditChainInput(previous, toLink(row)));
      setHash.run(previous, row.seq);
    }
    rows = batch.all(rows.at(-1)?.seq) as LegacyAuditRow[];
  }
}

function toLink(row: LegacyAuditRow) {
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
  };
}
