import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminTokenSummary, ListAdminTokensResponse } from '../../../src/shared/api/index.ts';
import { createAdminToken, revokeAdminToken } from '../../../src/server/index.ts';
import { startTestServer, UNAUTHORIZED, type TestServer } from './helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

async function ownerTokenId(token = t.ownerToken): Promise<string> {
  return (await t.call('GET', '/v1/admin-token', { token })).body.id;
}

describe('admin tokens', () => {
  it('lists every token with its label and last use, never the token or its hash', async () => {
    const ops = await createAdminToken({ dataDir: t.dataDir, role: 'admin', name: 'Ops' });
    t.clock.advance(60_000);
    expect((await t.call('GET', '/v1/workspace', { token: ops.token })).status).toBe(200);
    const response = await t.call('GET', '/v1/admin-tokens');
    expect(response.status).toBe(200);
    const { data } = ListAdminTokensResponse.parse(response.body);
    const listed = data.find((token) => token.id === ops.id);
    expect(listed).toEqual({
      id: ops.id,
      name: 'Ops',
      role: 'admin',
      prefix: ops.token.slice(0, 12),
      createdAt: expect.any(String),
      lastUsedAt: t.clock.now().toISOString(),
      revokedAt: null,
    });
    expect(data.find((token) => token.role === 'owner')?.name).toBe('Owner');
    const text = JSON.stringify(response.body);
    expect(text).not.toContain(ops.token);
    expect(text).not.toContain(t.ownerToken);
    expect(text).not.toMatch(/hash/i);
  });

  it.each(['admin', 'auditor', 'verifier'] as const)('refuses the list and revocation to a %s token', async (role) => {
    const { id, token } = await createAdminToken({ dataDir: t.dataDir, role, name: `Not an owner (${role})` });
    const list = await t.call('GET', '/v1/admin-tokens', { token });
    expect(list.status).toBe(403);
    expect(list.body.code).toBe('forbidden');
    const revoke = await t.call('POST', `/v1/admin-tokens/${await ownerTokenId()}/revoke`, { token });
    expect(revoke.status).toBe(403);
    // Not even its own token: only owners manage admin tokens.
    expect((await t.call('POST', `/v1/admin-tokens/${id}/revoke`, { token })).status).toBe(403);
  });

  it('revokes at once: the very next request with the token gets 401, and revoking again changes nothing', async () => {
    const ops = await createAdminToken({ dataDir: t.dataDir, role: 'admin', name: 'Laptop' });
    expect((await t.call('GET', '/v1/api-keys', { token: ops.token })).status).toBe(200);
    const revoked = await t.call('POST', `/v1/admin-tokens/${ops.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(AdminTokenSummary.parse(revoked.body)).toMatchObject({ id: ops.id, revokedAt: t.clock.now().toISOString() });
    const refused = await t.call('GET', '/v1/api-keys', { token: ops.token });
    expect(refused).toMatchObject({ status: 401, body: UNAUTHORIZED });

    t.clock.advance(60_000);
    const again = await t.call('POST', `/v1/admin-tokens/${ops.id}/revoke`);
    expect(again.status).toBe(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    const events = (await t.call('GET', '/v1/audit-events?type=admin_token.revoked')).body.data;
    expect(events.filter((e: { details: { tokenId: string } }) => e.details.tokenId === ops.id)).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { type: 'admin_token', name: 'Owner' },
      details: { tokenId: ops.id, name: 'Laptop', role: 'admin', prefix: ops.token.slice(0, 12) },
    });
    expect((await t.call('POST', '/v1/admin-tokens/tok_nope/revoke')).status).toBe(404);
  });

  it('audits tokens minted on the data directory', async () => {
    const minted = await createAdminToken({ dataDir: t.dataDir, role: 'auditor', name: 'Compliance' });
    const events = (await t.call('GET', '/v1/audit-events?type=admin_token.created')).body.data;
    expect(events.find((e: { details: { tokenId: string } }) => e.details.tokenId === minted.id)).toMatchObject({
      actor: { type: 'system' },
      details: { name: 'Compliance', role: 'auditor', prefix: minted.token.slice(0, 12) },
    });
    expect(JSON.stringify(events)).not.toContain(minted.token);
  });

  it('keeps the last active owner token, and lets an owner go once another owner exists', async () => {
    const ownerId = await ownerTokenId();
    const refused = await t.call('POST', `/v1/admin-tokens/${ownerId}/revoke`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('conflict');
    expect(refused.body.message).toMatch(/last active owner token/);
    expect((await t.call('GET', '/v1/workspace')).status).toBe(200);

    const second = await createAdminToken({ dataDir: t.dataDir, role: 'owner', name: 'Second owner' });
    expect((await t.call('POST', `/v1/admin-tokens/${ownerId}/revoke`, { token: second.token })).status).toBe(200);
    expect(await t.call('GET', '/v1/workspace')).toMatchObject({ status: 401, body: UNAUTHORIZED });
    // The data-directory path refuses the same way.
    await expect(revokeAdminToken({ dataDir: t.dataDir, id: second.id })).rejects.toThrow(/last active owner token/);
    expect((await t.call('GET', '/v1/workspace', { token: second.token })).status).toBe(200);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const document = (await t.call('GET', '/v1/openapi.json', { token: null })).body;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/admin-tokens', '/v1/admin-tokens/{id}/revoke']),
    );
  });
});
