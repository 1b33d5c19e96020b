/**
 * Anyone with an admin token chooses where the server POSTs, so by default it delivers only to
 * public addresses: never into its own machine, its private network or the cloud's metadata service.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedAddress } from '../../../src/server/services/webhook-delivery.ts';
import { startTestServer, type TestServer } from './helpers.ts';
import { deliveriesOf, startReceiver, until, type Receiver } from './webhook-receiver.ts';

let t: TestServer;
const receivers: Receiver[] = [];
afterEach(async () => {
  await t.stop();
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}

const LOOPBACK = [
  'http://127.0.0.1:9/',
  'http://127.1/',
  'http://0x7f000001/',
  'http://2130706433/',
  'http://017700000001/',
  'http://0177.0.0.1/',
  'http://127.255.255.254/',
  'http://localhost:8787/',
  'http://LOCALHOST./',
  'http://api.localhost/',
  'http://[::1]:9/',
  'http://[0:0:0:0:0:0:0:1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::127.0.0.1]/',
  'http://0.0.0.0/',
  'http://0/',
  'http://[::]/',
];
const PRIVATE_NETWORK = [
  'http://10.0.0.1/',
  'http://172.16.0.1/',
  'http://172.31.255.254/',
  'http://192.168.0.1/',
  'http://100.64.0.1/',
  'http://[fd00::1]/',
  'http://[fc00::1]/',
  'http://[fe80::1]/',
  'http://[64:ff9b::a00:1]/',
  'http://printer.local/',
  'http://intranet/',
];
const CLOUD_METADATA = [
  'http://169.254.169.254/latest/meta-data',
  'http://[::ffff:169.254.169.254]/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://metadata/computeMetadata/v1/',
  'http://[fd00:ec2::254]/',
];
const NOT_UNICAST = ['http://224.0.0.1/', 'http://255.255.255.255/', 'http://[ff02::1]/', 'http://240.0.0.1/'];

describe('registering a webhook', () => {
  it.each([...LOOPBACK, ...PRIVATE_NETWORK, ...CLOUD_METADATA, ...NOT_UNICAST])(
    'refuses %s with 400 naming url',
    async (url) => {
      t = await startTestServer();
      const refused = await t.call('POST', '/v1/webhooks', { body: { url, events: ['key.created'] } });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('invalid_request');
      expect(refused.body.fields).toEqual([{ path: 'url', message: expect.stringMatching(/public address/) }]);
      expect(refused.body.message).toMatch(/--allow-private-webhooks/);
      expect((await t.call('GET', '/v1/webhooks')).body.data).toEqual([]);
    },
  );

  it('accepts public names and addresses', async () => {
    t = await startTestServer();
    // Subscribed to an event this test never causes: nothing is sent anywhere.
    for (const url of ['https://hooks.example.com/keywarden', 'https://8.8.8.8/x', 'https://[2001:4860:4860::8888]/']) {
      expect((await t.call('POST', '/v1/webhooks', { body: { url, events: ['key.deleted'] } })).status).toBe(201);
    }
  });

  it('refuses a URL over 2,048 characters, naming url', async () => {
    t = await startTestServer();
    const base = 'https://hooks.example.com/';
    const at = (length: number) => `${base}${'a'.repeat(length - base.length)}`;
    const refused = await t.call('POST', '/v1/webhooks', { body: { url: at(2049), events: ['key.deleted'] } });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([{ path: 'url', message: 'url must be at most 2048 characters long' }]);
    expect((await t.call('POST', '/v1/webhooks', { body: { url: at(2048), events: ['key.deleted'] } })).status).toBe(
      201,
    );
  });

  it('accepts loopback and private receivers on a server started with allowPrivateWebhooks', async () => {
    t = await startTestServer({ allowPrivateWebhooks: true });
    for (const url of ['http://127.0.0.1:9/', 'http://[::1]:9/', 'http://localhost:9/']) {
      expect((await t.call('POST', '/v1/webhooks', { body: { url, events: ['key.deleted'] } })).status).toBe(201);
    }
  });
});

describe('delivering a webhook', () => {
  /** A DNS answer the test controls, counting how often each name is resolved. */
  function resolver(answers: Record<string, string[]>) {
    const lookups: string[] = [];
    const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
      lookups.push(hostname);
      const addresses = answers[hostname];
      if (!addresses) throw new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    return { lookups, resolve };
  }

  it.each([['127.0.0.1'], ['::1'], ['::ffff:127.0.0.1']])(
    'refuses a public name that resolves to %s at delivery time (DNS rebinding), without connecting',
    async (address) => {
      const hook = await receiver();
      const dns = resolver({ 'hooks.example.com': [address] });
      t = await startTestServer({ resolveWebhookHost: dns.resolve, webhookRetryDelaysMs: [] });
      const url = `http://hooks.example.com:${hook.port}/hooks`;
      const created = await t.call('POST', '/v1/webhooks', { body: { url, events: ['key.created'] } });
      expect(created.status).toBe(201);
      await t.call('POST', '/v1/api-keys', { body: { name: 'Rebound', scope: 'scim' } });
      await until(() => dns.lookups.length > 0);
      await t.server.webhooksIdle();

      expect(hook.received).toEqual([]);
      const [delivery] = await deliveriesOf(t.dataDir, created.body.webhook.id);
      expect(delivery).toMatchObject({ statusCode: null, delivered: false });
      expect(delivery?.error).toMatch(new RegExp(`hooks.example.com resolves to ${address}, a `));
    },
  );

  it('connects to the address it resolved and checked, not to a second answer', async () => {
    const hook = await receiver();
    const dns = resolver({ 'receiver.rebind.test': ['127.0.0.1'] });
    t = await startTestServer({ allowPrivateWebhooks: true, resolveWebhookHost: dns.resolve });
    const url = `http://receiver.rebind.test:${hook.port}/hooks`;
    await t.call('POST', '/v1/webhooks', { body: { url, events: ['key.created'] } });
    await t.call('POST', '/v1/api-keys', { body: { name: 'Pinned', scope: 'scim' } });
    await until(() => hook.received.length === 1);
    await t.server.webhooksIdle();
    // The system resolver knows no .test name: the delivery reached 127.0.0.1 through the one answer.
    expect(dns.lookups).toEqual(['receiver.rebind.test']);
    expect(hook.received[0]?.headers.host).toBe(`receiver.rebind.test:${hook.port}`);
  });

  it('records a redirect as a failed delivery and never POSTs to its Location', async () => {
    const elsewhere = await receiver();
    const redirecting = await receiver((response) => response.writeHead(307, { location: elsewhere.url }).end('moved'));
    t = await startTestServer({ allowPrivateWebhooks: true, webhookRetryDelaysMs: [] });
    const created = await t.call('POST', '/v1/webhooks', { body: { url: redirecting.url, events: ['key.created'] } });
    await t.call('POST', '/v1/api-keys', { body: { name: 'Redirected', scope: 'scim' } });
    await until(() => redirecting.received.length === 1);
    await t.server.webhooksIdle();

    expect(elsewhere.received).toEqual([]);
    const deliveries = await deliveriesOf(t.dataDir, created.body.webhook.id);
    expect(deliveries).toMatchObject([{ statusCode: 307, delivered: false }]);
    expect(deliveries[0]?.error).toMatch(/redirects are not followed/);
  });
});
