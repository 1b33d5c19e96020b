/**
 * What goes wrong in the middle of a rotation, and what the admin sees: a locked keychain (the new
 * secret held in memory until it is unlocked, and said to be lost if the app quits first), an
 * answer lost on the network after the service made the successor (an orphaned successor, said so
 * and replaced on request, never adopted silently), and the network gone while retiring. Each
 * failure shows on its step, and the step is retried.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretStore } from '../../../src/main/core/ports.ts';
import { cleanUp, keytar, testServiceName, type CoreFixture } from './core-fixture.ts';
import {
  envValue,
  installStandIns,
  keyWithDestinations,
  keyWorks,
  localWorkspace,
  startRotationCore,
  waitForRotation,
} from './rotation-fixture.ts';
import type { StandIns } from './secret-managers/stand-ins.ts';

const service = testServiceName();
let app: CoreFixture;
let standIns: StandIns;
let local: { id: string; url: string };
const trouble = { keychainLocked: false, loseRotateAnswer: false, revokeOffline: false };

/** The real keychain, refusing key secrets while "locked" (the admin token keeps working). */
function lockable(store: SecretStore): SecretStore {
  const refuse = (account: string) => {
    if (trouble.keychainLocked && !account.endsWith('/admin-token')) throw new Error('The keyring is locked');
  };
  return {
    get: async (account) => (refuse(account), store.get(account)),
    set: async (account, secret) => (refuse(account), store.set(account, secret)),
    delete: async (account) => (refuse(account), store.delete(account)),
    list: () => store.list(),
  };
}

/** The network, losing the answer to a rotation (the service did it) or refusing to reach a revoke. */
const network: typeof fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  if (trouble.revokeOffline && url.endsWith('/revoke')) {
    throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
  }
  const response = await fetch(input, init);
  if (trouble.loseRotateAnswer && url.endsWith('/rotate')) {
    throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
  }
  return response;
};

const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-rotation-failures-'));

/** Starts the app (again, after a quit) on the same folder and keychain. */
async function start(): Promise<void> {
  app = await startRotationCore({ service, dataDir, wrapSecrets: lockable, fetch: network });
  local = await localWorkspace(app);
}

beforeAll(async () => {
  standIns = installStandIns();
  await start();
});

afterAll(async () => {
  trouble.keychainLocked = false;
  await app?.close();
  await cleanUp(service, [dataDir]);
  standIns?.remove();
});

const secretOf = (keyId: string) => keytar.getPassword(service, `${local.id}/${keyId}`);

describe('a locked keychain', () => {
  it('holds the new secret in memory, says so, and saves it when the keychain is unlocked and the step retried', async () => {
    const key = await keyWithDestinations(app, local.id, 'Locked');
    trouble.keychainLocked = true;
    let view = await app.call('rotations:start', { workspaceId: local.id, keyId: key.keyId, overlapSeconds: 3600 });
    expect(view).toMatchObject({
      step: 'create',
      successor: null,
      steps: { create: { state: 'failed', problem: { code: 'keychain_unavailable' } } },
    });
    expect(view.steps.create.problem!.message).toMatch(
      /^Keywarden could not save the secret of the new key the service made \(lsk_live_.{3}…\) in your system keychain \(The keyring is locked\)\. Unlock the keychain and retry: until then the secret is held in memory only, and it is lost if Keywarden quits\.$/,
    );
    expect(view.cancelNote).toMatch(/cancelling loses it for good/);

    trouble.keychainLocked = false;
    view = await app.call('rotations:retry', { rotationId: view.id });
    expect(view).toMatchObject({ step: 'distribute', steps: { create: { state: 'done', problem: null } } });
    const newSecret = (await secretOf(view.successor!.keyId))!;
    expect(await keyWorks(local.url, newSecret)).toBe(true);

    // Locked again while pushing: nothing is pushed, the step says why, and pushing again works.
    trouble.keychainLocked = true;
    view = await app.call('rotations:distribute', { rotationId: view.id });
    expect(view.steps.distribute).toMatchObject({
      state: 'failed',
      problem: {
        code: 'keychain_unavailable',
        message:
          'Keywarden could not read the new secret from your system keychain (The keyring is locked). Unlock the keychain and push again.',
      },
    });
    expect(view.targets.map((target) => target.state)).toEqual(['waiting', 'waiting']);
    trouble.keychainLocked = false;
    view = await app.call('rotations:distribute', { rotationId: view.id });
    expect(view.steps.distribute.state).toBe('done');
    expect(envValue(key.envFile)).toBe(newSecret);
    await app.call('rotations:cancel', { rotationId: view.id });
  });

  it('after a quit with the secret only in memory, reports the orphaned successor and replaces it on request', async () => {
    const key = await keyWithDestinations(app, local.id, 'Lost in memory');
    trouble.keychainLocked = true;
    const started = await app.call('rotations:start', { workspaceId: local.id, keyId: key.keyId, overlapSeconds: 600 });
    const orphan = (await app.call('keys:list', { workspaceId: local.id })).keys.find(
      (candidate) => candidate.rotatedFromId === key.keyId,
    )!;
    await app.close();
    trouble.keychainLocked = false;
    await start();

    let view = await waitForRotation(
      app,
      started.id,
      (candidate) => candidate.steps.create.state === 'needs_attention',
    );
    expect(view).toMatchObject({ orphanKeyId: orphan.id, successor: null, step: 'create' });
    expect(view.steps.create.problem).toMatchObject({ code: 'orphaned_successor' });
    expect(view.steps.create.problem!.message).toMatch(
      new RegExp(`^The service made a new key \\(${orphan.prefix}…\\) whose secret never reached this vault`),
    );
    expect(view.steps.create.problem!.message).toMatch(/The old key keeps working until /);
    expect(await app.attempt('rotations:retry', { rotationId: view.id })).toMatchObject({
      ok: false,
      code: 'conflict',
    });

    view = await app.call('rotations:reissue', { rotationId: view.id });
    expect(view).toMatchObject({ orphanKeyId: null, step: 'distribute', steps: { create: { state: 'done' } } });
    const successor = view.successor!.keyId;
    expect(successor).not.toBe(orphan.id);
    const keys = (await app.call('keys:refresh', { workspaceId: local.id })).keys;
    expect(keys.find((candidate) => candidate.id === orphan.id)).toMatchObject({
      status: 'revoked',
      rotatedToId: successor,
    });
    expect(keys.find((candidate) => candidate.id === key.keyId)).toMatchObject({ status: 'active' });
    expect(await keyWorks(local.url, (await secretOf(successor))!)).toBe(true);
    await app.call('rotations:cancel', { rotationId: view.id });
  });
});

describe('the network', () => {
  it('losing the answer after the service made the successor: the orphan is reported, replaced, and the rotation ends', async () => {
    const key = await keyWithDestinations(app, local.id, 'Lost answer');
    trouble.loseRotateAnswer = true;
    let view = await app.call('rotations:start', { workspaceId: local.id, keyId: key.keyId, overlapSeconds: 600 });
    expect(view.steps.create).toMatchObject({ state: 'failed', problem: { code: 'workspace_unreachable' } });
    expect(view.steps.create.problem!.message).toMatch(/the connection was cut/);

    trouble.loseRotateAnswer = false;
    view = await app.call('rotations:retry', { rotationId: view.id });
    expect(view.steps.create.state).toBe('needs_attention');
    view = await app.call('rotations:reissue', { rotationId: view.id });
    view = await app.call('rotations:distribute', { rotationId: view.id });
    const newSecret = (await secretOf(view.successor!.keyId))!;
    expect(envValue(key.envFile)).toBe(newSecret);
    view = await app.call('rotations:continue', { rotationId: view.id });

    trouble.revokeOffline = true;
    view = await app.call('rotations:retire', { rotationId: view.id, how: 'revoke_now' });
    expect(view).toMatchObject({
      status: 'in_progress',
      step: 'retire',
      steps: { retire: { state: 'failed', problem: { code: 'workspace_unreachable' } } },
    });
    const cached = (await app.call('keys:list', { workspaceId: local.id })).keys;
    expect(cached.find((candidate) => candidate.id === key.keyId)).toMatchObject({ status: 'active', hasSecret: true });

    trouble.revokeOffline = false;
    view = await app.call('rotations:retry', { rotationId: view.id });
    expect(view).toMatchObject({ status: 'completed', retire: { how: 'revoke_now' } });
    expect([await keyWorks(local.url, key.secret), await keyWorks(local.url, newSecret)]).toEqual([false, true]);
  });
});
