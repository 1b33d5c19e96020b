import { afterEach, describe, expect, it } from 'vitest';
import { DAY, startTestServer, UNAUTHORIZED, type TestServer } from './helpers.ts';

let t: TestServer;
afterEach(() => t.stop());

async function eventsOf(keyId: string): Promise<string[]> {
  const body = (await t.call('GET', `/v1/audit-events?keyId=${keyId}&limit=500`)).body;
  return body.data.map((event: { type: string }) => event.type).reverse();
}

describe('key lifecycle over a year', () => {
  it('warns the owner once a month ahead, expires at expiresAt, deletes 90 days later but keeps the audit trail', async () => {
    t = await startTestServer();
    const created = (await t.call('POST', '/v1/api-keys', { body: { name: 'Yearly', scope: 'scim' } })).body;
    const id: string = created.apiKey.id;
    const secret: string = created.secret;

    t.clock.advance(334 * DAY); // 31 days left: nothing yet
    await t.server.runLifecycle();
    expect(await eventsOf(id)).toEqual(['key.created']);

    t.clock.advance(1 * DAY); // enters the last 30 days
    await t.server.runLifecycle();
    t.clock.advance(1 * DAY);
    await t.server.runLifecycle();
    expect(await eventsOf(id)).toEqual(['key.created', 'key.expiring']);
    const warning = (await t.call('GET', `/v1/audit-events?keyId=${id}&type=key.expiring`)).body.data[0];
    expect(warning.actor).toEqual({ type: 'system', id: null, name: 'Keywarden' });
    expect(warning.details.notify).toEqual([expect.objectContaining({ name: 'Owner' })]);
    expect((await t.call('GET', `/v1/api-keys/${id}`)).body.status).toBe('expiring');
    expect((await t.call('GET', '/v1/whoami', { token: secret })).status).toBe(200);

    t.clock.set(new Date(created.apiKey.expiresAt)); // the instant of expiry
    expect((await t.call('GET', '/v1/whoami', { token: secret })).body).toEqual(UNAUTHORIZED);
    await t.server.runLifecycle();
    expect((await t.call('GET', `/v1/api-keys/${id}`)).body.status).toBe('expired');
    expect((await t.call('GET', '/v1/api-keys?status=expired')).body.data.map((k: { id: string }) => k.id)).toEqual([
      id,
    ]);
    expect(await eventsOf(id)).toEqual(['key.created', 'key.expiring', 'key.expired']);

    t.clock.advance(89 * DAY);
    await t.server.runLifecycle();
    expect((await t.call('GET', `/v1/api-keys/${id}`)).status).toBe(200);
    t.clock.advance(1 * DAY);
    await t.server.runLifecycle();
    expect((await t.call('GET', `/v1/api-keys/${id}`)).status).toBe(404);
    expect(await eventsOf(id)).toEqual(['key.created', 'key.expiring', 'key.expired', 'key.deleted']);
  });

  it('runs on every move of a ManualClock and ends rotation overlaps without a manual call', async () => {
    t = await startTestServer();
    const created = (await t.call('POST', '/v1/api-keys', { body: { name: 'Rotating', scope: 'public_api' } })).body;
    await t.call('POST', `/v1/api-keys/${created.apiKey.id}/rotate`, { body: { overlapSeconds: 600 } });
    t.clock.advance(601_000);
    // The lifecycle runs off the clock's change notification; give it a tick to commit.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const types = await eventsOf(created.apiKey.id);
    expect(types).toEqual(['key.created', 'key.rotated', 'key.revoked']);
    const old = (await t.call('GET', `/v1/api-keys/${created.apiKey.id}`)).body;
    expect(old).toMatchObject({ status: 'revoked', revokedReason: 'rotated' });
  });

  it('does not call a key revoked before its expiry "expired" in the audit trail', async () => {
    t = await startTestServer();
    const created = (await t.call('POST', '/v1/api-keys', { body: { name: 'Short', scope: 'scim' } })).body;
    await t.call('POST', `/v1/api-keys/${created.apiKey.id}/revoke`, { body: { reason: 'no longer needed' } });
    t.clock.advance(400 * DAY);
    await t.server.runLifecycle();
    expect(await eventsOf(created.apiKey.id)).toEqual(['key.created', 'key.revoked']);
    expect((await t.call('GET', `/v1/api-keys/${created.apiKey.id}`)).body.status).toBe('revoked');
  });
});
