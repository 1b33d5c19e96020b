/**
 * Connecting workspaces run by a separate management service: checks on connect, keys side by
 * side, the offline cache when the service goes away, and removal with its keychain entries.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminToken, initWorkspace, startServer, type RunningServer } from '../../../src/server/index.ts';
import { AdminTokenInfo, DAY_MS } from '../../../src/shared/api/index.ts';
import { generateCredential } from '../../../src/shared/credentials.ts';
import { cleanUp, keychainAccounts, keytar, startCoreFixture, type CoreFixture } from './core-fixture.ts';

let app: CoreFixture;
let remote: RunningServer;
let remoteDir: string;
let ownerToken: string;
let remoteWorkspaceId: string;
let notKeywarden: Server;
let notKeywardenUrl: string;

beforeAll(async () => {
  app = await startCoreFixture();
  remoteDir = mkdtempSync(join(tmpdir(), 'keywarden-remote-'));
  ({ workspaceId: remoteWorkspaceId, ownerToken } = await initWorkspace({
    dataDir: remoteDir,
    name: 'Acme production',
    clock: app.clock,
  }));
  remote = await startServer({ dataDir: remoteDir, port: 0, clock: app.clock });
  notKeywarden = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome to nginx!</body></html>');
  });
  await new Promise<void>((resolve) => notKeywarden.listen(0, '127.0.0.1', resolve));
  notKeywardenUrl = `http://127.0.0.1:${(notKeywarden.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await remote?.close();
  notKeywarden?.close();
  if (app) await cleanUp(app.service, [app.dataDir, remoteDir]);
});

describe('connecting a workspace', () => {
  it("says it can't reach an address where nothing answers", async () => {
    const result = await app.attempt('workspaces:connect', { url: 'http://127.0.0.1:1', token: ownerToken });
    expect(result).toMatchObject({ ok: false, code: 'workspace_unreachable' });
    expect(!result.ok && result.message).toMatch(
      /^Can't reach 127\.0\.0\.1:1: .*Check the address and your connection\.$/,
    );
  });

  it('says an address is not a Keywarden workspace', async () => {
    const result = await app.attempt('workspaces:connect', { url: notKeywardenUrl, token: ownerToken });
    expect(result).toMatchObject({ ok: false, code: 'not_a_workspace' });
  });

  it('refuses plain http to another computer before sending the token anywhere', async () => {
    const result = await app.attempt('workspaces:connect', { url: 'http://keys.example.com', token: ownerToken });
    expect(result).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(!result.ok && result.message).toMatch(/https/);
  });

  it('says a wrong token was not accepted', async () => {
    const result = await app.attempt('workspaces:connect', { url: remote.url, token: generateCredential('lsa_') });
    expect(result).toMatchObject({ ok: false, code: 'workspace_auth_failed' });
    expect(!result.ok && result.message).toMatch(/did not accept this admin token/);
  });

  it('refuses a verifier token, which cannot list keys', async () => {
    const verifier = await createAdminToken({
      dataDir: remoteDir,
      role: 'verifier',
      name: 'Gateway',
      clock: app.clock,
    });
    const result = await app.attempt('workspaces:connect', { url: remote.url, token: verifier.token });
    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await keychainAccounts(app.service)).not.toContain(`${remoteWorkspaceId}/admin-token`);
  });

  it('connects with a good token and lists it beside the local workspace', async () => {
    const view = await app.call('workspaces:connect', { url: `${remote.url}/v1/`, token: ownerToken });
    expect(view).toMatchObject({
      id: remoteWorkspaceId,
      name: 'Acme production',
      kind: 'remote',
      url: remote.url,
      connection: 'online',
    });
    const kinds = (await app.call('workspaces:list')).map((workspace) => workspace.kind);
    expect(kinds).toEqual(['local', 'remote', 'external']);
    expect(await keytar.getPassword(app.service, `${remoteWorkspaceId}/admin-token`)).toBe(ownerToken);
  });
});

describe('a connected workspace', () => {
  let keyId: string;

  it('creates keys in it with their secret in the vault', async () => {
    const created = await app.call('keys:create', {
      workspaceId: remoteWorkspaceId,
      request: { name: 'Entra ID provisioning', scope: 'scim' },
    });
    keyId = created.key.id;
    expect(await keytar.getPassword(app.service, `${remoteWorkspaceId}/${keyId}`)).toBe(created.secret);
    const list = await app.call('keys:list', { workspaceId: remoteWorkspaceId });
    expect(list).toMatchObject({
      source: 'live',
      keys: [{ id: keyId, name: 'Entra ID provisioning', hasSecret: true }],
    });
  });

  it('flags the workspace when its admin token stops working, until it is reconnected', async () => {
    // Another owner revokes the app's owner token through the service, behind the app's back.
    const other = await createAdminToken({ dataDir: remoteDir, role: 'owner', name: 'Other owner', clock: app.clock });
    const asOther = { authorization: `Bearer ${other.token}` };
    const whoAmI = await fetch(`${remote.url}/v1/admin-token`, { headers: { authorization: `Bearer ${ownerToken}` } });
    const { id: appTokenId } = AdminTokenInfo.parse(await whoAmI.json());
    const revoked = await fetch(`${remote.url}/v1/admin-tokens/${appTokenId}/revoke`, {
      method: 'POST',
      headers: asOther,
    });
    expect(revoked.status).toBe(200);

    const stale = await app.call('keys:refresh', { workspaceId: remoteWorkspaceId });
    const reconnect = "This workspace's admin token was revoked or expired: reconnect it with a new token.";
    expect(stale).toMatchObject({ source: 'cache', staleReason: reconnect, keys: [{ id: keyId }] });
    const flagged = (await app.call('workspaces:list')).find((workspace) => workspace.id === remoteWorkspaceId);
    expect(flagged).toMatchObject({ connection: 'auth_failed', connectionMessage: reconnect });
    await expect(
      app.attempt('keys:create', { workspaceId: remoteWorkspaceId, request: { name: 'x', scope: 'scim' } }),
    ).resolves.toMatchObject({ ok: false, code: 'workspace_auth_failed' });

    // An auditor token reconnects it read-only: lists work, changes are refused up front.
    const auditor = await createAdminToken({ dataDir: remoteDir, role: 'auditor', name: 'Audit', clock: app.clock });
    await expect(app.call('workspaces:connect', { url: remote.url, token: auditor.token })).resolves.toMatchObject({
      connection: 'online',
      keyCount: 1,
    });
    const readOnly = await app.attempt('keys:revoke', { workspaceId: remoteWorkspaceId, keyId });
    expect(readOnly).toMatchObject({ ok: false, code: 'forbidden' });
    expect(!readOnly.ok && readOnly.message).toMatch(/auditor token/);

    const admin = await createAdminToken({ dataDir: remoteDir, role: 'admin', name: 'Desktop', clock: app.clock });
    await app.call('workspaces:connect', { url: remote.url, token: admin.token });
    expect(await keytar.getPassword(app.service, `${remoteWorkspaceId}/admin-token`)).toBe(admin.token);
    await expect(app.call('keys:list', { workspaceId: remoteWorkspaceId })).resolves.toMatchObject({ source: 'live' });
  });

  it('shows the last known keys when the service goes away, and ages them by the clock', async () => {
    await remote.close();
    const offline = await app.call('keys:list', { workspaceId: remoteWorkspaceId });
    expect(offline.source).toBe('cache');
    expect(offline.staleReason).toMatch(/^Can't reach 127\.0\.0\.1:\d+/);
    expect(offline.keys).toMatchObject([
      { id: keyId, name: 'Entra ID provisioning', status: 'active', hasSecret: true },
    ]);
    const view = (await app.call('workspaces:list')).find((workspace) => workspace.id === remoteWorkspaceId);
    expect(view).toMatchObject({ connection: 'offline', keyCount: 1 });
    // The secret is still there to copy while offline.
    await expect(app.call('keys:reveal', { workspaceId: remoteWorkspaceId, keyId })).resolves.toHaveProperty('secret');

    app.clock.advance(350 * DAY_MS);
    const expiring = await app.call('keys:refresh', { workspaceId: remoteWorkspaceId });
    expect(expiring).toMatchObject({ source: 'cache', keys: [{ status: 'expiring' }] });
    expect(app.tray.last?.count).toBe(1);
    app.clock.advance(20 * DAY_MS);
    const expired = await app.call('keys:list', { workspaceId: remoteWorkspaceId });
    expect(expired.keys[0]?.status).toBe('expired');
  });

  it('refuses to remove the local workspace', async () => {
    const local = (await app.call('workspaces:list'))[0]!;
    await expect(app.attempt('workspaces:remove', { workspaceId: local.id })).resolves.toMatchObject({
      ok: false,
      code: 'unsupported',
    });
  });

  it('removes the workspace with its cache and every secret of it from the keychain', async () => {
    const result = await app.call('workspaces:remove', { workspaceId: remoteWorkspaceId });
    expect(result).toEqual({ removedSecrets: 2 });
    const left = await keychainAccounts(app.service);
    expect(left.filter((account) => account.startsWith(`${remoteWorkspaceId}/`))).toEqual([]);
    expect(left).toHaveLength(1); // the local workspace's admin token
    expect((await app.call('workspaces:list')).map((workspace) => workspace.kind)).toEqual(['local', 'external']);
    await expect(app.attempt('keys:list', { workspaceId: remoteWorkspaceId })).resolves.toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });
});
