/**
 * A rotation survives the app stopping between any two steps: the core is disposed and created
 * again on the same data folder (a real restart: new embedded service process state, new SQLite
 * connection, the same keychain), and the rotation shows where it was and goes on from there. At
 * the end every destination got the new secret exactly once and the service says the old key is
 * revoked. A push that was running when the app stopped comes back as unknown and is repeated only
 * when the admin asks.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VAULT_DATABASE_FILE } from '../../../src/main/core/store/database.ts';
import { ManualClock } from '../../../src/shared/clock.ts';
import type { RotationView } from '../../../src/shared/ipc/index.ts';
import { cleanUp, keytar, testServiceName, type CoreFixture } from './core-fixture.ts';
import {
  envValue,
  expectNoSecretOnDisk,
  installStandIns,
  keyWithDestinations,
  keyWorks,
  localWorkspace,
  startRotationCore,
  waitForRotation,
} from './rotation-fixture.ts';
import type { StandIns } from './secret-managers/stand-ins.ts';

const service = testServiceName();
const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-rotation-resume-'));
const clock = new ManualClock(new Date());
let app: CoreFixture;
let standIns: StandIns;
let local: { id: string; url: string };

/** Stops the app the way quitting does, and starts it again on the same folder and keychain. */
async function restart(): Promise<void> {
  await app.close();
  app = await startRotationCore({ service, dataDir, clock });
  local = await localWorkspace(app);
}

/** What the wizard shows after a restart: the rotation, loaded from the vault. */
async function shownAfterRestart(rotationId: string): Promise<RotationView> {
  const listed = await app.call('rotations:list');
  expect(listed.map((view) => view.id)).toEqual([rotationId]);
  // Resuming runs in the background at start; wait until nothing is running any more.
  return waitForRotation(app, rotationId, (view) => view.steps.create.state !== 'running');
}

const dopplerPushes = () => standIns.invocations('doppler').filter((call) => call.argv[0] === 'secrets');

beforeAll(async () => {
  standIns = installStandIns();
  app = await startRotationCore({ service, dataDir, clock });
  local = await localWorkspace(app);
});

afterAll(async () => {
  await app?.close();
  await cleanUp(service, [dataDir]);
  standIns?.remove();
});

describe('a rotation interrupted between each pair of steps', () => {
  it('completes, with every destination pushed exactly once and the old key revoked at the service', async () => {
    const key = await keyWithDestinations(app, local.id, 'Resumed');
    standIns.reset('doppler');
    const started = await app.call('rotations:start', {
      workspaceId: local.id,
      keyId: key.keyId,
      overlapSeconds: 3600,
    });
    const rotationId = started.id;
    const successorId = started.successor!.keyId;
    const newSecret = (await keytar.getPassword(service, `${local.id}/${successorId}`))!;
    expect(newSecret).toMatch(/^lsk_live_/);

    // Between create and distribute.
    await restart();
    let view = await shownAfterRestart(rotationId);
    expect(view).toMatchObject({ step: 'distribute', successor: { keyId: successorId }, status: 'in_progress' });
    expect(envValue(key.envFile)).toBe(key.secret);
    view = await app.call('rotations:distribute', { rotationId });
    expect(view.targets.map((target) => target.state)).toEqual(['done', 'done']);

    // Between distribute and verify.
    await restart();
    view = await shownAfterRestart(rotationId);
    expect(view).toMatchObject({
      step: 'verify',
      steps: { distribute: { state: 'done' }, verify: { state: 'running' } },
    });
    expect(view.targets.map((target) => [target.state, target.attempts])).toEqual([
      ['done', 1],
      ['done', 1],
    ]);
    // Pushing to all again after the restart repeats nothing.
    await app.call('rotations:distribute', { rotationId });
    expect((await app.call('rotations:traffic', { rotationId, minutes: 5 })).summary).toBe(
      'The old key has never been used',
    );
    expect((await app.call('rotations:continue', { rotationId })).step).toBe('retire');

    // Between verify and retire.
    await restart();
    view = await shownAfterRestart(rotationId);
    expect(view).toMatchObject({ step: 'retire', retire: { how: null, options: ['revoke_now', 'overlap_ends'] } });
    view = await app.call('rotations:retire', { rotationId, how: 'revoke_now' });
    expect(view.status).toBe('completed');

    // After the end, the finished rotation is history, and nothing ran again.
    await restart();
    expect(await app.call('rotations:list')).toEqual([]);
    expect(await app.call('rotations:get', { rotationId })).toMatchObject({ status: 'completed', step: 'done' });
    expect(dopplerPushes().map((call) => call.stdin)).toEqual([newSecret]);
    expect(envValue(key.envFile)).toBe(newSecret);
    const history = await app.call('keys:pushHistory', { workspaceId: local.id, keyId: successorId });
    expect(history.map((push) => [push.targetLabel, push.outcome]).sort()).toEqual([
      ['Doppler prd', 'ok'],
      ['deploy .env', 'ok'],
    ]);
    const keys = (await app.call('keys:refresh', { workspaceId: local.id })).keys;
    expect(keys.find((candidate) => candidate.id === key.keyId)).toMatchObject({ status: 'revoked', hasSecret: false });
    expect(keys.find((candidate) => candidate.id === successorId)).toMatchObject({ status: 'active', hasSecret: true });
    expect([await keyWorks(local.url, key.secret), await keyWorks(local.url, newSecret)]).toEqual([false, true]);
    expectNoSecretOnDisk(dataDir, [key.secret, newSecret]);
  });

  it('brings a push that was running when the app stopped back as unknown, and repeats it only when asked', async () => {
    const key = await keyWithDestinations(app, local.id, 'Interrupted push');
    const started = await app.call('rotations:start', { workspaceId: local.id, keyId: key.keyId, overlapSeconds: 60 });
    const rotationId = started.id;
    expect((await app.call('rotations:distribute', { rotationId })).step).toBe('verify');
    await app.close();
    // What a crash during Doppler's push leaves in the vault: its push saved as running.
    const db = new Database(join(dataDir, VAULT_DATABASE_FILE));
    db.prepare("UPDATE rotation_pushes SET state = 'running' WHERE rotation_id = ? AND kind = 'doppler'").run(
      rotationId,
    );
    db.prepare("UPDATE rotations SET steps = json_set(steps, '$.distribute.state', 'running') WHERE id = ?").run(
      rotationId,
    );
    db.close();
    standIns.reset('doppler');

    app = await startRotationCore({ service, dataDir, clock });
    let view = await shownAfterRestart(rotationId);
    const doppler = view.targets.find((target) => target.kind === 'doppler')!;
    expect(doppler).toMatchObject({ state: 'unknown', outcome: null });
    expect(doppler.message).toBe(
      'Keywarden stopped while this push was running, so the new secret may or may not have arrived. Push again to be sure.',
    );
    expect(view.steps.distribute).toMatchObject({ state: 'failed', problem: { code: 'push_unknown' } });

    // "Push to all" leaves it alone; only the admin's yes pushes it again.
    view = await app.call('rotations:distribute', { rotationId });
    expect(dopplerPushes()).toHaveLength(0);
    expect(view.targets.find((target) => target.kind === 'doppler')!.state).toBe('unknown');
    view = await app.call('rotations:distribute', { rotationId, includeUnknown: true });
    expect(dopplerPushes()).toHaveLength(1);
    expect(view).toMatchObject({ step: 'verify', steps: { distribute: { state: 'done', problem: null } } });
    await app.call('rotations:cancel', { rotationId });
  });
});
