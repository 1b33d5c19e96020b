/**
 * Part of `npm run bench:audit`: the audit log kept in the vault, at a million events.
 *
 *   page_query_median_ms   one page of 100, newest first, filtered as the audit view filters: by
 *                          workspace, key, event type, actor, source, date range and combinations
 *                          of them; the median over every filter's runs (target under 20 ms)
 *   text_search_1m_ms      one page of 100 for free text (an admin's name, a key's name, an IP
 *                          prefix, a user agent, a word of a revocation reason, two words at
 *                          once, with and without other filters); the median (target under 50 ms)
 *
 * The vault is a real SQLite database in a temporary folder, filled through the repository the
 * sync writes with (1,000,000 service events over three workspaces and a year, and what the app
 * did itself): every index and the search index as a sync leaves them. Prints the slowest
 * filter's median beside each figure, then one `name: value unit` line per figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchTextOf } from '../src/main/core/audit/search-text.ts';
import { AuditQuery } from '../src/main/core/store/audit-query.ts';
import { AuditRepository, type NewAuditEntry } from '../src/main/core/store/audit-repository.ts';
import { openVaultDatabase } from '../src/main/core/store/database.ts';
import { WorkspaceRepository } from '../src/main/core/store/workspace-repository.ts';
import type { AuditEventType } from '../src/shared/api/index.ts';
import type { AuditFilters, LocalAuditEventType } from '../src/shared/ipc/index.ts';

const EVENTS = 1_000_000;
const WORKSPACES = ['ws_benchAcme', 'ws_benchGlobex', 'ws_benchInitech'];
const PAGE = 5_000;
const RUNS = 15;
const START = Date.parse('2030-01-01T00:00:00.000Z');
const YEAR_MS = 365 * 86_400_000;
const TYPES: AuditEventType[] = [
  ...Array<AuditEventType>(30).fill('key.created'),
  ...Array<AuditEventType>(30).fill('key.updated'),
  ...Array<AuditEventType>(10).fill('key.rotated'),
  ...Array<AuditEventType>(8).fill('key.revoked'),
  ...Array<AuditEventType>(8).fill('key.expiring'),
  ...Array<AuditEventType>(6).fill('key.expired'),
  'key.deleted',
  'workspace.updated',
  'webhook.created',
  'admin_token.created',
];
const LOCAL_TYPES: LocalAuditEventType[] = ['secret.copied', 'secret.revealed', 'secret.pushed', 'reminder.shown'];
const REASONS = ['rotated', 'leaked in a support ticket', 'contractor left', 'replaced by the new integration'];
const AGENTS = ['curl/8.5.0', 'keywarden-desktop/1.0', 'Terraform/1.9.5', 'python-requests/2.32'];

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

function fill(repository: AuditRepository): void {
  const next = random(7);
  const seqs = new Map(WORKSPACES.map((id) => [id, 0]));
  for (let first = 0; first < EVENTS; first += PAGE) {
    const byWorkspace = new Map<string, NewAuditEntry[]>(WORKSPACES.map((id) => [id, []]));
    for (let i = first; i < Math.min(first + PAGE, EVENTS); i++) {
      const workspaceId = WORKSPACES[Math.floor(next() * WORKSPACES.length)]!;
      const local = next() < 0.01;
      const key = Math.floor(next() * 10_000);
      const admin = Math.floor(next() * 40);
      const type = local ? LOCAL_TYPES[key % LOCAL_TYPES.length]! : TYPES[Math.floor(next() * TYPES.length)]!;
      const event = {
        type,
        at: new Date(START + Math.floor((i / EVENTS) * YEAR_MS)).toISOString(),
        actor: local
          ? { type: 'app' as const, id: null, name: 'Keywarden on this device' }
          : { type: 'admin_token' as const, id: `tok_bench${admin}`, name: `Admin ${admin}` },
        keyId: `key_bench${key}`,
        keyPrefix: `lsk_live_${String(key).padStart(6, '0')}`,
        ip: local ? null : `203.0.${113 + (admin % 3)}.0`,
        userAgent: local ? null : AGENTS[admin % AGENTS.length]!,
        details: type === 'key.revoked' ? { reason: REASONS[key % REASONS.length] } : { name: `Key ${key}` },
      };
      const seq = local ? null : (seqs.get(workspaceId) ?? 0) + 1;
      if (seq !== null) seqs.set(workspaceId, seq);
      byWorkspace.get(workspaceId)!.push({
        ...event,
        workspaceId,
        source: local ? 'local' : 'service',
        seq,
        eventId: `evt_bench${i}`,
        hash: local ? null : 'ab'.repeat(32),
        searchText: searchTextOf(event, `Key ${key}`),
      });
    }
    for (const [workspaceId, entries] of byWorkspace) {
      const seq = seqs.get(workspaceId) ?? 0;
      repository.storeServicePage({
        workspaceId,
        entries,
        head: { seq, hash: 'ab'.repeat(32) },
        headSeq: seq,
        breaks: [],
      });
    }
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Every run of every filter, and each filter's median. */
function measure(query: AuditQuery, filters: AuditFilters[]): { all: number[]; medians: [string, number][] } {
  const all: number[] = [];
  const medians: [string, number][] = [];
  for (const filter of filters) {
    if (query.page(filter, 100).entries.length === 0) throw new Error(`nothing matches ${JSON.stringify(filter)}`);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      query.page(filter, 100);
      times.push(performance.now() - started);
    }
    all.push(...times);
    medians.push([JSON.stringify(filter), median(times)]);
  }
  return { all, medians };
}

const dir = mkdtempSync(join(tmpdir(), 'keywarden-bench-audit-cache-'));
try {
  const db = openVaultDatabase(dir);
  const workspaces = new WorkspaceRepository(db);
  for (const id of WORKSPACES) {
    const name = id.replace('ws_bench', '');
    workspaces.save({
      id,
      name,
      kind: 'remote',
      url: `https://${name}.example`,
      role: 'owner',
      createdAt: new Date(START).toISOString(),
    });
  }
  const filling = performance.now();
  fill(new AuditRepository(db));
  db.pragma('optimize');
  process.stderr.write(
    `filled ${EVENTS.toLocaleString()} events in ${((performance.now() - filling) / 1000).toFixed(1)} s\n`,
  );
  const query = new AuditQuery(db);
  const month = (n: number) => new Date(START + n * (YEAR_MS / 12)).toISOString();
  const pages = measure(query, [
    {},
    { workspaceId: 'ws_benchGlobex' },
    { keyId: 'key_bench4242' },
    { type: 'key.revoked' },
    { type: 'webhook.created' },
    { actor: 'admin_token:tok_bench7' },
    { source: 'local' },
    { since: month(3), until: month(4) },
    { workspaceId: 'ws_benchAcme', type: 'key.revoked' },
    { workspaceId: 'ws_benchInitech', keyId: 'key_bench77' },
    { actor: 'admin_token:tok_bench3', type: 'key.expired', since: month(9) },
    { workspaceId: 'ws_benchAcme', source: 'local', until: month(6) },
  ]);
  const searches = measure(query, [
    { text: 'Admin 17' },
    { text: 'Key 4242' },
    { text: '203.0.114' },
    { text: 'terraform' },
    { text: 'leaked' },
    { text: 'leaked ticket' },
    { text: 'contractor', workspaceId: 'ws_benchGlobex' },
    { text: 'lsk_live_0042' },
    { text: 'revoked', since: month(5), until: month(7) },
    { text: 'python', type: 'key.updated', actor: 'admin_token:tok_bench11' },
  ]);
  for (const [label, value] of [...pages.medians, ...searches.medians]) {
    process.stderr.write(`  ${value.toFixed(2).padStart(8)} ms  ${label}\n`);
  }
  db.close();
  process.stdout.write(`page_query_median_ms: ${median(pages.all).toFixed(2)} ms\n`);
  process.stdout.write(
    `page_query_slowest_filter_ms: ${Math.max(...pages.medians.map(([, value]) => value)).toFixed(2)} ms\n`,
  );
  process.stdout.write(`text_search_1m_ms: ${median(searches.all).toFixed(2)} ms\n`);
  process.stdout.write(
    `text_search_slowest_1m_ms: ${Math.max(...searches.medians.map(([, value]) => value)).toFixed(2)} ms\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
