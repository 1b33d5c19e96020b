/**
 * The key cache with many keys in it: every key change makes the sidebar, the tray badge and the
 * keys view read it again, so a key is checked against the ApiKey schema once, when it enters
 * (or when the app starts), and never again on a read. Counted here with a spy on the schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openVaultDatabase } from '../../../src/main/core/store/database.ts';
import { KeyCacheRepository } from '../../../src/main/core/store/key-cache-repository.ts';
import { WorkspaceRepository } from '../../../src/main/core/store/workspace-repository.ts';
import { initWorkspace, startServer, type RunningServer } from '../../../src/server/index.ts';
import { ApiKey, DAY_MS } from '../../../src/shared/api/index.ts';
import { cleanUp, startCoreFixture, type CoreFixture } from './core-fixture.ts';

const AT = '2026-03-01T12:00:00.000Z';

function apiKey(index: number, changes: Partial<ApiKey> = {}): ApiKey {
  // Created a minute apart, so "newest first" is the reverse of the index.
  const createdAt = new Date(Date.parse('2026-01-01T00:00:00.000Z') + index * 60_000).toISOString();
  return {
    id: `key-${String(index).padStart(3, '0')}`,
    name: `billing-${index}`,
    prefix: 'lsk_live_a1b',
    scope: 'scim',
    environment: 'live',
    options: null,
    status: 'active',
    createdAt,
    createdBy: { type: 'admin_token', id: 'token-1', name: 'Owner' },
    expiresAt: '2027-01-01T00:00:00.000Z',
    deletesAt: '2027-04-01T00:00:00.000Z',
    revokedAt: null,
    revokedReason: null,
    revokedBy: null,
    lastUsedAt: null,
    lastUsedIp: null,
    rotatedFromId: null,
    rotatedToId: null,
    overlapEndsAt: null,
    ...changes,
  };
}

const names = (keys: readonly ApiKey[]) => keys.map((key) => key.name);

describe('the key cache', () => {
  let dir: string;
  let db: Database;

  function openVault(): Database {
    db = openVaultDatabase(dir);
    return db;
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'keywarden-key-cache-'));
    const workspaces = new WorkspaceRepository(openVault());
    for (const id of ['acme', 'globex']) {
      workspaces.save({ id, name: id, kind: 'remote', url: `https://${id}.example`, role: 'owner', createdAt: AT });
    }
    db.close();
  });

  afterEach(() => {
    vi.restoreAllMocks();
    if (db.open) db.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('checks each cached key once when the app starts, and answers every later read from memory', () => {
    const keys = Array.from({ length: 50 }, (_, index) => apiKey(index));
    new KeyCacheRepository(openVault()).replace('acme', keys, AT);
    db.close();

    const parse = vi.spyOn(ApiKey, 'parse');
    const cache = new KeyCacheRepository(openVault()); // the app starting again
    const first = cache.list('acme');
    expect(first).toHaveLength(50);
    expect(parse).toHaveBeenCalledTimes(50);

    // What one key change makes the app do: the sidebar's counts, the tray badge, the keys view.
    expect(cache.list('acme')).toBe(first);
    expect(cache.byWorkspace().get('acme')).toBe(first);
    cache.put('acme', apiKey(7, { name: 'billing-7-renamed' }), AT);
    const renamed = cache.list('acme');
    expect(renamed).not.toBe(first);
    expect(cache.list('acme')).toBe(renamed);
    expect(
      cache.replace('acme', [...keys.slice(0, 7), apiKey(7, { name: 'billing-7-renamed' }), ...keys.slice(8)], AT),
    ).toBe(false);
    expect(cache.list('acme')).toBe(renamed);
    expect(parse).toHaveBeenCalledTimes(50);

    // A list handed out earlier is a snapshot: the rename did not change it.
    expect(first.find((key) => key.id === 'key-007')?.name).toBe('billing-7');
    expect(renamed.find((key) => key.id === 'key-007')?.name).toBe('billing-7-renamed');
  });

  it('keeps keys newest first through additions, renames and deletions, in memory and after a restart', () => {
    const cache = new KeyCacheRepository(openVault());
    expect(cache.replace('globex', [apiKey(1), apiKey(3), apiKey(2)], AT)).toBe(true);
    expect(names(cache.list('globex'))).toEqual(['billing-3', 'billing-2', 'billing-1']);

    cache.put('globex', apiKey(4), AT);
    cache.put('globex', apiKey(2, { name: 'renamed' }), AT);
    expect(names(cache.list('globex'))).toEqual(['billing-4', 'billing-3', 'renamed', 'billing-1']);

    // The service no longer returns key 3 (deleted) and key 1 changed on its side.
    const current = cache.list('globex').filter((key) => key.id !== 'key-003');
    const changed = current.map((key) => (key.id === 'key-001' ? { ...key, lastUsedAt: AT } : key));
    expect(cache.replace('globex', changed, AT)).toBe(true);
    expect(names(cache.list('globex'))).toEqual(['billing-4', 'renamed', 'billing-1']);
    expect(cache.list('globex').at(-1)?.lastUsedAt).toBe(AT);
    db.close();

    const restarted = new KeyCacheRepository(openVault());
    expect(restarted.list('globex')).toEqual(cache.list('globex'));
    expect(restarted.list('acme')).toHaveLength(50);
  });

  it("drops a deleted workspace's keys, and keeps them when the deletion is rolled back", () => {
    const cache = new KeyCacheRepository(openVault());
    const workspaces = new WorkspaceRepository(db);
    expect(cache.list('globex')).toHaveLength(3);
    expect(() =>
      db.transaction(() => {
        workspaces.delete('globex');
        throw new Error('the removal failed half way');
      })(),
    ).toThrow('half way');
    expect(cache.list('globex')).toHaveLength(3);

    workspaces.delete('globex');
    expect(cache.list('globex')).toEqual([]);
    expect([...cache.byWorkspace().keys()]).toEqual(['acme']);
  });
});

describe('a key change with many keys cached', () => {
  const KEY_COUNT = 120;
  const EXPIRING = 12;
  let app: CoreFixture;
  let remote: RunningServer;
  let remoteDir: string;
  let workspaceId: string;
  let keyId: string;
  let ownerToken: string;

  beforeAll(async () => {
    app = await startCoreFixture();
    remoteDir = mkdtempSync(join(tmpdir(), 'keywarden-remote-'));
    const created = await initWorkspace({ dataDir: remoteDir, name: 'Acme production', clock: app.clock });
    remote = await startServer({ dataDir: remoteDir, port: 0, clock: app.clock });
    ownerToken = created.ownerToken;
    const headers = { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' };
    for (let index = 0; index < KEY_COUNT; index++) {
      const expiresAt = index < EXPIRING ? new Date(app.clock.now().getTime() + 10 * DAY_MS).toISOString() : undefined;
      const response = await fetch(`${remote.url}/v1/api-keys`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `billing-${index}`, scope: 'scim', expiresAt }),
      });
      expect(response.status).toBe(201);
    }
    workspaceId = (await app.call('workspaces:connect', { url: remote.url, token: ownerToken })).id;
    keyId = (await app.call('keys:list', { workspaceId })).keys[0]!.id;
  });

  afterAll(async () => {
    await app?.close();
    await remote?.close();
    if (app) await cleanUp(app.service, [app.dataDir, remoteDir]);
  });

  it("renames a key without checking any cached key again, and the sidebar's counts stay right", async () => {
    const parse = vi.spyOn(ApiKey, 'parse');
    try {
      await app.call('keys:update', { workspaceId, keyId, patch: { name: 'Renamed billing key' } });
      const view = (await app.call('workspaces:list')).find((workspace) => workspace.id === workspaceId);
      const { keys } = await app.call('keys:list', { workspaceId });
      expect(view).toMatchObject({ keyCount: KEY_COUNT, expiringCount: EXPIRING });
      expect(keys.find((key) => key.id === keyId)?.name).toBe('Renamed billing key');
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('counts keys as expiring, then expired, then expiring again as the clock moves forward and back', async () => {
    const expiring = async () =>
      (await app.call('workspaces:list')).find((workspace) => workspace.id === workspaceId)?.expiringCount;
    app.clock.advance(11 * DAY_MS);
    expect(await expiring()).toBe(0);
    app.clock.advance(-11 * DAY_MS);
    expect(await expiring()).toBe(EXPIRING);
  });

  it('caches a workspace removed and connected again in full, on disk too', async () => {
    await app.call('workspaces:remove', { workspaceId });
    expect((await app.call('workspaces:list')).map((workspace) => workspace.kind)).toEqual(['local', 'external']);

    await app.call('workspaces:connect', { url: remote.url, token: ownerToken });
    const view = (await app.call('workspaces:list')).find((workspace) => workspace.id === workspaceId);
    expect(view).toMatchObject({ keyCount: KEY_COUNT, expiringCount: EXPIRING });
    // What the app finds at its next start, offline.
    const vault = openVaultDatabase(app.dataDir);
    try {
      const row = vault.prepare('SELECT COUNT(*) AS count FROM cached_keys WHERE workspace_id = ?').get(workspaceId);
      expect(row).toEqual({ count: KEY_COUNT });
    } finally {
      vault.close();
    }
  });
});
