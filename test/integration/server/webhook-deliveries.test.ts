/**
 * What an admin sees of a webhook's deliveries, and what they can do about them: list them
 * (status, attempts, last response, next attempt), send a test event, redeliver one. Receivers
 * listen on loopback, so the servers here allow private destinations.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminToken, initWorkspace, startServer, type RunningServer } from '../../../src/server/index.ts';
import { WebhookDeliveriesResponse, WebhookDeliveryQueued } from '../../../src/shared/api/index.ts';
import { ManualClock } from '../../../src/shared/clock.ts';
import { startTestServer, type TestServer } from './helpers.ts';
import { startReceiver, until, type Receiver } from './webhook-receiver.ts';

const LOOPBACK = { allowPrivateWebhooks: true };

let t: TestServer | null = null;
const receivers: Receiver[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await t?.stop();
  t = null;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(status: () => number = () => 204): Promise<Receiver> {
  const started = await startReceiver((response) => response.writeHead(status()).end('not now'));
  receivers.push(started);
  return started;
}

async function server(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  t = await startTestServer({ ...LOOPBACK, ...options });
  return t;
}

async function webhook(s: TestServer, url: string, events: string[] = ['key.created']): Promise<string> {
  const created = await s.call('POST', '/v1/webhooks', { body: { url, events } });
  expect(created.status).toBe(201);
  return created.body.webhook.id;
}

async function deliveries(s: TestServer, webhookId: string, query = '') {
  const listed = await s.call('GET', `/v1/webhooks/${webhookId}/deliveries${query}`);
  expect(listed.status).toBe(200);
  return WebhookDeliveriesResponse.parse(listed.body);
}

describe("a webhook's deliveries", () => {
  it('show a failing receiver as pending with its answer and the next attempt, then as delivered', async () => {
    let answer = 503;
    const hook = await receiver(() => answer);
    const s = await server({ webhookRetryDelaysMs: [60_000] });
    const webhookId = await webhook(s, hook.url);
    const key = (await s.call('POST', '/v1/api-keys', { body: { name: 'Watched', scope: 'scim' } })).body.apiKey;
    await until(() => hook.received.length === 1);
    await s.server.webhooksIdle();

    const now = s.clock.now().getTime();
    const [pending] = (await deliveries(s, webhookId)).data;
    expect(pending).toMatchObject({
      webhookId,
      eventType: 'key.created',
      status: 'pending',
      attempts: 1,
      responseCode: 503,
      error: 'receiver answered 503: not now',
      nextAttemptAt: new Date(now + 60_000).toISOString(),
      createdAt: new Date(now).toISOString(),
      lastAttemptAt: new Date(now).toISOString(),
      redeliveryOf: null,
    });
    const event = (await s.call('GET', `/v1/audit-events?keyId=${key.id}`)).body.data[0];
    expect(pending?.eventId).toBe(event.id);

    // Not waiting a minute: a redelivery is attempted at once, and a 2xx ends it.
    answer = 204;
    const redelivered = await s.call('POST', `/v1/webhooks/${webhookId}/deliveries/${pending?.id}/redeliver`);
    expect(redelivered.status).toBe(202);
    await s.server.webhooksIdle();
    const listed = (await deliveries(s, webhookId)).data;
    expect(listed.map((d) => [d.redeliveryOf, d.status, d.attempts, d.responseCode, d.error, d.nextAttemptAt])).toEqual(
      [
        [pending?.id, 'delivered', 1, 204, null, null],
        [null, 'pending', 1, 503, 'receiver answered 503: not now', pending?.nextAttemptAt],
      ],
    );
    // The same message again: a receiver recognises it by its webhook-id.
    expect(hook.received.map((d) => d.headers['webhook-id'])).toEqual([event.id, event.id]);
  });

  it('end as failed once the retries run out', async () => {
    const hook = await receiver(() => 500);
    const s = await server({ webhookRetryDelaysMs: [20, 20] });
    const webhookId = await webhook(s, hook.url);
    await s.call('POST', '/v1/api-keys', { body: { name: 'Unlucky', scope: 'scim' } });
    await until(() => hook.received.length === 3);
    await s.server.webhooksIdle();
    const [failed] = (await deliveries(s, webhookId)).data;
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, responseCode: 500, nextAttemptAt: null });
  });

  it('are listed newest first, a page at a time', async () => {
    const hook = await receiver();
    const s = await server();
    const webhookId = await webhook(s, hook.url);
    for (let i = 0; i < 5; i++) await s.call('POST', '/v1/api-keys', { body: { name: `Key ${i}`, scope: 'scim' } });
    await until(() => hook.received.length === 5);
    await s.server.webhooksIdle();

    const first = await deliveries(s, webhookId, '?limit=2');
    const second = await deliveries(s, webhookId, `?limit=2&cursor=${first.nextCursor}`);
    const third = await deliveries(s, webhookId, `?limit=2&cursor=${second.nextCursor}`);
    expect(third.nextCursor).toBeNull();
    const events = (await s.call('GET', '/v1/audit-events?type=key.created')).body.data.map(
      (e: { id: string }) => e.id,
    );
    expect([...first.data, ...second.data, ...third.data].map((d) => d.eventId)).toEqual(events);
    expect((await s.call('GET', `/v1/webhooks/${webhookId}/deliveries?cursor=nope`)).body.code).toBe('invalid_request');
    expect((await s.call('GET', '/v1/webhooks/whk_unknown/deliveries')).status).toBe(404);
  });
});

describe('a test event', () => {
  it('reaches the receiver signed like any event, whatever the webhook subscribed to, and only that webhook', async () => {
    const hook = await receiver();
    const other = await receiver();
    const s = await server();
    const created = await s.call('POST', '/v1/webhooks', { body: { url: hook.url, events: ['key.revoked'] } });
    await webhook(s, other.url, ['key.revoked']);
    const webhookId: string = created.body.webhook.id;

    const sent = await s.call('POST', `/v1/webhooks/${webhookId}/test`, { headers: { 'user-agent': 'ops-console' } });
    expect(sent.status).toBe(202);
    const { delivery } = WebhookDeliveryQueued.parse(sent.body);
    expect(delivery).toMatchObject({ webhookId, eventType: 'webhook.test', status: 'pending', attempts: 0 });
    await until(() => hook.received.length === 1);
    await s.server.webhooksIdle();

    const [received] = hook.received;
    const body = JSON.parse(received?.body ?? '{}');
    expect(body).toMatchObject({
      type: 'webhook.test',
      data: { id: delivery.eventId, actor: { name: 'Owner' }, userAgent: 'ops-console', details: { webhookId } },
    });
    const signingKey = Buffer.from(String(created.body.secret).slice('whsec_'.length), 'base64');
    const headers = received?.headers ?? {};
    const signed = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${received?.body}`;
    expect(headers['webhook-signature']).toBe(`v1,${createHmac('sha256', signingKey).update(signed).digest('base64')}`);
    expect(other.received).toEqual([]);

    expect((await deliveries(s, webhookId)).data).toEqual([
      expect.objectContaining({ id: delivery.id, status: 'delivered', attempts: 1, responseCode: 204 }),
    ]);
    // Who tested which receiver stays in the audit trail.
    const audited = (await s.call('GET', '/v1/audit-events?type=webhook.test')).body.data;
    expect(audited).toEqual([
      expect.objectContaining({ id: delivery.eventId, actor: expect.objectContaining({ name: 'Owner' }) }),
    ]);
  });

  it('cannot be subscribed to, and test and redeliver are for owners and admins (auditors only list)', async () => {
    const hook = await receiver();
    const s = await server();
    const subscribed = await s.call('POST', '/v1/webhooks', { body: { url: hook.url, events: ['webhook.test'] } });
    expect(subscribed.status).toBe(400);
    const webhookId = await webhook(s, hook.url);
    const { delivery } = (await s.call('POST', `/v1/webhooks/${webhookId}/test`)).body;
    await until(() => hook.received.length === 1);

    const { token: auditor } = await createAdminToken({ dataDir: s.dataDir, role: 'auditor', name: 'Compliance' });
    expect((await s.call('GET', `/v1/webhooks/${webhookId}/deliveries`, { token: auditor })).status).toBe(200);
    expect((await s.call('POST', `/v1/webhooks/${webhookId}/test`, { token: auditor })).body.code).toBe('forbidden');
    const redeliver = `/v1/webhooks/${webhookId}/deliveries/${delivery.id}/redeliver`;
    expect((await s.call('POST', redeliver, { token: auditor })).body.code).toBe('forbidden');

    expect((await s.call('POST', '/v1/webhooks/whk_unknown/test')).status).toBe(404);
    const elsewhere = await webhook(s, hook.url);
    expect((await s.call('POST', `/v1/webhooks/${elsewhere}/deliveries/${delivery.id}/redeliver`)).status).toBe(404);
    expect((await s.call('POST', `/v1/webhooks/${webhookId}/deliveries/dlv_unknown/redeliver`)).body.code).toBe(
      'not_found',
    );
    await s.server.webhooksIdle();
    expect(hook.received).toHaveLength(1);

    const openapi = (await s.call('GET', '/v1/openapi.json')).body;
    expect(openapi.paths['/v1/webhooks/{id}/test'].post['x-roles']).toEqual(['owner', 'admin']);
    expect(openapi.paths['/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver'].post.responses['202']).toBeDefined();
  });
});

describe('a delivery pending when the service stops', () => {
  it('is sent when the service starts again on the same data directory', async () => {
    let answer = 503;
    const hook = await receiver(() => answer);
    const root = mkdtempSync(join(tmpdir(), 'keywarden-resume-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const dataDir = join(root, 'data');
    const clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'), () => 0);
    const { ownerToken } = await initWorkspace({ dataDir, name: 'Acme', clock });
    const start = () =>
      startServer({
        dataDir,
        port: 0,
        clock,
        lifecycleIntervalMs: 3_600_000,
        allowPrivateWebhooks: true,
        webhookRetryDelaysMs: [600_000],
      });
    const call = (running: RunningServer, method: string, path: string, body?: unknown) =>
      fetch(`${running.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${ownerToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).then(async (response) => (await response.json()) as Record<string, unknown>);

    const first = await start();
    const created = await call(first, 'POST', '/v1/webhooks', { url: hook.url, events: ['key.created'] });
    const webhookId = (created.webhook as { id: string }).id;
    await call(first, 'POST', '/v1/api-keys', { name: 'Before the restart', scope: 'scim' });
    await until(() => hook.received.length === 1);
    await first.webhooksIdle();
    await first.close();

    answer = 204;
    clock.set(new Date('2030-01-01T00:10:00.000Z'));
    const second = await start();
    cleanups.push(() => second.close());
    await until(() => hook.received.length === 2);
    await second.webhooksIdle();
    const listed = WebhookDeliveriesResponse.parse(await call(second, 'GET', `/v1/webhooks/${webhookId}/deliveries`));
    expect(listed.data).toEqual([expect.objectContaining({ status: 'delivered', attempts: 2, responseCode: 204 })]);
    expect(hook.received[1]?.headers['webhook-id']).toBe(hook.received[0]?.headers['webhook-id']);
  });
});
