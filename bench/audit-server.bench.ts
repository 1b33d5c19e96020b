/**
 * The service's audit trail at a million events. Fills a temporary data directory with 1,000,000
 * chained events (one prepared statement, one transaction: 10,000 keys, 20 admin tokens, a year
 * of activity), then times what admins and syncing clients ask of AuditService:
 * - server_audit_page_1m_ms: one filtered page of 100, newest first (median over filters by type,
 *   key, actor and time range, and combinations of them; target under 20 ms), and the median of
 *   the slowest of those filters;
 * - server_audit_feed_page_1m_ms: one page of 1,000 oldest first after a seq (incremental sync);
 * - server_audit_verify_1m_s: walking the whole chain, as `keywarden-server audit verify` does.
 * Run: `node bench/audit-server.bench.ts`; prints `name: value unit` lines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sha256Hex } from '../src/server/domain/sha256.ts';
import { initWorkspace } from '../src/server/index.ts';
import { AuditService } from '../src/server/services/audit.ts';
import { databasePath } from '../src/server/storage/sqlite/database.ts';
import { openSqliteStorage } from '../src/server/storage/sqlite/index.ts';
import type { AuditEventType, AuditEventsQuery } from '../src/shared/api/index.ts';
import { auditChainInput, type AuditChainLink } from '../src/shared/audit-chain.ts';

const EVENTS = 1_000_000;
const KEYS = 10_000;
const TOKENS = 20;
const RUNS_PER_FILTER = 15;
const START = Date.parse('2029-01-01T00:00:00.000Z');
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Roughly how often each kind of event happens: keys are made and renamed far more than revoked. */
const TYPES: AuditEventType[] = [
  ...Array<AuditEventType>(30).fill('key.created'),
  ...Array<AuditEventType>(30).fill('key.updated'),
  ...Array<AuditEventType>(10).fill('key.rotated'),
  ...Array<AuditEventType>(8).fill('key.revoked'),
  ...Array<AuditEventType>(8).fill('key.expiring'),
  ...Array<AuditEventType>(6).fill('key.expired'),
  ...Array<AuditEventType>(4).fill('key.deleted'),
  'workspace.updated',
  'webhook.created',
  'admin_token.created',
  'notification.email_sent',
];

/** A fixed sequence (mulberry32), so every run measures the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function fill(dataDir: string): void {
  const db = new Database(databasePath(dataDir));
  db.pragma('journal_mode = WAL');
  const last = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as {
    seq: number;
    hash: string;
  };
  const insert = db.prepare(`INSERT INTO audit_events
      (seq, id, type, at, actor_type, actor_id, actor_name, key_id, key_prefix, ip, user_agent, details, hash)
    VALUES (@seq, @id, @type, @at, @actorType, @actorId, @actorName, @keyId, @keyPrefix, @ip, @userAgent, @details, @hash)`);
  const next = random(42);
  let previous = last.hash;
  db.transaction(() => {
    for (let i = 1; i <= EVENTS; i++) {
      const seq = last.seq + i;
      const token = Math.floor(next() * TOKENS);
      const key = Math.floor(next() * KEYS);
      const type = TYPES[Math.floor(next() * TYPES.length)] ?? 'key.created';
      const onKey = type.startsWith('key.');
      const event: AuditChainLink = {
        seq,
        id: `evt_bench${String(seq).padStart(12, '0')}`,
        type,
        // Several events share each millisecond, as bursts from a script do.
        at: new Date(START + Math.floor(((i / EVENTS) * YEAR_MS) / 1000) * 1000).toISOString(),
        actor: { type: 'admin_token', id: `tok_bench${token}`, name: `Admin ${token}` },
        keyId: onKey ? `key_bench${key}` : null,
        keyPrefix: onKey ? `lsk_live_${String(key).padStart(6, '0')}` : null,
        ip: `203.0.113.0`,
        userAgent: 'keywarden-desktop/1.0',
        details: onKey ? { name: `Key ${key}` } : { name: 'Acme' },
      };
      previous = sha256Hex(auditChainInput(previous, event));
      insert.run({
        seq,
        id: event.id,
        type,
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
  db.close();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const root = mkdtempSync(join(tmpdir(), 'keywarden-audit-bench-'));
const dataDir = join(root, 'data');
try {
  await initWorkspace({ dataDir, name: 'Bench' });
  fill(dataDir);
  const storage = openSqliteStorage(dataDir);
  const audit = new AuditService(storage);
  const month = (n: number) => new Date(START + n * (YEAR_MS / 12)).toISOString();
  const filters: Partial<AuditEventsQuery>[] = [
    { type: 'key.revoked' },
    { type: 'workspace.updated' },
    { keyId: 'key_bench4242' },
    { actorId: 'tok_bench7' },
    { since: month(3), until: month(4) },
    { type: 'key.revoked', since: month(6), until: month(7) },
    { keyId: 'key_bench77', type: 'key.updated' },
    { actorId: 'tok_bench3', type: 'key.deleted', since: month(9) },
  ];
  const pageTimes: number[] = [];
  const filterMedians: number[] = [];
  for (const filter of filters) {
    const query: AuditEventsQuery = { limit: 100, ...filter };
    const first = await audit.list(query);
    if (!first.ok || first.value.data.length === 0) throw new Error(`no events for ${JSON.stringify(filter)}`);
    const times: number[] = [];
    for (let run = 0; run < RUNS_PER_FILTER; run++) times.push(await timeMs(() => audit.list(query)));
    pageTimes.push(...times);
    filterMedians.push(median(times));
  }
  const feedTimes: number[] = [];
  for (let run = 0; run < RUNS_PER_FILTER; run++) {
    const after = Math.floor((run / RUNS_PER_FILTER) * EVENTS);
    feedTimes.push(await timeMs(() => audit.feed({ after, limit: 1000 })));
  }
  let verified = null as Awaited<ReturnType<AuditService['verify']>> | null;
  const verifyMs = await timeMs(async () => (verified = await audit.verify()));
  if (!verified?.intact || verified.checked !== EVENTS + 1) throw new Error('the chain did not verify');
  storage.close();

  process.stdout.write(`server_audit_page_1m_ms: ${median(pageTimes).toFixed(2)} ms\n`);
  process.stdout.write(`server_audit_page_1m_slowest_filter_ms: ${Math.max(...filterMedians).toFixed(2)} ms\n`);
  process.stdout.write(`server_audit_feed_page_1m_ms: ${median(feedTimes).toFixed(2)} ms\n`);
  process.stdout.write(`server_audit_verify_1m_s: ${(verifyMs / 1000).toFixed(2)} s\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
