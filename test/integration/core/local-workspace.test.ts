/**
 * The desktop vault on its own: the embedded local workspace, keys created into the keychain,
 * revocation that really stops a key, clipboard auto-clear, and statuses that follow the clock.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, KeyScope } from '../../../src/shared/api/index.ts';
import { cleanUp, keychainAccounts, keytar, startCoreFixture, type CoreFixture } from './core-fixture.ts';

let app: CoreFixture;
let localId: string;

beforeAll(async () => {
  app = await startCoreFixture();
});

afterAll(async () => {
  await app?.close();
  if (app) await cleanUp(app.service, [app.dataDir]);
});

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('first start', () => {
  it('lists the local workspace, online and empty, next to the external keys collection', async () => {
    const workspaces = await app.call('workspaces:list');
    expect(workspaces.map((workspace) => [workspace.kind, workspace.name])).toEqual([
      ['local', 'Local workspace'],
      ['external', 'External keys'],
    ]);
    const local = workspaces[0]!;
    localId = local.id;
    expect(local.connection).toBe('online');
    expect(local.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await keychainAccounts(app.service)).toEqual([`${localId}/admin-token`]);
    const list = await app.call('keys:list', { workspaceId: localId });
    expect(list).toMatchObject({ keys: [], source: 'live', staleReason: null });
  });

  it('reports the keychain and the default clipboard delay', async () => {
    const info = await app.call('app:info');
    expect(info.keychain).toMatchObject({ available: true, message: null });
    expect(info.settings.clipboardClearSeconds).toBe(30);
    // The app's now is the injected clock's (which runs with real time), not the system's.
    expect(Math.abs(Date.parse(info.now) - app.clock.now().getTime())).toBeLessThan(1000);
  });
});

describe('keys of the local workspace', () => {
  const created: Record<string, { id: string; secret: string }> = {};

  it('creates a key of each scope with its secret in the keychain before the call returns', async () => {
    for (const scope of KeyScope.options) {
      const result = await app.call('keys:create', { workspaceId: localId, request: { name: `CI ${scope}`, scope } });
      expect(result).toMatchObject({ storedInKeychain: true, keychainWarning: null });
      expect(result.key).toMatchObject({ scope, hasSecret: true, status: 'active', workspaceId: localId });
      expect(result.secret.startsWith(result.key.prefix)).toBe(true);
      expect(await keytar.getPassword(app.service, `${localId}/${result.key.id}`)).toBe(result.secret);
      created[scope] = { id: result.key.id, secret: result.secret };
    }
    const list = await app.call('keys:list', { workspaceId: localId });
    expect(list.keys.map((key) => key.scopeLabel).sort()).toEqual(['On Premise', 'Public APIs', 'SCIM']);
    expect(app.tray.last).toEqual({ count: 0, tooltip: 'Keywarden: no keys expire in the next 30 days' });
  });

  it('never writes a secret to disk', () => {
    const files = filesUnder(app.dataDir);
    expect(files.some((file) => file.endsWith('keywarden.db-wal'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const { secret } of Object.values(created))
        expect(bytes.includes(secret), `${secret} in ${file}`).toBe(false);
    }
  });

  it('reveals a secret from the vault, and says so when the vault has none', async () => {
    const scim = created.scim!;
    await expect(app.call('keys:reveal', { workspaceId: localId, keyId: scim.id })).resolves.toEqual({
      secret: scim.secret,
    });
    const missing = await app.attempt('keys:reveal', { workspaceId: localId, keyId: 'key_nope' });
    expect(missing).toMatchObject({ ok: false, code: 'secret_not_in_vault' });
  });

  it("never hands the workspace's admin token to the window as if it were a key's secret", async () => {
    const token = await keytar.getPassword(app.service, `${localId}/admin-token`);
    expect(token).not.toBeNull();
    const revealed = await app.attempt('keys:reveal', { workspaceId: localId, keyId: 'admin-token' });
    expect(revealed).toMatchObject({ ok: false, code: 'not_found' });
    expect(JSON.stringify(revealed)).not.toContain(token);
    const copied = await app.attempt('keys:copy', { workspaceId: localId, keyId: 'admin-token' });
    expect(copied).toMatchObject({ ok: false, code: 'not_found' });
    expect(app.clipboard.writes).not.toContain(token);
  });

  it('revokes a key so the service refuses it from then on', async () => {
    const key = created.public_api!;
    const localUrl = (await app.call('workspaces:list'))[0]!.url!;
    const before = await fetch(`${localUrl}/v1/whoami`, { headers: { authorization: `Bearer ${key.secret}` } });
    expect(before.status).toBe(200);

    const revoked = await app.call('keys:revoke', { workspaceId: localId, keyId: key.id, reason: 'leaked in a log' });
    expect(revoked).toMatchObject({ status: 'revoked', revokedReason: 'leaked in a log', hasSecret: false });
    const after = await fetch(`${localUrl}/v1/whoami`, { headers: { authorization: `Bearer ${key.secret}` } });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ code: 'invalid_key' });
    // A dead secret leaves the vault.
    expect(await keytar.getPassword(app.service, `${localId}/${key.id}`)).toBeNull();
  });

  it('renames a key and edits On Premise options', async () => {
    const key = created.on_premise!;
    const updated = await app.call('keys:update', {
      workspaceId: localId,
      keyId: key.id,
      patch: { name: 'AD sync', options: { retrieveSignatures: true } },
    });
    expect(updated).toMatchObject({ name: 'AD sync', options: { retrieveSignatures: true } });
    const bad = await app.attempt('keys:update', {
      workspaceId: localId,
      keyId: created.scim!.id,
      patch: { options: { sendDirectoryInfo: true } },
    });
    expect(bad).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('copies a secret and clears the clipboard 30 s later, by the app clock', async () => {
    const key = created.scim!;
    const copy = await app.call('keys:copy', { workspaceId: localId, keyId: key.id });
    expect(app.clipboard.text).toBe(key.secret);
    expect(Date.parse(copy.clearsAt!) - app.clock.now().getTime()).toBeGreaterThan(29_000);

    app.clock.advance(20_000);
    await settle();
    expect(app.clipboard.text).toBe(key.secret);

    app.clock.advance(11_000);
    await settle();
    expect(app.clipboard.text).toBe('');
    expect(app.events.some(({ event }) => event === 'clipboard:cleared')).toBe(true);
  });

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const key = created.scim!;
    await app.call('clipboard:copySecret', { secret: key.secret });
    app.clipboard.userCopies('meeting notes');
    app.clock.advance(31_000);
    await settle();
    expect(app.clipboard.text).toBe('meeting notes');
  });

  it('follows the clipboard delay setting (0 = never clear)', async () => {
    await expect(app.call('settings:update', { clipboardClearSeconds: 0 })).resolves.toEqual({
      clipboardClearSeconds: 0,
    });
    const copy = await app.call('keys:copy', { workspaceId: localId, keyId: created.scim!.id });
    expect(copy.clearsAt).toBeNull();
    app.clock.advance(600_000);
    await settle();
    expect(app.clipboard.text).toBe(created.scim!.secret);
    await app.call('settings:update', { clipboardClearSeconds: 30 });
  });

  it('still clears the clipboard after the delay when the system clock is set back meanwhile', async () => {
    await app.call('settings:update', { clipboardClearSeconds: 1 });
    const secret = created.scim!.secret;
    await app.call('keys:copy', { workspaceId: localId, keyId: created.scim!.id });
    const back = app.clock.now().getTime() - 3_600_000;
    app.clock.set(new Date(back));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(app.clipboard.text).not.toBe(secret);
    app.clock.set(new Date(back + 3_600_000));
    await app.call('settings:update', { clipboardClearSeconds: 30 });
  });

  it('moves keys to expiring then expired as the clock advances, with the tray badge', async () => {
    const clockEvents = app.events.filter(({ event }) => event === 'clock:changed').length;
    app.clock.advance(340 * DAY_MS);
    await settle();
    const expiring = await app.call('keys:list', { workspaceId: localId });
    const live = expiring.keys.filter((key) => key.revokedAt === null);
    expect(live.map((key) => key.status)).toEqual(['expiring', 'expiring']);
    expect(app.tray.last).toEqual({ count: 2, tooltip: 'Keywarden: 2 keys expire within 30 days' });
    expect((await app.call('workspaces:list'))[0]).toMatchObject({ keyCount: 3, expiringCount: 2 });
    expect(app.events.filter(({ event }) => event === 'clock:changed').length).toBeGreaterThan(clockEvents);

    app.clock.advance(30 * DAY_MS);
    await settle();
    const expired = await app.call('keys:list', { workspaceId: localId });
    expect(expired.keys.filter((key) => key.revokedAt === null).map((key) => key.status)).toEqual([
      'expired',
      'expired',
    ]);
    expect(app.tray.last?.count).toBe(0);
  });
});

describe('quitting', () => {
  it('takes a copied secret off the clipboard, and leaves what the user copied since alone', async () => {
    const fixture = await startCoreFixture();
    try {
      const [local] = await fixture.call('workspaces:list');
      const created = await fixture.call('keys:create', {
        workspaceId: local!.id,
        request: { name: 'Quit test', scope: 'scim' },
      });
      await fixture.call('keys:copy', { workspaceId: local!.id, keyId: created.key.id });
      await fixture.close();
      expect(fixture.clipboard.text).toBe('');

      const again = await startCoreFixture({ service: fixture.service, dataDir: fixture.dataDir });
      await again.call('clipboard:copySecret', { secret: created.secret });
      again.clipboard.userCopies('meeting notes');
      await again.close();
      expect(again.clipboard.text).toBe('meeting notes');
    } finally {
      await fixture.close();
      await cleanUp(fixture.service, [fixture.dataDir]);
    }
  });
});

/** Lets the queue's clock-jump check (and the promises it starts) finish. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}
