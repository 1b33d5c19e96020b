import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiKey,
  CreateApiKeyResponse,
  KeyUsage,
  ListApiKeysResponse,
  RotateApiKeyResponse,
  WhoAmIResponse,
} from '../../../src/shared/api/index.ts';
import { generateCredential } from '../../../src/shared/credentials.ts';
import { createAdminToken } from '../../../src/server/index.ts';
import { DAY, startTestServer, UNAUTHORIZED, type TestServer } from './helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

async function createKey(body: Record<string, unknown> = {}) {
  const response = await t.call('POST', '/v1/api-keys', { body: { name: 'CI deploy', scope: 'public_api', ...body } });
  expect(response.status).toBe(201);
  return CreateApiKeyResponse.parse(response.body);
}

describe('issuing keys', () => {
  it('returns the secret once, keeps its first 12 characters as the label, and expires in one year', async () => {
    const { apiKey, secret } = await createKey({ environment: 'test' });
    expect(secret).toMatch(/^lsk_test_[0-9A-Za-z]{38}$/);
    expect(apiKey.prefix).toBe(secret.slice(0, 12));
    expect(apiKey.status).toBe('active');
    expect(Date.parse(apiKey.expiresAt) - t.clock.now().getTime()).toBe(365 * DAY);
    expect(Date.parse(apiKey.deletesAt) - Date.parse(apiKey.expiresAt)).toBe(90 * DAY);
    const fetched = await t.call('GET', `/v1/api-keys/${apiKey.id}`);
    expect(JSON.stringify(fetched.body)).not.toContain(secret);
    expect(ApiKey.parse(fetched.body).name).toBe('CI deploy');
  });

  it('gives On Premise keys editable options and refuses options on other scopes', async () => {
    const { apiKey } = await createKey({ scope: 'on_premise', options: { retrieveSignatures: true } });
    expect(apiKey.options).toEqual({ retrieveSignatures: true, sendDirectoryInfo: false });
    const patched = await t.call('PATCH', `/v1/api-keys/${apiKey.id}`, {
      body: { name: 'AD sync', options: { sendDirectoryInfo: true } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.options).toEqual({ retrieveSignatures: true, sendDirectoryInfo: true });
    expect(patched.body.name).toBe('AD sync');

    const scim = await createKey({ scope: 'scim' });
    const refused = await t.call('PATCH', `/v1/api-keys/${scim.apiKey.id}`, {
      body: { options: { retrieveSignatures: true } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('invalid_request');
    expect(refused.body.fields).toEqual([expect.objectContaining({ path: 'options' })]);
    const onCreate = await t.call('POST', '/v1/api-keys', { body: { name: 'x', scope: 'scim', options: {} } });
    expect(onCreate.body.fields[0].path).toBe('options');
  });

  it('refuses to change a revoked key, whose revocation is permanent', async () => {
    const { apiKey } = await createKey({ name: 'Old AD sync', scope: 'on_premise' });
    expect((await t.call('POST', `/v1/api-keys/${apiKey.id}/revoke`)).status).toBe(200);
    const patched = await t.call('PATCH', `/v1/api-keys/${apiKey.id}`, {
      body: { name: 'Looks live again', options: { sendDirectoryInfo: true } },
    });
    expect(patched.status).toBe(409);
    expect(patched.body.code).toBe('conflict');
    const stored = (await t.call('GET', `/v1/api-keys/${apiKey.id}`)).body;
    expect(stored).toMatchObject({ name: 'Old AD sync', status: 'revoked' });
    expect(stored.options).toEqual({ retrieveSignatures: false, sendDirectoryInfo: false });
    const audit = await t.call('GET', `/v1/audit-events?keyId=${apiKey.id}&type=key.updated`);
    expect(audit.body.data).toEqual([]);
  });

  it('sets the SCIM custom-attributes toggle for the whole workspace', async () => {
    await createKey({ scope: 'scim', scimCustomAttributes: true });
    expect((await t.call('GET', '/v1/workspace')).body.scimCustomAttributes).toBe(true);
    await createKey({ scope: 'scim', scimCustomAttributes: false });
    expect((await t.call('GET', '/v1/workspace')).body.scimCustomAttributes).toBe(false);
  });

  it('answers a body sent as form data with 415 Unsupported Media Type and says what to send', async () => {
    const response = await fetch(`${t.url}/v1/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.ownerToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x&scope=scim',
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      error: 'Unsupported Media Type',
      code: 'invalid_request',
      message: 'The request could not be read; send a JSON body with Content-Type: application/json.',
    });
  });

  it('rejects unknown fields, a too-late expiry and oversized bodies with invalid_request', async () => {
    const unknown = await t.call('POST', '/v1/api-keys', { body: { name: 'x', scope: 'scim', color: 'red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: 'Bad Request', code: 'invalid_request', fields: [{ path: 'color' }] });
    const tooLate = new Date(t.clock.now().getTime() + 400 * DAY).toISOString();
    const late = await t.call('POST', '/v1/api-keys', { body: { name: 'x', scope: 'scim', expiresAt: tooLate } });
    expect(late.body.fields[0].path).toBe('expiresAt');
    const huge = await t.call('POST', '/v1/api-keys', { body: { name: 'x'.repeat(70 * 1024), scope: 'scim' } });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('invalid_request');
    const garbage = await t.call('POST', '/v1/api-keys', { body: '{not json' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.code).toBe('invalid_request');
  });

  it('accepts a shorter expiry than a year', async () => {
    const expiresAt = new Date(t.clock.now().getTime() + 10 * DAY).toISOString();
    const { apiKey } = await createKey({ expiresAt });
    expect(apiKey.expiresAt).toBe(expiresAt);
    expect(apiKey.status).toBe('expiring');
  });
});

describe('authenticating with a key', () => {
  it('whoami names the workspace and key; revocation takes effect on the very next request', async () => {
    await t.call('PATCH', '/v1/workspace', { body: { brand: 'Acme Blue', region: 'eu', replyTo: 'ops@acme.test' } });
    const { apiKey, secret } = await createKey({ name: 'Billing' });
    const me = await t.call('GET', '/v1/whoami', { token: secret });
    expect(me.status).toBe(200);
    expect(WhoAmIResponse.parse(me.body)).toEqual({
      workspace: { id: expect.any(String), name: 'Acme', brand: 'Acme Blue', region: 'eu', replyTo: 'ops@acme.test' },
      apiKey: { id: apiKey.id, name: 'Billing', prefix: apiKey.prefix, scope: 'public_api', options: null },
    });
    expect(me.headers.get('content-type')).toMatch(/^application\/json/);
    // Renaming the key or the workspace shows on the very next request.
    await t.call('PATCH', `/v1/api-keys/${apiKey.id}`, { body: { name: 'Billing v2' } });
    await t.call('PATCH', '/v1/workspace', { body: { name: 'Acme Corp' } });
    const renamed = (await t.call('GET', '/v1/whoami', { token: secret })).body;
    expect([renamed.workspace.name, renamed.apiKey.name]).toEqual(['Acme Corp', 'Billing v2']);
    await t.call('PATCH', '/v1/workspace', { body: { name: 'Acme' } });
    const revoked = await t.call('POST', `/v1/api-keys/${apiKey.id}/revoke`, { body: { reason: 'leaked' } });
    expect(revoked.body).toMatchObject({
      status: 'revoked',
      revokedReason: 'leaked',
      revokedBy: { type: 'admin_token', name: 'Owner' },
    });
    const after = await t.call('GET', '/v1/whoami', { token: secret });
    expect(after.status).toBe(401);
    expect(after.body).toEqual(UNAUTHORIZED);
    const again = await t.call('POST', `/v1/api-keys/${apiKey.id}/revoke`);
    expect(again.status).toBe(200);
    expect(again.body.revokedReason).toBe('leaked');
  });

  it('answers exactly {"error":"Unauthorized","code":"invalid_key"} for missing, malformed, unknown and admin credentials', async () => {
    const { secret } = await createKey();
    const wrongChecksum = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    for (const token of [null, 'nonsense', wrongChecksum, generateCredential('lsk_live_'), t.ownerToken]) {
      const response = await t.call('GET', '/v1/whoami', { token });
      expect(response.status).toBe(401);
      expect(response.body).toEqual(UNAUTHORIZED);
    }
    const keyOnAdmin = await t.call('GET', '/v1/api-keys', { token: secret });
    expect(keyOnAdmin.status).toBe(401);
    expect(keyOnAdmin.body).toEqual(UNAUTHORIZED);
  });

  it('records each use (masked IP, per-day counts) and shows it on the key', async () => {
    const { apiKey, secret } = await createKey();
    for (let i = 0; i < 3; i++)
      await t.call('GET', '/v1/whoami', { token: secret, headers: { 'user-agent': 'deploy-bot/1' } });
    t.server.flushUsage();
    const usage = KeyUsage.parse((await t.call('GET', `/v1/api-keys/${apiKey.id}/usage?days=7`)).body);
    expect(usage.days).toHaveLength(7);
    expect(usage.days.at(-1)).toEqual({ date: t.clock.now().toISOString().slice(0, 10), requests: 3 });
    expect(usage.days.slice(0, 6).every((day) => day.requests === 0)).toBe(true);
    expect(usage.totalRequests).toBe(3);
    expect(usage.lastUsedIp).toBe('127.0.0.0');
    const key = (await t.call('GET', `/v1/api-keys/${apiKey.id}`)).body;
    expect(key.lastUsedAt).toBe(usage.lastUsedAt);
  });

  it('verify checks a key for a service, with scope, and counts as a use', async () => {
    const { token: verifier } = await createAdminToken({ dataDir: t.dataDir, role: 'verifier', name: 'Gateway' });
    const { apiKey, secret } = await createKey({ scope: 'scim' });
    const valid = await t.call('POST', '/v1/verify', {
      token: verifier,
      body: { key: secret, requiredScope: 'scim', ip: '2001:db8:abcd:12::1', userAgent: 'okta' },
    });
    expect(valid.body).toMatchObject({
      valid: true,
      apiKey: { id: apiKey.id, scope: 'scim' },
      workspace: { name: 'Acme' },
    });
    const wrongScope = await t.call('POST', '/v1/verify', {
      token: verifier,
      body: { key: secret, requiredScope: 'on_premise' },
    });
    expect(wrongScope.body).toEqual({ valid: false, code: 'insufficient_scope' });
    const bogus = await t.call('POST', '/v1/verify', { token: verifier, body: { key: 'lsk_live_nope' } });
    expect(bogus.body).toEqual({ valid: false, code: 'invalid_key' });
    t.server.flushUsage();
    const key = (await t.call('GET', `/v1/api-keys/${apiKey.id}`)).body;
    expect(key.lastUsedIp).toBe('2001:db8:abcd::');
    expect((await t.call('GET', '/v1/api-keys', { token: verifier })).body.code).toBe('forbidden');
    expect((await t.call('GET', '/v1/admin-token', { token: verifier })).body).toMatchObject({
      role: 'verifier',
      name: 'Gateway',
    });
  });
});

describe('rotation', () => {
  it('issues a linked successor and keeps the old key working until the overlap ends', async () => {
    const { apiKey: old, secret: oldSecret } = await createKey({
      scope: 'on_premise',
      options: { retrieveSignatures: true },
    });
    t.clock.advance(10 * DAY);
    const response = await t.call('POST', `/v1/api-keys/${old.id}/rotate`, { body: { overlapSeconds: 3600 } });
    expect(response.status).toBe(201);
    const { apiKey, secret, previous } = RotateApiKeyResponse.parse(response.body);
    expect(apiKey).toMatchObject({ name: old.name, scope: 'on_premise', options: old.options, rotatedFromId: old.id });
    expect(Date.parse(apiKey.expiresAt) - t.clock.now().getTime()).toBe(365 * DAY);
    expect(previous).toMatchObject({ status: 'active', rotatedToId: apiKey.id, revokedAt: null });
    expect(Date.parse(previous.overlapEndsAt ?? '') - t.clock.now().getTime()).toBe(3600_000);
    expect((await t.call('GET', '/v1/whoami', { token: oldSecret })).status).toBe(200);
    expect((await t.call('GET', '/v1/whoami', { token: secret })).status).toBe(200);

    t.clock.advance(3600_000);
    expect((await t.call('GET', '/v1/whoami', { token: oldSecret })).body).toEqual(UNAUTHORIZED);
    expect((await t.call('GET', '/v1/whoami', { token: secret })).status).toBe(200);
    await t.server.runLifecycle();
    const ended = (await t.call('GET', `/v1/api-keys/${old.id}`)).body;
    expect(ended).toMatchObject({ status: 'revoked', revokedReason: 'rotated', overlapEndsAt: null });
    const revokedEvents = (await t.call('GET', `/v1/audit-events?keyId=${old.id}&type=key.revoked`)).body.data;
    expect(revokedEvents).toHaveLength(1);
    expect(revokedEvents[0].actor.type).toBe('system');

    const conflict = await t.call('POST', `/v1/api-keys/${old.id}/rotate`, { body: { overlapSeconds: 0 } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('conflict');
  });

  it('makes exactly one successor when two rotations race', async () => {
    const { apiKey } = await createKey({ name: 'raced' });
    const results = await Promise.all(
      [60, 120].map((overlapSeconds) =>
        t.call('POST', `/v1/api-keys/${apiKey.id}/rotate`, { body: { overlapSeconds } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const named = (await t.call('GET', '/v1/api-keys?limit=500')).body.data.filter(
      (k: { name: string }) => k.name === 'raced',
    );
    expect(named).toHaveLength(2);
  });

  it('a rotation that raced a revocation cannot bring the revoked key back', async () => {
    const { apiKey, secret } = await createKey();
    // The rotation read the key while it was live; the revocation commits first.
    expect((await t.call('POST', `/v1/api-keys/${apiKey.id}/revoke`)).status).toBe(200);
    const { openSqliteStorage } = await import('../../../src/server/storage/sqlite/index.ts');
    const storage = openSqliteStorage(t.dataDir);
    try {
      const overlapEndsAt = new Date(t.clock.now().getTime() + DAY).toISOString();
      const rotated = await storage.apiKeys.rotate(
        apiKey.id,
        { rotatedToId: 'key_successor', revokedAt: overlapEndsAt, revokedReason: 'rotated', overlapEndsAt },
        { ...(await storage.apiKeys.findById(apiKey.id))!, id: 'key_successor', secretHash: 'x'.repeat(64) },
        [],
      );
      expect(rotated).toBe(false);
    } finally {
      storage.close();
    }
    expect((await t.call('GET', `/v1/api-keys/${apiKey.id}`)).body).toMatchObject({
      status: 'revoked',
      rotatedToId: null,
    });
    expect((await t.call('GET', '/v1/whoami', { token: secret })).status).toBe(401);
  });

  it('with overlap 0 revokes the old key at once; expired keys cannot be rotated', async () => {
    const { apiKey: old, secret: oldSecret } = await createKey();
    const rotated = await t.call('POST', `/v1/api-keys/${old.id}/rotate`, { body: { overlapSeconds: 0 } });
    expect(rotated.body.previous).toMatchObject({ status: 'revoked', revokedReason: 'rotated' });
    expect((await t.call('GET', '/v1/whoami', { token: oldSecret })).status).toBe(401);
    const tooLong = await t.call('POST', `/v1/api-keys/${rotated.body.apiKey.id}/rotate`, {
      body: { overlapSeconds: 8 * 86400 },
    });
    expect(tooLong.body.fields[0].path).toBe('overlapSeconds');

    const short = await createKey({ expiresAt: new Date(t.clock.now().getTime() + DAY).toISOString() });
    t.clock.advance(2 * DAY);
    expect(
      (await t.call('POST', `/v1/api-keys/${short.apiKey.id}/rotate`, { body: { overlapSeconds: 60 } })).status,
    ).toBe(409);
  });
});

describe('listing, roles and errors', () => {
  it('pages newest first with a cursor and filters by status', async () => {
    const names = ['p1', 'p2', 'p3'];
    for (const name of names) await createKey({ name });
    const first = ListApiKeysResponse.parse((await t.call('GET', '/v1/api-keys?limit=2')).body);
    expect(first.data.map((k) => k.name)).toEqual(['p3', 'p2']);
    const second = ListApiKeysResponse.parse(
      (await t.call('GET', `/v1/api-keys?limit=2&cursor=${first.nextCursor}`)).body,
    );
    expect(second.data[0]?.name).toBe('p1');
    const revoked = ListApiKeysResponse.parse((await t.call('GET', '/v1/api-keys?status=revoked&limit=500')).body);
    expect(revoked.data.length).toBeGreaterThan(0);
    expect(revoked.data.every((k) => k.status === 'revoked')).toBe(true);
    const all = ListApiKeysResponse.parse((await t.call('GET', '/v1/api-keys?limit=500')).body);
    const counts = await Promise.all(
      (['active', 'expiring', 'expired', 'revoked'] as const).map(
        async (status) => (await t.call('GET', `/v1/api-keys?status=${status}&limit=500`)).body.data.length as number,
      ),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(all.data.length);
    expect((await t.call('GET', '/v1/api-keys?cursor=bogus')).body.code).toBe('invalid_request');
    expect((await t.call('GET', '/v1/api-keys?status=sleeping')).body.fields[0].path).toBe('status');
  });

  it('lets auditors read but not write, and reports unknown ids and routes as not_found', async () => {
    const { token: auditor } = await createAdminToken({ dataDir: t.dataDir, role: 'auditor', name: 'Compliance' });
    expect((await t.call('GET', '/v1/api-keys', { token: auditor })).status).toBe(200);
    expect((await t.call('GET', '/v1/audit-events', { token: auditor })).status).toBe(200);
    const write = await t.call('POST', '/v1/api-keys', { token: auditor, body: { name: 'x', scope: 'scim' } });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ error: 'Forbidden', code: 'forbidden' });
    expect((await t.call('PATCH', '/v1/workspace', { token: auditor, body: { name: 'y' } })).body.code).toBe(
      'forbidden',
    );
    expect((await t.call('POST', '/v1/verify', { token: auditor, body: { key: 'x' } })).body.code).toBe('forbidden');
    expect((await t.call('GET', '/v1/admin-token', { token: auditor })).body).toMatchObject({ role: 'auditor' });
    const missing = await t.call('GET', '/v1/api-keys/key_doesnotexist');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not_found');
    expect((await t.call('POST', '/v1/api-keys/key_nope/revoke')).status).toBe(404);
    const route = await t.call('GET', '/v1/nothing-here');
    expect(route.status).toBe(404);
    expect(route.body.code).toBe('not_found');
  });

  it('audits management actions with the actor, masked IP and user agent, newest first', async () => {
    const { apiKey } = await createKey({ name: 'audited' });
    await t.call('PATCH', `/v1/api-keys/${apiKey.id}`, {
      body: { name: 'audited-2' },
      headers: { 'user-agent': 'kw-desktop/1' },
    });
    const events = (await t.call('GET', `/v1/audit-events?keyId=${apiKey.id}`)).body.data;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['key.updated', 'key.created']);
    expect(events[0]).toMatchObject({
      actor: { type: 'admin_token', name: 'Owner' },
      ip: '127.0.0.0',
      userAgent: 'kw-desktop/1',
      keyPrefix: apiKey.prefix,
    });
    const page = (await t.call('GET', '/v1/audit-events?limit=1')).body;
    const next = (await t.call('GET', `/v1/audit-events?limit=1&cursor=${page.nextCursor}`)).body;
    expect(next.data[0].id).not.toBe(page.data[0].id);
    expect(Date.parse(next.data[0].at)).toBeLessThanOrEqual(Date.parse(page.data[0].at));
    const workspaceEvents = (await t.call('GET', '/v1/audit-events?type=workspace.updated')).body.data;
    expect(workspaceEvents.length).toBeGreaterThan(0);
  });

  it('serves an OpenAPI 3.1 document and a health check without authentication', async () => {
    const health = await t.call('GET', '/v1/health', { token: null });
    expect(health.body).toEqual({ ok: true, database: 'reachable' });
    const doc = (await t.call('GET', '/v1/openapi.json', { token: null })).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/api-keys/{id}/rotate', '/v1/whoami', '/v1/verify']),
    );
    expect(doc.paths['/v1/api-keys'].post.requestBody.content['application/json'].schema.properties.scope.enum).toEqual(
      ['scim', 'on_premise', 'public_api'],
    );
  });
});
