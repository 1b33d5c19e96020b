/**
 * What the key details and the webhooks settings show, through the core and the real embedded
 * service: a key's requests per day over 30 days, its last use and recent requests with masked
 * addresses; a webhook added (its signing secret shown once and kept in the keychain), sent a
 * test event that is delivered and listed, redelivered, and removed with its secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUp, keychainAccounts, keytar, startCoreFixture, type CoreFixture } from './core-fixture.ts';
import { startReceiver, until, type Receiver } from '../server/webhook-receiver.ts';

let app: CoreFixture;
let receiver: Receiver;
let localId: string;
let localUrl: string;
let token: string;

beforeAll(async () => {
  app = await startCoreFixture();
  receiver = await startReceiver();
  const local = (await app.call('workspaces:list')).find((workspace) => workspace.kind === 'local')!;
  localId = local.id;
  localUrl = local.url!;
  token = (await keytar.getPassword(app.service, `${localId}/admin-token`))!;
});

afterAll(async () => {
  await receiver?.close();
  await app?.close();
  if (app) await cleanUp(app.service, [app.dataDir]);
});

async function verify(secret: string, ip: string, userAgent: string): Promise<void> {
  const response = await fetch(`${localUrl}/v1/verify`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ key: secret, ip, userAgent }),
  });
  expect(await response.json()).toMatchObject({ valid: true });
}

describe("a key's usage", () => {
  it('counts requests per day for 30 days, with the last use and the recent requests, IPs masked', async () => {
    const created = await app.call('keys:create', {
      workspaceId: localId,
      request: { name: 'Payroll export', scope: 'public_api' },
    });
    const idle = await app.call('keys:usage', { workspaceId: localId, keyId: created.key.id });
    expect(idle).toMatchObject({ totalRequests: 0, lastUsedAt: null, recent: [] });
    expect(idle.days).toHaveLength(30);

    await verify(created.secret, '203.0.113.77', 'payroll-cron/2.1');
    await verify(created.secret, '203.0.113.77', 'payroll-cron/2.1');
    await verify(created.secret, '2001:db8:1234:5678::9', 'curl/8.5.0');
    const usage = await app.call('keys:usage', { workspaceId: localId, keyId: created.key.id });
    expect(usage.totalRequests).toBe(3);
    expect(usage.days.at(-1)).toEqual({ date: app.clock.now().toISOString().slice(0, 10), requests: 3 });
    expect(usage.lastUsedIp).toMatch(/^2001:db8:1234::/);
    expect(usage.recent.map((use) => [use.ip, use.userAgent])).toEqual(
      expect.arrayContaining([
        ['203.0.113.0', 'payroll-cron/2.1'],
        [expect.stringMatching(/^2001:db8:1234::/), 'curl/8.5.0'],
      ]),
    );
    expect(JSON.stringify(usage)).not.toContain('203.0.113.77');
  });

  it("is not asked of an external key's issuer", async () => {
    const result = await app.attempt('keys:usage', { workspaceId: 'external', keyId: 'ext_whatever' });
    expect(result).toMatchObject({ ok: false, code: 'unsupported' });
  });
});

describe('webhooks', () => {
  it('adds one with its secret kept in the keychain, delivers and lists its test event, redelivers, removes it', async () => {
    const added = await app.call('webhooks:add', { workspaceId: localId, url: receiver.url, events: ['key.revoked'] });
    expect(added).toMatchObject({ storedInKeychain: true, keychainWarning: null, webhook: { secretInVault: true } });
    const webhookId = added.webhook.id;
    const account = `${localId}/webhooks/${webhookId}`;
    expect(await keytar.getPassword(app.service, account)).toBe(added.secret);
    expect(await app.call('webhooks:list', { workspaceId: localId })).toEqual([
      expect.objectContaining({ id: webhookId, url: receiver.url, events: ['key.revoked'], secretInVault: true }),
    ]);
    // A key's secret is never read through a webhook's entry, nor the other way round.
    expect(await app.attempt('keys:reveal', { workspaceId: localId, keyId: `webhooks/${webhookId}` })).toMatchObject({
      ok: false,
      code: 'not_found',
    });

    const queued = await app.call('webhooks:test', { workspaceId: localId, webhookId });
    expect(queued).toMatchObject({ eventType: 'webhook.test', status: 'pending' });
    await until(() => receiver.received.length === 1);
    // The service marks it delivered just after the receiver answered.
    let deliveries = await app.call('webhooks:deliveries', { workspaceId: localId, webhookId });
    for (let tries = 0; deliveries.deliveries[0]?.status !== 'delivered' && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      deliveries = await app.call('webhooks:deliveries', { workspaceId: localId, webhookId });
    }
    expect(deliveries.deliveries).toEqual([
      expect.objectContaining({ id: queued.id, eventType: 'webhook.test', status: 'delivered', responseCode: 204 }),
    ]);

    const again = await app.call('webhooks:redeliver', { workspaceId: localId, webhookId, deliveryId: queued.id });
    expect(again).toMatchObject({ redeliveryOf: queued.id, eventType: 'webhook.test' });
    await until(() => receiver.received.length === 2);

    expect(await app.call('webhooks:remove', { workspaceId: localId, webhookId })).toEqual({ removed: true });
    expect(await app.call('webhooks:list', { workspaceId: localId })).toEqual([]);
    expect(await keychainAccounts(app.service)).not.toContain(account);
  });

  it('refuses a webhook for the external keys, and a URL with credentials', async () => {
    expect(
      await app.attempt('webhooks:add', { workspaceId: 'external', url: receiver.url, events: ['key.revoked'] }),
    ).toMatchObject({ ok: false, code: 'unsupported' });
    expect(
      await app.attempt('webhooks:add', {
        workspaceId: localId,
        url: 'https://user:pass@hooks.example.com/x',
        events: ['key.revoked'],
      }),
    ).toMatchObject({ ok: false, code: 'invalid_input' });
  });
});
