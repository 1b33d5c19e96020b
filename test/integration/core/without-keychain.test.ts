/**
 * A system with no usable keychain: secrets live in memory for the session, the user is told so,
 * and the local workspace stays reachable after a restart (a fresh owner token is minted).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore, createDispatch, type Core } from '../../../src/main/core/index.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/memory-secret-store.ts';
import { ManualClock } from '../../../src/shared/clock.ts';
import type { IpcChannel, IpcInput, IpcOutput, IpcResult } from '../../../src/shared/ipc/index.ts';
import { RecordingClipboard, RecordingTray } from './core-fixture.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-nokeychain-'));
const clock = new ManualClock(new Date());
const message =
  'Your system keychain is not available (no Secret Service). Secrets are kept in memory for this session only and will be gone when Keywarden quits.';
let running: Core | null = null;

afterAll(async () => {
  await running?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the app the way it starts with no keychain: a fresh in-memory store each run. */
async function startApp() {
  const core = await createCore(
    {
      dataDir,
      clock,
      secrets: new MemorySecretStore(),
      keychainBackend: 'Memory (this session only)',
      notifier: { show: () => undefined },
      clipboard: new RecordingClipboard(),
      tray: new RecordingTray(),
      exec: { locate: async () => null, run: async () => ({ status: 'not_found' }) },
      fetch: globalThis.fetch,
      appVersion: '0.0.0-test',
      platform: process.platform,
    },
    { keychain: { available: false, message } },
  );
  running = core;
  const dispatch = createDispatch(core.handlers);
  const call = <C extends IpcChannel>(channel: C, input?: IpcInput<C>) =>
    dispatch(channel, input) as Promise<IpcResult<IpcOutput<C>>>;
  return { core, call };
}

describe('without an OS keychain', () => {
  let workspaceId: string;
  let keyId: string;
  let secret: string;

  it('tells the user, and warns that a new secret lives in memory only', async () => {
    const { core, call } = await startApp();
    const info = await call('app:info');
    expect(info).toMatchObject({ ok: true, value: { keychain: { available: false, message } } });
    const workspaces = await call('workspaces:list');
    workspaceId = workspaces.ok ? workspaces.value[0]!.id : '';
    const created = await call('keys:create', { workspaceId, request: { name: 'Deploy bot', scope: 'public_api' } });
    expect(created).toMatchObject({ ok: true, value: { storedInKeychain: false, key: { hasSecret: true } } });
    expect(created.ok && created.value.keychainWarning).toMatch(/kept in memory until Keywarden quits/);
    keyId = created.ok ? created.value.key.id : '';
    secret = created.ok ? created.value.secret : '';
    await expect(call('keys:reveal', { workspaceId, keyId })).resolves.toEqual({ ok: true, value: { secret } });
    await core.dispose();
  });

  it('after a restart, still manages the local workspace and shows which secrets are gone', async () => {
    const { call } = await startApp();
    const workspaces = await call('workspaces:list');
    expect(workspaces.ok && workspaces.value[0]).toMatchObject({
      id: workspaceId,
      kind: 'local',
      connection: 'online',
    });
    const list = await call('keys:list', { workspaceId });
    expect(list).toMatchObject({ ok: true, value: { source: 'live', keys: [{ id: keyId, hasSecret: false }] } });
    await expect(call('keys:reveal', { workspaceId, keyId })).resolves.toMatchObject({
      ok: false,
      code: 'secret_not_in_vault',
    });
    // A fresh owner token was minted, so the user can still act on their keys.
    await expect(call('keys:revoke', { workspaceId, keyId })).resolves.toMatchObject({
      ok: true,
      value: { status: 'revoked' },
    });
  });
});
