import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.ts';
import { deliveriesOf, startReceiver, until, type Receiver } from './webhook-receiver.ts';

/** Answers the first `failFirst` deliveries with 503, then accepts. */
function failingFirst(failFirst: number): Promise<Receiver> {
  let failures = failFirst;
  return startReceiver((response) => response.writeHead(failures-- > 0 ? 503 : 204).end());
}

function track(receiver: Receiver): Receiver {
  receivers.push(receiver);
  return receiver;
}

// The receivers here listen on loopback, which a server delivers to only when told so.
const LOOPBACK = { allowPrivateWebhooks: true };

let t: TestServer;
const receivers: Receiver[] = [];
afterEach(async () => {
  await t.stop();
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

describe('webhooks', () => {
  it('signs each delivery per Standard Webhooks so a receiver can verify it independently', async () => {
    t = await startTestServer(LOOPBACK);
    const receiver = track(await startReceiver());
    const created = await t.call('POST', '/v1/webhooks', {
      body: { url: receiver.url, events: ['key.created', 'key.revoked'] },
    });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    expect(created.body.webhook).toMatchObject({ url: receiver.url, events: ['key.created', 'key.revoked'] });

    const key = (await t.call('POST', '/v1/api-keys', { body: { name: 'Hooked', scope: 'scim' } })).body;
    await t.call('PATCH', `/v1/api-keys/${key.apiKey.id}`, { body: { name: 'not subscribed' } });
    await t.call('POST', `/v1/api-keys/${key.apiKey.id}/revoke`);
    await until(() => receiver.received.length >= 2);
    await t.server.webhooksIdle();
    expect(receiver.received).toHaveLength(2);

    const signingKey = Buffer.from(secret.slice('whsec_'.length), 'base64');
    for (const delivery of receiver.received) {
      const id = String(delivery.headers['webhook-id']);
      const timestamp = String(delivery.headers['webhook-timestamp']);
      const expected = createHmac('sha256', signingKey).update(`${id}.${timestamp}.${delivery.body}`).digest('base64');
      expect(delivery.headers['webhook-signature']).toBe(`v1,${expected}`);
      expect(Number(timestamp)).toBe(Math.floor(t.clock.now().getTime() / 1000));
    }
    const bodies = receiver.received.map((d) => JSON.parse(d.body));
    expect(bodies.map((b) => b.type)).toEqual(['key.created', 'key.revoked']);
    expect(bodies[1].data).toMatchObject({ keyId: key.apiKey.id, actor: { name: 'Owner' } });
    expect(receiver.received.map((d) => d.body).join('')).not.toContain(key.secret);

    const listed = (await t.call('GET', '/v1/webhooks')).body.data;
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect((await t.call('DELETE', `/v1/webhooks/${listed[0].id}`)).status).toBe(204);
    expect((await t.call('GET', '/v1/webhooks')).body.data).toEqual([]);
    expect((await t.call('DELETE', `/v1/webhooks/${listed[0].id}`)).status).toBe(404);
    const types = (await t.call('GET', '/v1/audit-events')).body.data.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['webhook.created', 'webhook.deleted']));
  });

  it('retries a failing receiver with backoff and logs every attempt', async () => {
    t = await startTestServer({ ...LOOPBACK, webhookRetryDelaysMs: [50, 100, 200] });
    const receiver = track(await failingFirst(2));
    const created = await t.call('POST', '/v1/webhooks', { body: { url: receiver.url, events: ['key.created'] } });
    await t.call('POST', '/v1/api-keys', { body: { name: 'Retry me', scope: 'scim' } });
    await until(() => receiver.received.length >= 3);
    await t.server.webhooksIdle();
    const ids = new Set(receiver.received.map((d) => d.headers['webhook-id']));
    expect(ids.size).toBe(1); // the same message, redelivered
    const deliveries = await deliveriesOf(t.dataDir, created.body.webhook.id);
    expect(deliveries.map((d) => [d.attempt, d.statusCode, d.delivered])).toEqual([
      [1, 503, false],
      [2, 503, false],
      [3, 204, true],
    ]);
  });

  it('stops retrying to a webhook once it is deleted', async () => {
    t = await startTestServer({ ...LOOPBACK, webhookRetryDelaysMs: [150, 150, 150] });
    const receiver = track(await failingFirst(100));
    const created = await t.call('POST', '/v1/webhooks', { body: { url: receiver.url, events: ['key.created'] } });
    await t.call('POST', '/v1/api-keys', { body: { name: 'Then unsubscribe', scope: 'scim' } });
    await until(() => receiver.received.length >= 1);
    expect((await t.call('DELETE', `/v1/webhooks/${created.body.webhook.id}`)).status).toBe(204);
    const deliveredBeforeDelete = receiver.received.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    await t.server.webhooksIdle();
    expect(receiver.received).toHaveLength(deliveredBeforeDelete);
  });

  it('rejects webhook URLs that are not http(s) and unknown event types', async () => {
    t = await startTestServer();
    const ftp = await t.call('POST', '/v1/webhooks', {
      body: { url: 'ftp://example.test/x', events: ['key.created'] },
    });
    expect(ftp.status).toBe(400);
    expect(ftp.body.fields).toEqual([{ path: 'url', message: 'url must be an http:// or https:// address' }]);
    expect(
      (await t.call('POST', '/v1/webhooks', { body: { url: 'javascript:alert(1)', events: ['key.created'] } })).status,
    ).toBe(400);
    const unknown = await t.call('POST', '/v1/webhooks', {
      body: { url: 'https://example.test', events: ['key.exploded'] },
    });
    expect(unknown.body.code).toBe('invalid_request');
  });

  it.each(['https://ops:hunter2@hooks.example.test/keywarden', 'https://token@hooks.example.test/x'])(
    'refuses a webhook URL with credentials in it (%s), which auditors would see',
    async (url) => {
      t = await startTestServer();
      const refused = await t.call('POST', '/v1/webhooks', { body: { url, events: ['key.created'] } });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('invalid_request');
      expect(refused.body.fields).toEqual([{ path: 'url', message: expect.stringMatching(/user name or password/) }]);
      expect(refused.body.message).toMatch(/shown to auditors/);
      expect((await t.call('GET', '/v1/webhooks')).body.data).toEqual([]);
      const audit = JSON.stringify((await t.call('GET', '/v1/audit-events')).body);
      expect(audit).not.toContain('hunter2');
    },
  );
});
