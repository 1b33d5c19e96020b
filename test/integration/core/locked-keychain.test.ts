/**
 * A keychain that locks while the app runs (the screen locked, the Secret Service restarted):
 * every call that needs it answers keychain_unavailable with the keychain's own reason and what
 * to do, nothing is half saved, and everything works again once it is unlocked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, createDispatch, type Core } from '../../../src/main/core/index.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/memory-secret-store.ts';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import { ManualClock } from '../../../src/shared/clock.ts';
import type { IpcChannel, IpcInput, IpcOutput, IpcResult } from '../../../src/shared/ipc/index.ts';
import { RecordingClipboard, RecordingTray } from './core-fixture.ts';

/** A keychain the test can lock: locked, every call fails the way keytar reports a locked keyring. */
class LockableSecretStore extends MemorySecretStore {
  locked = false;

  override async get(account: string): Promise<string | null> {
    this.#refuseWhileLocked();
    return super.get(account);
  }
  override async set(account: string, secret: string): Promise<void> {
    this.#refuseWhileLocked();
    return super.set(account, secret);
  }
  override async delete(account: string): Promise<boolean> {
    this.#refuseWhileLocked();
    return super.delete(account);
  }
  override async list(): Promise<string[]> {
    this.#refuseWhileLocked();
    return super.list();
  }
  #refuseWhileLocked(): void {
    if (this.locked) throw new Error('Cannot create an item in a locked collection');
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-locked-keychain-'));
const clock = new ManualClock(new Date());
const keychain = new LockableSecretStore();
const clipboard = new RecordingClipboard();
let core: Core;
let call: <C extends IpcChannel>(channel: C, input?: IpcInput<C>) => Promise<IpcResult<IpcOutput<C>>>;

beforeAll(async () => {
  core = await createCore({
    dataDir,
    clock,
    secrets: keychain,
    keychainBackend: 'Secret Service (libsecret)',
    notifier: { show: () => undefined },
    clipboard,
    tray: new RecordingTray(),
    exec: { locate: async () => null, run: async () => ({ status: 'not_found' }) },
    fetch: globalThis.fetch,
    appVersion: '0.0.0-test',
    platform: process.platform,
  });
  const dispatch = createDispatch(core.handlers);
  call = (channel, input) => dispatch(channel, input) as never;
});

afterAll(async () => {
  await core?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('when the keychain locks while Keywarden runs', () => {
  let workspaceId = '';
  let keyId = '';
  let secret = '';

  it('a key created before is not shown or copied, and the user is told to unlock the keychain', async () => {
    const workspaces = await call('workspaces:list');
    workspaceId = workspaces.ok ? workspaces.value.find((workspace) => workspace.kind === 'local')!.id : '';
    const created = await call('keys:create', { workspaceId, request: { name: 'Deploy bot', scope: 'public_api' } });
    keyId = created.ok ? created.value.key.id : '';
    secret = created.ok ? created.value.secret : '';
    expect(secret).not.toBe('');

    keychain.locked = true;
    const refused = {
      ok: false,
      code: 'keychain_unavailable',
      message:
        'Keywarden could not read your system keychain (Cannot create an item in a locked collection). Unlock the keychain and try again.',
    };
    await expect(call('keys:reveal', { workspaceId, keyId })).resolves.toEqual(refused);
    await expect(call('keys:copy', { workspaceId, keyId })).resolves.toEqual(refused);
    expect(clipboard.writes).toEqual([]);
  });

  it('an external key is not added without its secret', async () => {
    const added = await call('externalKeys:add', {
      name: 'Stripe',
      provider: 'Stripe',
      scopeLabel: '',
      secret: 'sk_live_51H8pasted',
      expiresAt: new Date(clock.now().getTime() + 90 * DAY_MS).toISOString(),
    });
    expect(added).toEqual({
      ok: false,
      code: 'keychain_unavailable',
      message:
        'Keywarden could not save this key in your system keychain (Cannot create an item in a locked collection). Unlock the keychain and try again.',
    });
    const external = await call('keys:list', { workspaceId: 'external' });
    expect(external).toMatchObject({ ok: true, value: { keys: [] } });
  });

  it('once unlocked, the secret is there again', async () => {
    keychain.locked = false;
    await expect(call('keys:reveal', { workspaceId, keyId })).resolves.toEqual({ ok: true, value: { secret } });
  });
});
