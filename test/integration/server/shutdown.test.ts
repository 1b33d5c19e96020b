import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.ts';

let t: TestServer | null = null;
let agent: Agent | null = null;
afterEach(async () => {
  agent?.destroy();
  agent = null;
  await t?.stop();
  t = null;
});

/** Starts a keep-alive POST and sends only the first part of its body. */
function startSlowCreate(server: TestServer, http: Agent) {
  const body = JSON.stringify({ name: 'in flight', scope: 'scim' });
  const req = request(`${server.url}/v1/api-keys`, {
    method: 'POST',
    agent: http,
    headers: {
      authorization: `Bearer ${server.ownerToken}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    },
  });
  const answered = new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', reject);
  });
  answered.catch(() => undefined);
  req.write(body.slice(0, 10));
  return { finish: () => req.end(body.slice(10)), answered };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('stopping the server (Ctrl-C)', () => {
  it('answers a request in flight, then stops at once even though the client keeps its connection alive', async () => {
    t = await startTestServer();
    agent = new Agent({ keepAlive: true });
    const slow = startSlowCreate(t, agent);
    await sleep(100);

    const startedAt = Date.now();
    const closed = t.server.close();
    await sleep(100);
    slow.finish();
    expect(await slow.answered).toEqual({ status: 201, connection: 'close' });
    await closed;
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it('cuts a client that never finishes its request once the drain time is over', async () => {
    t = await startTestServer({ drainTimeoutMs: 300 });
    agent = new Agent({ keepAlive: true });
    const stuck = startSlowCreate(t, agent);
    await sleep(100);

    const startedAt = Date.now();
    await t.server.close();
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    await expect(stuck.answered).rejects.toThrow();
  });
});
