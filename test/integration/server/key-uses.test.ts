/**
 * `GET /v1/api-keys/{id}/uses`: the requests made with one key since a time, as a rotation watches
 * the old key drain and the new one take over, and as an admin audits a leaked key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyUses } from '../../../src/shared/api/index.ts';
import { createAdminToken } from '../../../src/server/index.ts';
import { startTestServer, type TestServer } from './helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

async function createKey(name: string) {
  return (await t.call('POST', '/v1/api-keys', { body: { name, scope: 'public_api' } })).body as {
    apiKey: { id: string };
    secret: string;
  };
}

const whoami = (secret: string, userAgent: string) =>
  t.call('GET', '/v1/whoami', { token: secret, headers: { 'user-agent': userAgent } });

describe('recent uses of a key', () => {
  it('lists each request since a time, newest first, with masked IP, user agent and count', async () => {
    const { apiKey, secret } = await createKey('Billing');
    await whoami(secret, 'deploy-bot/1');
    t.clock.advance(60_000);
    const since = t.clock.now().toISOString();
    await whoami(secret, 'deploy-bot/2');
    await whoami(secret, 'deploy-bot/2');
    t.clock.advance(30_000);
    await whoami(secret, 'curl/8.5');

    const response = await t.call('GET', `/v1/api-keys/${apiKey.id}/uses?since=${encodeURIComponent(since)}`);
    expect(response.status).toBe(200);
    const body = KeyUses.parse(response.body);
    expect(body).toEqual({
      keyId: apiKey.id,
      since,
      truncated: false,
      uses: [
        { at: new Date(Date.parse(since) + 30_000).toISOString(), ip: '127.0.0.0', userAgent: 'curl/8.5', requests: 1 },
        { at: since, ip: '127.0.0.0', userAgent: 'deploy-bot/2', requests: 2 },
      ],
    });
  });

  it('reads a time with an offset as the instant it names, and says when rows were left out', async () => {
    const { apiKey, secret } = await createKey('Offsets');
    const start = t.clock.now();
    for (let i = 0; i < 3; i++) {
      await whoami(secret, `agent/${i}`);
      t.clock.advance(1000);
    }
    // The same instant as `start`, written two hours ahead of UTC.
    const local = new Date(start.getTime() + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    const body = KeyUses.parse(
      (await t.call('GET', `/v1/api-keys/${apiKey.id}/uses?since=${encodeURIComponent(local)}&limit=2`)).body,
    );
    expect(body.since).toBe(start.toISOString());
    expect(body.uses.map((use) => use.userAgent)).toEqual(['agent/2', 'agent/1']);
    expect(body.truncated).toBe(true);
  });

  it('answers 400 naming since when it is missing or not a time, and 404 for an unknown key', async () => {
    const { apiKey } = await createKey('Errors');
    for (const query of ['', '?since=yesterday']) {
      const response = await t.call('GET', `/v1/api-keys/${apiKey.id}/uses${query}`);
      expect(response.status).toBe(400);
      expect(response.body.fields.map((field: { path: string }) => field.path)).toEqual(['since']);
    }
    const missing = await t.call('GET', `/v1/api-keys/key_nope/uses?since=2030-01-01T00:00:00.000Z`);
    expect([missing.status, missing.body.code]).toEqual([404, 'not_found']);
  });

  it('is open to auditors, closed to verifiers, and documented in the OpenAPI document', async () => {
    const { apiKey } = await createKey('Roles');
    const path = `/v1/api-keys/${apiKey.id}/uses?since=2030-01-01T00:00:00.000Z`;
    const { token: auditor } = await createAdminToken({ dataDir: t.dataDir, role: 'auditor', name: 'Audit' });
    const { token: verifier } = await createAdminToken({ dataDir: t.dataDir, role: 'verifier', name: 'Gateway' });
    expect((await t.call('GET', path, { token: auditor })).status).toBe(200);
    expect((await t.call('GET', path, { token: verifier })).body.code).toBe('forbidden');

    const doc = (await t.call('GET', '/v1/openapi.json', { token: null })).body;
    const operation = doc.paths['/v1/api-keys/{id}/uses'].get;
    expect(operation.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'since', in: 'query', required: true }),
        expect.objectContaining({ name: 'limit', in: 'query', required: false }),
      ]),
    );
    const use = operation.responses['200'].content['application/json'].schema.properties.uses.items;
    expect(Object.keys(use.properties).sort()).toEqual(['at', 'ip', 'requests', 'userAgent']);
  });
});
