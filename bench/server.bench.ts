/**
 * Throughput of the hot path. Starts the service in-process on loopback with a temporary data
 * directory, then runs autocannon with the same load against the no-op route (`/v1/health`) and
 * against `/v1/whoami` with a real key. Run: `node bench/server.bench.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { initWorkspace, startServer } from '../src/server/index.ts';

const CONNECTIONS = 10;
const DURATION_SECONDS = 5;

const root = mkdtempSync(join(tmpdir(), 'keywarden-bench-'));
const dataDir = join(root, 'data');
const { ownerToken } = initWorkspace({ dataDir, name: 'Bench' });
const server = await startServer({ dataDir, host: '127.0.0.1', port: 0 });

try {
  const created = await fetch(`${server.url}/v1/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', scope: 'public_api' }),
  });
  const { secret } = (await created.json()) as { secret: string };

  const run = (path: string, headers: Record<string, string> = {}) =>
    autocannon({ url: `${server.url}${path}`, connections: CONNECTIONS, duration: DURATION_SECONDS, headers });

  await run('/v1/health'); // warm-up: JIT and connection setup, not measured
  const noop = await run('/v1/health');
  const whoami = await run('/v1/whoami', { authorization: `Bearer ${secret}` });
  for (const [name, result] of [
    ['health', noop],
    ['whoami', whoami],
  ] as const) {
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(
        `${name}: ${result.non2xx} non-2xx responses and ${result.errors} errors; the figures would be meaningless`,
      );
    }
  }

  const rows = [
    ['route', 'req/s (avg)', 'p50 ms', 'p99 ms', 'requests'],
    ['GET /v1/health', noop.requests.average, noop.latency.p50, noop.latency.p99, noop.requests.total],
    ['GET /v1/whoami', whoami.requests.average, whoami.latency.p50, whoami.latency.p99, whoami.requests.total],
  ].map((row) => row.map(String));
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log(`${CONNECTIONS} connections x ${DURATION_SECONDS} s per route, loopback`);
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));

  console.log(`noop_rps: ${Math.round(noop.requests.average)} req/s`);
  console.log(`whoami_rps: ${Math.round(whoami.requests.average)} req/s`);
  console.log(`whoami_p99_ms: ${whoami.latency.p99} ms`);
  console.log(`ratio: ${(whoami.requests.average / noop.requests.average).toFixed(2)}`);
} finally {
  await server.close();
  rmSync(root, { recursive: true, force: true });
}
