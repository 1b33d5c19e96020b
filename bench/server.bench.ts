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
const ROUNDS = 2;
const ROUND_SECONDS = 5;

/** Requests per second over all rounds; p99 is the worst round's, to stay conservative. */
function summarize(rounds: autocannon.Result[]) {
  const total = rounds.reduce((sum, r) => sum + r.requests.total, 0);
  const seconds = rounds.reduce((sum, r) => sum + r.duration, 0);
  return {
    total,
    rps: total / seconds,
    p50: Math.max(...rounds.map((r) => r.latency.p50)),
    p99: Math.max(...rounds.map((r) => r.latency.p99)),
  };
}

const root = mkdtempSync(join(tmpdir(), 'keywarden-bench-'));
const dataDir = join(root, 'data');
const { ownerToken } = await initWorkspace({ dataDir, name: 'Bench' });
const server = await startServer({ dataDir, host: '127.0.0.1', port: 0 });

try {
  const created = await fetch(`${server.url}/v1/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', scope: 'public_api' }),
  });
  const { secret } = (await created.json()) as { secret: string };

  const run = (path: string, headers: Record<string, string> = {}, duration = ROUND_SECONDS) =>
    autocannon({ url: `${server.url}${path}`, connections: CONNECTIONS, duration, headers });
  const whoamiHeaders = { authorization: `Bearer ${secret}` };

  // Warm-up (JIT, connections, key cache), not measured.
  await run('/v1/health', {}, 2);
  await run('/v1/whoami', whoamiHeaders, 2);
  // Alternate the routes, so load from anything else on the machine hits both alike.
  const noopRounds: autocannon.Result[] = [];
  const whoamiRounds: autocannon.Result[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    noopRounds.push(await run('/v1/health'));
    whoamiRounds.push(await run('/v1/whoami', whoamiHeaders));
  }
  for (const result of [...noopRounds, ...whoamiRounds]) {
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${result.url}: ${result.non2xx} non-2xx responses and ${result.errors} errors`);
    }
  }
  const noop = summarize(noopRounds);
  const whoami = summarize(whoamiRounds);

  const rows = [
    ['route', 'req/s', 'p50 ms', 'p99 ms (worst round)', 'requests'],
    ['GET /v1/health', noop.rps.toFixed(0), noop.p50, noop.p99, noop.total],
    ['GET /v1/whoami', whoami.rps.toFixed(0), whoami.p50, whoami.p99, whoami.total],
  ].map((row) => row.map(String));
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log(`${CONNECTIONS} connections, ${ROUNDS} x ${ROUND_SECONDS} s per route (alternating), loopback`);
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));

  console.log(`noop_rps: ${Math.round(noop.rps)} req/s`);
  console.log(`whoami_rps: ${Math.round(whoami.rps)} req/s`);
  console.log(`whoami_p99_ms: ${whoami.p99} ms`);
  console.log(`ratio: ${(whoami.rps / noop.rps).toFixed(2)}`);
} finally {
  await server.close();
  rmSync(root, { recursive: true, force: true });
}
