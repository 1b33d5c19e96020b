/**
 * Failed authentications are throttled per address, never valid credentials: behind one office NAT,
 * one script guessing (or misconfigured) must not lock every admin out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminToken, revokeAdminToken } from '../../../src/server/index.ts';
import { generateCredential } from '../../../src/shared/credentials.ts';
import { DAY, startTestServer, UNAUTHORIZED, type TestServer } from './helpers.ts';

let t: TestServer;
afterEach(() => t.stop());

const LIMIT = { failures: 5, windowMs: 60_000 };
const guess = () => generateCredential('lsk_live_');

async function flood(headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < LIMIT.failures; i++) {
    expect((await t.call('GET', '/v1/whoami', { token: guess(), headers })).body).toEqual(UNAUTHORIZED);
  }
}

function expectLimited(response: { status: number; body: { code: string }; headers: Headers }, seconds = 60) {
  expect(response.status).toBe(429);
  expect(response.body.code).toBe('rate_limited');
  expect(Number(response.headers.get('retry-after'))).toBe(seconds);
}

describe('after a flood of bad keys from one address', () => {
  it('answers further guesses 429 with Retry-After, and serves valid keys and admin tokens from it', async () => {
    t = await startTestServer({ rateLimit: LIMIT });
    const { secret } = (await t.call('POST', '/v1/api-keys', { body: { name: 'good', scope: 'scim' } })).body;
    await flood();
    expectLimited(await t.call('GET', '/v1/whoami', { token: guess() }));
    expectLimited(await t.call('GET', '/v1/api-keys', { token: 'lsa_not_even_well_formed' }));
    expectLimited(await t.call('GET', '/v1/api-keys', { token: null }));

    expect((await t.call('GET', '/v1/whoami', { token: secret })).status).toBe(200);
    expect((await t.call('GET', '/v1/api-keys')).status).toBe(200); // the owner's admin token
    expect((await t.call('GET', '/v1/health', { token: null })).status).toBe(200);

    t.clock.advance(30_000);
    expectLimited(await t.call('GET', '/v1/whoami', { token: guess() }), 30);
    t.clock.advance(30_000);
    expect((await t.call('GET', '/v1/whoami', { token: guess() })).body).toEqual(UNAUTHORIZED);
  });

  it('still tells a revoked or expired key, and a revoked admin token, 401 invalid_key', async () => {
    t = await startTestServer({ rateLimit: LIMIT });
    const create = async (name: string, expiresAt?: string) =>
      (await t.call('POST', '/v1/api-keys', { body: { name, scope: 'scim', ...(expiresAt ? { expiresAt } : {}) } }))
        .body;
    const revoked = await create('revoked');
    await t.call('POST', `/v1/api-keys/${revoked.apiKey.id}/revoke`);
    const expiring = await create('expiring', new Date(t.clock.now().getTime() + DAY).toISOString());
    const ops = await createAdminToken({ dataDir: t.dataDir, role: 'admin', name: 'Old laptop' });
    await revokeAdminToken({ dataDir: t.dataDir, id: ops.id });
    t.clock.advance(2 * DAY);
    await flood();

    for (let i = 0; i < 3 * LIMIT.failures; i++) {
      const stale = await t.call('GET', '/v1/whoami', { token: i % 2 ? revoked.secret : expiring.secret });
      expect([stale.status, stale.body]).toEqual([401, UNAUTHORIZED]);
      const revokedToken = await t.call('GET', '/v1/api-keys', { token: ops.token });
      expect([revokedToken.status, revokedToken.body]).toEqual([401, UNAUTHORIZED]);
    }
    expectLimited(await t.call('GET', '/v1/whoami', { token: guess() }), 60);
  });
});

describe('POST /v1/verify', () => {
  it("counts the checked keys' failures like any route, per client it checks for", async () => {
    t = await startTestServer({ rateLimit: LIMIT });
    const verifier = (await createAdminToken({ dataDir: t.dataDir, role: 'verifier', name: 'Billing API' })).token;
    const { secret } = (await t.call('POST', '/v1/api-keys', { body: { name: 'good', scope: 'scim' } })).body;
    const verify = (key: string, ip?: string) =>
      t.call('POST', '/v1/verify', { token: verifier, body: { key, ...(ip ? { ip } : {}) } });

    for (let i = 0; i < LIMIT.failures; i++) {
      expect((await verify(guess(), '198.51.100.7')).body).toEqual({ valid: false, code: 'invalid_key' });
    }
    expectLimited(await verify(guess(), '198.51.100.7'));
    expect((await verify(secret, '198.51.100.7')).body.valid).toBe(true);
    // Another client of the same service is not held back.
    expect((await verify(guess(), '198.51.100.8')).body).toEqual({ valid: false, code: 'invalid_key' });

    // Without the client's address, the guesses count against the service calling.
    for (let i = 0; i < LIMIT.failures; i++) await verify(guess());
    expectLimited(await verify(guess()));
    expect((await verify(secret)).body.valid).toBe(true);
  });
});

describe('behind a reverse proxy', () => {
  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('with trustProxy, counts failures and masks IPs by the forwarded address', async () => {
    t = await startTestServer({ rateLimit: LIMIT, trustProxy: { hops: 1 } });
    await flood(from('203.0.113.7'));
    expectLimited(await t.call('GET', '/v1/whoami', { token: guess(), headers: from('203.0.113.7') }));
    expect((await t.call('GET', '/v1/whoami', { token: guess(), headers: from('198.51.100.9') })).status).toBe(401);
    // A client cannot pose as another by writing the header itself: the proxy's entry comes last.
    const spoofed = { 'x-forwarded-for': '198.51.100.9, 203.0.113.7' };
    expectLimited(await t.call('GET', '/v1/whoami', { token: guess(), headers: spoofed }));

    await t.call('POST', '/v1/api-keys', { body: { name: 'Forwarded', scope: 'scim' }, headers: from('203.0.113.7') });
    const [event] = (await t.call('GET', '/v1/audit-events?type=key.created')).body.data;
    expect(event.ip).toBe('203.0.113.0');
  });

  it.each([
    ['a number of hops', { hops: 1 }],
    ["the proxy's address", { addresses: ['127.0.0.1'] }],
  ])('trusting %s, counts a client inside the private network by its own address', async (_, trustProxy) => {
    t = await startTestServer({ rateLimit: LIMIT, trustProxy });
    // The proxy on loopback appended 10.0.0.9, the client's own address; the rest the client wrote.
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const headers = from(`198.51.100.${i}, 10.0.0.9`);
      statuses.push((await t.call('GET', '/v1/whoami', { token: guess(), headers })).status);
    }
    expect(statuses).toEqual([...Array(LIMIT.failures).fill(401), ...Array(30 - LIMIT.failures).fill(429)]);
  });

  it('with the proxies listed by address and range, skips each of them from the right', async () => {
    t = await startTestServer({ rateLimit: LIMIT, trustProxy: { addresses: ['127.0.0.1', '10.0.0.0/8'] } });
    // A balancer at 10.0.0.2 in front of the proxy on loopback: the client is the hop before both.
    const through = (client: string) => from(`${client}, 10.0.0.2`);
    await flood(through('203.0.113.7'));
    expectLimited(await t.call('GET', '/v1/whoami', { token: guess(), headers: through('203.0.113.7') }));
    expectLimited(await t.call('GET', '/v1/whoami', { token: guess(), headers: through('198.51.100.9, 203.0.113.7') }));
    expect((await t.call('GET', '/v1/whoami', { token: guess(), headers: through('198.51.100.9') })).status).toBe(401);

    await t.call('POST', '/v1/api-keys', {
      body: { name: 'Balanced', scope: 'scim' },
      headers: through('203.0.113.7'),
    });
    const [event] = (await t.call('GET', '/v1/audit-events?type=key.created')).body.data;
    expect(event.ip).toBe('203.0.113.0');
  });

  it('without it, ignores X-Forwarded-For, which any client can write', async () => {
    t = await startTestServer({ rateLimit: LIMIT });
    await flood(from('203.0.113.7'));
    expectLimited(await t.call('GET', '/v1/whoami', { token: guess(), headers: from('198.51.100.9') }));
    await t.call('POST', '/v1/api-keys', { body: { name: 'Direct', scope: 'scim' }, headers: from('203.0.113.7') });
    const [event] = (await t.call('GET', '/v1/audit-events?type=key.created')).body.data;
    expect(event.ip).toBe('127.0.0.0');
  });
});
