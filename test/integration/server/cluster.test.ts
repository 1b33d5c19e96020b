/**
 * Several nodes, one truth: real `keywarden-server start --database …` processes on one
 * PostgreSQL behave like one server. A client may reach any node on any request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../support/postgres.ts';
import { startReceiver, type Receiver } from './webhook-receiver.ts';

const BIN = join(import.meta.dirname, '../../../bin/keywarden-server.mjs');

interface Node {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

let postgres: TestPostgres;

beforeAll(async () => {
  postgres = await startTestPostgres();
}, 60_000);

afterAll(async () => {
  await postgres.stop();
});

function cli(database: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, KEYWARDEN_DATABASE_URL: database },
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function startNode(database: string): Promise<Node> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--allow-private-webhooks'], {
    env: { ...process.env, KEYWARDEN_DATABASE_URL: database },
    stdio: 'pipe',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(() => reject(new Error(`node exited: ${output}`)));
  });
  return { url, child, exited };
}

async function stopNode(node: Node): Promise<void> {
  if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGTERM');
  await node.exited;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON fields of responses
async function call(node: Node, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${node.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function initialised(): Promise<{ database: string; owner: string }> {
  const database = await postgres.database();
  const init = await cli(database, 'init', '--json', '--workspace', 'Acme');
  expect(init.code, init.stderr).toBe(0);
  return { database, owner: (JSON.parse(init.stdout) as { ownerToken: string }).ownerToken };
}

describe('two nodes on one PostgreSQL database', () => {
  let database: string;
  let owner: string;
  let a: Node;
  let b: Node;

  beforeAll(async () => {
    ({ database, owner } = await initialised());
    [a, b] = await Promise.all([startNode(database), startNode(database)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([stopNode(a), stopNode(b)]);
  });

  it('verifies on B a key created on A, and refuses it on B on the very next request after A revoked it', async () => {
    const created = await call(a, owner, 'POST', '/v1/api-keys', { name: 'CI', scope: 'public_api' });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect((await call(b, secret, 'GET', '/v1/whoami')).status).toBe(200);
    expect((await call(a, secret, 'GET', '/v1/whoami')).status).toBe(200);
    expect((await call(b, secret, 'GET', '/v1/whoami')).status).toBe(200);

    const revoked = await call(a, owner, 'POST', `/v1/api-keys/${created.body.apiKey.id}/revoke`, { reason: 'leaked' });
    expect(revoked.status).toBe(200);
    const onB = await call(b, secret, 'GET', '/v1/whoami');
    expect(onB.status).toBe(401);
    expect(onB.body.code).toBe('invalid_key');
  });

  it('shows a workspace renamed on A on B', async () => {
    expect((await call(a, owner, 'PATCH', '/v1/workspace', { name: 'Acme EU' })).status).toBe(200);
    expect((await call(b, owner, 'GET', '/v1/workspace')).body.name).toBe('Acme EU');
  });

  it('reports the database reachable in the health check of every node', async () => {
    for (const node of [a, b]) {
      const health = await fetch(`${node.url}/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true, database: 'reachable' });
    }
  });

  it('answers 429 to a client guessing keys on both nodes in turn, once it used up its window', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 22; i += 1) {
      answers.push((await call(i % 2 === 0 ? a : b, `lsk_live_${'x'.repeat(40)}${i}`, 'GET', '/v1/whoami')).status);
    }
    // 20 failures per minute: each node alone saw only 11.
    expect(answers.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(answers.slice(20)).toEqual([429, 429]);
  });
});

describe('a node killed mid-burst', () => {
  let receiver: Receiver;
  /** When each delivery arrived, in the order of `receiver.received`. */
  const arrivals: number[] = [];

  beforeAll(async () => {
    // A slow receiver, so the killed node dies holding deliveries it was sending.
    receiver = await startReceiver((response) => {
      arrivals.push(Date.now());
      setTimeout(() => response.writeHead(204).end(), 200);
    });
  });

  afterAll(async () => {
    await receiver.close();
  });

  it('loses no created key and no webhook event: the other node delivers each one once', async () => {
    const { database, owner } = await initialised();
    const [a, b] = await Promise.all([startNode(database), startNode(database)]);
    try {
      const webhook = await call(a, owner, 'POST', '/v1/webhooks', { url: receiver.url, events: ['key.created'] });
      expect(webhook.status).toBe(201);

      const created: string[] = [];
      let createdOnA = 0;
      let killedAt = Infinity;
      const burst = Array.from({ length: 40 }, async (_, i) => {
        const node = i % 2 === 0 ? a : b;
        await new Promise((resolve) => setTimeout(resolve, i * 10));
        try {
          const response = await call(node, owner, 'POST', '/v1/api-keys', { name: `k${i}`, scope: 'public_api' });
          if (response.status !== 201) return;
          created.push(response.body.apiKey.id as string);
          // A dies once it has created a few keys, with their deliveries in flight.
          if (node === a && (createdOnA += 1) === 3) {
            killedAt = Date.now();
            a.child.kill('SIGKILL');
          }
        } catch {
          // A request to the killed node may get no answer: the client would retry on the other.
        }
      });
      await Promise.all(burst);
      expect(killedAt).toBeLessThan(Infinity);
      expect(created.length).toBeGreaterThanOrEqual(23);

      // Every 201 is in the database, as every node sees it.
      for (const id of created) expect((await call(b, owner, 'GET', `/v1/api-keys/${id}`)).status).toBe(200);

      const client = new pg.Client({ connectionString: database });
      await client.connect();
      const events = await client.query<{ id: string; key_id: string }>(
        "SELECT id, key_id FROM audit_events WHERE type = 'key.created'",
      );
      expect(events.rows.map((row) => row.key_id)).toEqual(expect.arrayContaining(created));

      // The surviving node takes over what the dead one held once its lease runs out, and every
      // delivery ends delivered.
      let undelivered = Infinity;
      const deadline = Date.now() + 45_000;
      while (undelivered > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const { rows } = await client.query<{ n: number }>(
          "SELECT COUNT(*)::int AS n FROM webhook_deliveries WHERE status <> 'delivered'",
        );
        undelivered = rows[0]!.n;
      }
      await client.end();
      expect(undelivered).toBe(0);
      const receivedIds = () => receiver.received.map((r) => r.headers['webhook-id'] as string);
      const firstArrival = new Map<string, number>();
      const repeated: string[] = [];
      for (const [index, id] of receivedIds().entries()) {
        if (firstArrival.has(id)) repeated.push(id);
        else firstArrival.set(id, arrivals[index]!);
      }
      // An event reaches the receiver twice only when the killed node was sending it as it died
      // (it never recorded the answer, so the survivor sends it again: receivers drop repeats by
      // webhook-id). Live nodes never send one event twice. A request the dying node had already
      // written can be read by the receiver a moment after the kill was issued, but a survivor
      // only resends once the lease has run out, seconds later.
      const inFlightSlackMs = 3_000;
      for (const id of repeated) expect(firstArrival.get(id)).toBeLessThan(killedAt + inFlightSlackMs);
      expect(new Set(receivedIds()).size).toBe(events.rows.length);
    } finally {
      await Promise.all([stopNode(a), stopNode(b)]);
    }
  }, 90_000);
});

describe('nodes starting together on an empty database', () => {
  it('migrate it once', async () => {
    const database = await postgres.database();
    const starts = await Promise.all([cli(database, 'start', '--port', '0'), cli(database, 'start', '--port', '0')]);
    // Both migrated (or waited for the other's migration), then found no workspace.
    for (const start of starts) {
      expect(start.code).toBe(1);
      expect(start.stderr).toContain('holds no workspace yet; run "keywarden-server init --database URL" first.');
    }
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    const { rows } = await client.query<{ version: number }>('SELECT version FROM keywarden_migrations');
    await client.end();
    expect(rows.map((row) => row.version)).toEqual([1, 2]);
  });
});
