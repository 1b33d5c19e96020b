/**
 * A receiver controls how much it answers. The server reads a few KiB of it (enough for the
 * delivery log) and hangs up, so a huge or endless answer costs it neither memory nor time.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.ts';
import { deliveriesOf, startReceiver, until, type Receiver } from './webhook-receiver.ts';

const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(MiB, 'x');
/** Whatever happens, a receiver stops writing after this long. */
const WRITE_LIMIT_MS = 20_000;

let t: TestServer;
let receiver: Receiver;
afterEach(async () => {
  await t.stop();
  await receiver.close();
});

/**
 * Streams up to `totalBytes` as fast as the server reads them; `sent` says how much the socket
 * took before the server hung up.
 */
function flood(status: number, totalBytes: number) {
  const state = { sent: 0, closedAt: null as number | null };
  const answer = (response: ServerResponse) => {
    const startedAt = Date.now();
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.on('close', () => (state.closedAt = Date.now()));
    const write = () => {
      while (state.closedAt === null && state.sent < totalBytes && Date.now() - startedAt < WRITE_LIMIT_MS) {
        state.sent += CHUNK.length;
        if (!response.write(CHUNK)) return void response.once('drain', write);
      }
      if (state.closedAt === null) response.end();
    };
    write();
  };
  return { state, answer };
}

async function deliverOnce(answer: (response: ServerResponse) => void) {
  receiver = await startReceiver(answer);
  t = await startTestServer({ allowPrivateWebhooks: true, webhookRetryDelaysMs: [] });
  const created = await t.call('POST', '/v1/webhooks', { body: { url: receiver.url, events: ['key.created'] } });
  const rssBefore = process.memoryUsage().rss;
  const startedAt = Date.now();
  await t.call('POST', '/v1/api-keys', { body: { name: 'Loud receiver', scope: 'scim' } });
  await until(() => receiver.received.length === 1);
  await t.server.webhooksIdle();
  const elapsedMs = Date.now() - startedAt;
  const rssGrowth = process.memoryUsage().rss - rssBefore;
  const [delivery] = await deliveriesOf(t.dataDir, created.body.webhook.id);
  return { delivery, elapsedMs, rssGrowth };
}

describe("a receiver's answer", () => {
  it('of 512 MiB is cut after a few KiB: memory stays flat and the delivery is logged at once', async () => {
    const { state, answer } = flood(200, 512 * MiB);
    const { delivery, elapsedMs, rssGrowth } = await deliverOnce(answer);
    expect(delivery).toMatchObject({ statusCode: 200, delivered: true, error: null });
    expect(elapsedMs).toBeLessThan(3_000);
    expect(rssGrowth).toBeLessThan(64 * MiB);
    await until(() => state.closedAt !== null);
    // Socket buffers take a few MiB before the server hangs up; nowhere near the whole answer.
    expect(state.sent).toBeLessThan(64 * MiB);
  });

  it('that never ends is cut too, and its first bytes explain the failure in the log', async () => {
    const { state, answer } = flood(500, Infinity);
    const { delivery, elapsedMs, rssGrowth } = await deliverOnce(answer);
    expect(delivery).toMatchObject({ statusCode: 500, delivered: false });
    expect(delivery?.error).toMatch(/^receiver answered 500: x{200}$/);
    expect(elapsedMs).toBeLessThan(3_000);
    expect(rssGrowth).toBeLessThan(64 * MiB);
    await until(() => state.closedAt !== null);
    expect(state.sent).toBeLessThan(64 * MiB);
  });
});
