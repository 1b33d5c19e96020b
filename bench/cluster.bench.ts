/**
 * Several nodes on one PostgreSQL: key-authentication throughput of one node and of two (each a
 * real `keywarden-server start --database …` process on loopback), the same on SQLite for
 * comparison, and how many requests any node still accepted with a key after its revocation
 * returned, under load from 20 connections spread over both nodes.
 * Run: `npm run bench:cluster` (a throwaway PostgreSQL cluster, as in the tests, or
 * KEYWARDEN_TEST_DATABASE_URL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createAdminToken, initWorkspace } from '../src/server/services/setup.ts';
import { startTestPostgres } from '../test/support/postgres.ts';

const BIN = join(import.meta.dirname, '../bin/keywarden-server.mjs');
const CONNECTIONS = 10;
const ROUND_SECONDS = 5;

interface Node {
  url: string;
  child: ChildProcess;
}

function startNode(args: string[], env: Record<string, string> = {}): Promise<Node> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!match?.[1]) return;
      // From here on the node's request log is read and dropped, as a log shipper would.
      child.stdout!.off('data', read);
      child.stdout!.resume();
      resolve({ url: match[1], child });
    };
    child.stdout!.on('data', read);
    child.on('exit', (code) => reject(new Error(`node exited with ${code}`)));
  });
}

async function stopNode(node: Node): Promise<void> {
  node.child.kill('SIGTERM');
  await new Promise((resolve) => node.child.once('exit', resolve));
}

async function post(url: string, token: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

async function load(
  targets: { url: string; method?: 'GET' | 'POST'; headers: Record<string, string>; body?: string }[],
  seconds = ROUND_SECONDS,
) {
  const results = await Promise.all(
    targets.map((target) =>
      autocannon({ ...target, connections: CONNECTIONS, duration: seconds, method: target.method ?? 'GET' }),
    ),
  );
  for (const result of results) {
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${result.url}: ${result.non2xx} non-2xx responses and ${result.errors} errors`);
    }
  }
  return {
    rps: results.reduce((sum, r) => sum + r.requests.total / r.duration, 0),
    p99: Math.max(...results.map((r) => r.latency.p99)),
  };
}

/** 20 connections alternating between the nodes; counts 200s to requests sent after the revoke returned. */
async function staleAcceptsAfterRevoke(nodes: Node[], owner: string): Promise<number> {
  const created = await post(`${nodes[0]!.url}/v1/api-keys`, owner, {
    name: 'revoked under load',
    scope: 'public_api',
  });
  const secret = created.secret as string;
  const keyId = (created.apiKey as { id: string }).id;
  let revokedAt = Infinity;
  let stale = 0;
  let stop = false;
  const worker = async (index: number) => {
    for (let i = index; !stop; i += 1) {
      const sentAt = performance.now();
      const response = await fetch(`${nodes[i % nodes.length]!.url}/v1/whoami`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      await response.arrayBuffer();
      if (response.status === 200 && sentAt > revokedAt) stale += 1;
    }
  };
  const workers = Array.from({ length: 20 }, (_, index) => worker(index));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await post(`${nodes[1]!.url}/v1/api-keys/${keyId}/revoke`, owner, { reason: 'bench' });
  revokedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  stop = true;
  await Promise.all(workers);
  return stale;
}

const postgres = await startTestPostgres();
const root = mkdtempSync(join(tmpdir(), 'keywarden-cluster-bench-'));
const nodes: Node[] = [];
try {
  // SQLite, one process, for comparison.
  const dataDir = join(root, 'data');
  const sqliteOwner = (await initWorkspace({ dataDir, name: 'Bench' })).ownerToken;
  const sqliteVerifier = (await createAdminToken({ dataDir, role: 'verifier', name: 'Gateway' })).token;
  const sqlite = await startNode(['--data', dataDir]);
  nodes.push(sqlite);
  const sqliteKey = (await post(`${sqlite.url}/v1/api-keys`, sqliteOwner, { name: 'b', scope: 'public_api' }))
    .secret as string;
  const verifyTarget = {
    url: `${sqlite.url}/v1/verify`,
    method: 'POST' as const,
    headers: { authorization: `Bearer ${sqliteVerifier}`, 'content-type': 'application/json' },
    body: JSON.stringify({ key: sqliteKey }),
  };
  const sqliteWhoami = { url: `${sqlite.url}/v1/whoami`, headers: { authorization: `Bearer ${sqliteKey}` } };
  await load([verifyTarget, sqliteWhoami], 2);
  const verifySqlite = await load([verifyTarget]);
  const whoamiSqlite = await load([sqliteWhoami]);
  await stopNode(sqlite);
  nodes.pop();

  // PostgreSQL, one node then two.
  const database = await postgres.database();
  const owner = (await initWorkspace({ database, name: 'Bench' })).ownerToken;
  const env = { KEYWARDEN_DATABASE_URL: database };
  nodes.push(...(await Promise.all([startNode([], env), startNode([], env)])));
  const key = (await post(`${nodes[0]!.url}/v1/api-keys`, owner, { name: 'b', scope: 'public_api' })).secret as string;
  const whoami = (node: Node) => ({ url: `${node.url}/v1/whoami`, headers: { authorization: `Bearer ${key}` } });
  await load([whoami(nodes[0]!), whoami(nodes[1]!)], 2);
  const one = await load([whoami(nodes[0]!)]);
  const two = await load([whoami(nodes[0]!), whoami(nodes[1]!)]);
  const stale = await staleAcceptsAfterRevoke(nodes, owner);

  console.log(`${CONNECTIONS} connections per node, ${ROUND_SECONDS} s per measurement, loopback, one machine`);
  console.log(`whoami_rps_1node_pg: ${Math.round(one.rps)} req/s`);
  console.log(`whoami_rps_2nodes_pg: ${Math.round(two.rps)} req/s`);
  console.log(`scale_ratio: ${(two.rps / one.rps).toFixed(2)}`);
  console.log(`whoami_p99_ms_2nodes: ${two.p99} ms`);
  console.log(`verify_rps_sqlite: ${Math.round(verifySqlite.rps)} req/s`);
  console.log(`whoami_rps_sqlite: ${Math.round(whoamiSqlite.rps)} req/s`);
  console.log(`stale_accepts_after_revoke: ${stale} requests`);
} finally {
  await Promise.all(nodes.map(stopNode));
  await postgres.stop();
  rmSync(root, { recursive: true, force: true });
}
