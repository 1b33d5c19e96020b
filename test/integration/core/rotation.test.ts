/**
 * A whole rotation of a managed key as the admin lives it: the successor is made with its secret in
 * the keychain, pushed to every destination (one failing, then retried), traffic is watched as it
 * moves from the old key to the new, an early revoke is refused while the old key is still in use,
 * and the old key is retired (now, or when the overlap ends). No secret reaches the vault's files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RotationView } from '../../../src/shared/ipc/index.ts';
import { cleanUp, keytar, type CoreFixture } from './core-fixture.ts';
import {
  envValue,
  expectNoSecretOnDisk,
  keyWithDestinations,
  keyWorks,
  localWorkspace,
  startRotationCore,
  useKey,
  waitForRotation,
} from './rotation-fixture.ts';
import type { StandIns } from './secret-managers/stand-ins.ts';
import { installStandIns } from './rotation-fixture.ts';

const MINUTE = 60_000;
let app: CoreFixture;
let standIns: StandIns;
let local: { id: string; url: string };
const secrets: string[] = [];

beforeAll(async () => {
  standIns = installStandIns();
  app = await startRotationCore();
  local = await localWorkspace(app);
});

afterAll(async () => {
  await app?.close();
  if (app) await cleanUp(app.service, [app.dataDir]);
  standIns?.remove();
});

const secretOf = (keyId: string) => keytar.getPassword(app.service, `${local.id}/${keyId}`);

describe('rotating a managed key', () => {
  let rotation: RotationView;
  let key: Awaited<ReturnType<typeof keyWithDestinations>>;
  let newSecret: string;

  it('makes the successor with its secret in the keychain, and hands the destinations over to it', async () => {
    key = await keyWithDestinations(app, local.id, 'Payments', { github: true });
    secrets.push(key.secret);
    rotation = await app.call('rotations:start', { workspaceId: local.id, keyId: key.keyId, overlapSeconds: 3600 });
    expect(rotation).toMatchObject({
      kind: 'managed',
      mode: 'standard',
      status: 'in_progress',
      step: 'distribute',
      keyName: 'Payments',
      overlapSeconds: 3600,
      steps: { create: { state: 'done', problem: null }, distribute: { state: 'pending' } },
      retire: { how: null, options: ['revoke_now', 'overlap_ends'] },
    });
    const successorId = rotation.successor!.keyId;
    newSecret = (await secretOf(successorId))!;
    secrets.push(newSecret);
    expect(newSecret.startsWith(rotation.successor!.label!)).toBe(true);
    expect(Date.parse(rotation.overlapEndsAt!) - app.clock.now().getTime()).toBeGreaterThan(59 * MINUTE);
    expect(rotation.retire.plan).toMatch(/^The old key stops working by itself on \d{4}-\d\d-\d\d \d\d:\d\d UTC/);

    const keys = (await app.call('keys:list', { workspaceId: local.id })).keys;
    expect(keys.find((candidate) => candidate.id === successorId)).toMatchObject({ hasSecret: true, status: 'active' });
    expect(keys.find((candidate) => candidate.id === key.keyId)).toMatchObject({ rotatedToId: successorId });
    // Both keys work during the overlap; the destinations now belong to the successor.
    expect([await keyWorks(local.url, key.secret), await keyWorks(local.url, newSecret)]).toEqual([true, true]);
    const moved = await app.call('targets:list', { workspaceId: local.id, keyId: successorId });
    expect(moved.map((target) => target.label)).toEqual(['deploy .env', 'Doppler prd', 'GitHub production']);
    expect(await app.call('targets:list', { workspaceId: local.id, keyId: key.keyId })).toEqual([]);
    // The key's reminders and the dashboard say it is being rotated.
    const watched = (await app.call('reminders:overview')).keys.filter((k) =>
      [key.keyId, successorId].includes(k.keyId),
    );
    expect(watched.map((k) => k.rotationInProgress)).toEqual([true, true]);
    // Starting again is refused: one rotation at a time per key.
    const again = await app.attempt('rotations:start', { workspaceId: local.id, keyId: key.keyId, overlapSeconds: 0 });
    expect(again).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('pushes to every destination in parallel; a failure shows the CLI’s words and is retried alone', async () => {
    standIns.scenario('gh', 'failure');
    rotation = await app.call('rotations:distribute', { rotationId: rotation.id });
    expect(rotation.targets.map((target) => [target.label, target.state, target.outcome])).toEqual([
      ['deploy .env', 'done', 'ok'],
      ['Doppler prd', 'done', 'ok'],
      ['GitHub production', 'failed', 'cli_failed'],
    ]);
    const github = rotation.targets[2]!;
    expect(github.message).toMatch(/HTTP 404/);
    expect(github.message).not.toContain(newSecret);
    expect(rotation.steps.distribute).toMatchObject({ state: 'failed', problem: { code: 'push_failed' } });
    expect(rotation.steps.distribute.problem!.message).toBe(
      '2 of 3 destinations have the new secret. Retry the ones that failed, set them by hand, or continue without them.',
    );
    expect(envValue(key.envFile)).toBe(newSecret);
    const doppler = standIns.invocations('doppler').filter((call) => call.argv[0] === 'secrets');
    expect(doppler.map((call) => call.stdin)).toEqual([newSecret]);
    expect(doppler.flatMap((call) => call.argv).some((arg) => arg.includes(newSecret))).toBe(false);

    // Leaving the step with a destination behind needs saying so.
    expect(await app.attempt('rotations:continue', { rotationId: rotation.id })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    standIns.scenario('gh', 'success');
    rotation = await app.call('rotations:retryTarget', { rotationId: rotation.id, targetId: github.targetId });
    expect(rotation.targets.map((target) => [target.state, target.attempts])).toEqual([
      ['done', 1],
      ['done', 1],
      ['done', 2],
    ]);
    expect(rotation).toMatchObject({
      step: 'verify',
      steps: { distribute: { state: 'done' }, verify: { state: 'running' } },
    });
    // "Push to all" again pushes nothing that is done.
    await app.call('rotations:distribute', { rotationId: rotation.id });
    expect(standIns.invocations('doppler').filter((call) => call.argv[0] === 'secrets')).toHaveLength(1);

    const history = await app.call('keys:pushHistory', { workspaceId: local.id, keyId: rotation.successor!.keyId });
    expect(history.map((push) => [push.targetLabel, push.outcome])).toEqual(
      expect.arrayContaining([
        ['GitHub production', 'ok'],
        ['GitHub production', 'cli_failed'],
        ['Doppler prd', 'ok'],
        ['deploy .env', 'ok'],
      ]),
    );
  });

  it('charts traffic per minute as it moves from the old key to the new one', async () => {
    await useKey(app, local.url, key.secret);
    app.clock.advance(2 * MINUTE);
    await useKey(app, local.url, newSecret, { ip: '198.51.100.23', userAgent: 'billing-worker/2.2' });
    await useKey(app, local.url, newSecret, { ip: '198.51.100.23', userAgent: 'billing-worker/2.2' });
    const traffic = await app.call('rotations:traffic', { rotationId: rotation.id, minutes: 10 });
    expect(traffic.minutes).toHaveLength(10);
    // Two minutes ago: the first test's checks with each key, and the gateway's use of the old one.
    expect(traffic.minutes.at(-3)).toMatchObject({ oldKey: 2, newKey: 1 });
    expect(traffic.minutes.at(-1)).toMatchObject({ oldKey: 0, newKey: 2 });
    expect(traffic.minutes.reduce((sum, minute) => sum + minute.oldKey + minute.newKey, 0)).toBe(5);
    expect(Date.parse(traffic.newKeyFirstUseAt!)).toBeLessThan(Date.parse(traffic.minutes.at(-2)!.at));
    expect(traffic).toMatchObject({
      oldKeyLastUseIp: '203.0.113.0',
      summary: 'Still in use by 203.0.113.x, 2 minutes ago',
    });
    const view = await app.call('rotations:get', { rotationId: rotation.id });
    expect(view.verify).toMatchObject({ newKeyFirstUseAt: traffic.newKeyFirstUseAt, oldKeyLastUseIp: '203.0.113.0' });
  });

  it('refuses to revoke the old key early while it was used in the last 15 minutes, unless confirmed', async () => {
    app.clock.advance(2 * MINUTE);
    const refused = await app.attempt('rotations:retire', { rotationId: rotation.id, how: 'revoke_now' });
    expect(refused).toMatchObject({ ok: false, code: 'conflict' });
    expect(!refused.ok && refused.message).toMatch(/^Still in use by 203\.0\.113\.x, 4 minutes ago: /);
    expect((await app.call('rotations:get', { rotationId: rotation.id })).steps.retire.state).toBe('pending');
    const keys = (await app.call('keys:list', { workspaceId: local.id })).keys;
    expect(keys.find((candidate) => candidate.id === key.keyId)?.status).toBe('active');

    app.clock.advance(12 * MINUTE);
    rotation = await app.call('rotations:retire', { rotationId: rotation.id, how: 'revoke_now' });
    expect(rotation).toMatchObject({
      status: 'completed',
      step: 'done',
      retire: { how: 'revoke_now', options: [] },
      steps: { verify: { state: 'done' }, retire: { state: 'done' } },
    });
    expect(rotation.retire.plan).toMatch(/^The old key was revoked on .* and its secret left the vault\.$/);
    expect([await keyWorks(local.url, key.secret), await keyWorks(local.url, newSecret)]).toEqual([false, true]);
    expect(await secretOf(key.keyId)).toBeNull();
    const old = (await app.call('keys:refresh', { workspaceId: local.id })).keys.find((k) => k.id === key.keyId);
    expect(old).toMatchObject({ status: 'revoked', hasSecret: false });
    expect(await app.call('rotations:list')).toEqual([]);
    expect((await app.call('rotations:list', { includeFinished: true })).map((view) => view.id)).toContain(rotation.id);
    const watched = (await app.call('reminders:overview')).keys.find((k) => k.keyId === rotation.successor!.keyId);
    expect(watched?.rotationInProgress).toBe(false);
  });

  it('announced every change as rotations:changed with the rotation’s whole state', () => {
    const changes = app.events
      .filter((event) => event.event === 'rotations:changed')
      .map((event) => event.payload as RotationView)
      .filter((view) => view.id === rotation.id);
    expect(changes.map((view) => view.step)).toEqual(
      expect.arrayContaining(['create', 'distribute', 'verify', 'done']),
    );
    expect(changes.at(-1)).toMatchObject({ status: 'completed' });
    expect(JSON.stringify(changes)).not.toContain(newSecret);
  });

  it('revokes early when the admin confirms despite recent use', async () => {
    const other = await keyWithDestinations(app, local.id, 'Confirmed');
    let view = await app.call('rotations:start', { workspaceId: local.id, keyId: other.keyId, overlapSeconds: 86_400 });
    secrets.push(other.secret, (await secretOf(view.successor!.keyId))!);
    view = await app.call('rotations:distribute', { rotationId: view.id });
    await useKey(app, local.url, other.secret);
    expect(await app.attempt('rotations:retire', { rotationId: view.id, how: 'revoke_now' })).toMatchObject({
      ok: false,
      code: 'conflict',
      message: expect.stringMatching(/^Still in use by 203\.0\.113\.x, less than a minute ago/),
    });
    view = await app.call('rotations:retire', { rotationId: view.id, how: 'revoke_now', confirmInUse: true });
    expect(view.status).toBe('completed');
    expect(await keyWorks(local.url, other.secret)).toBe(false);
  });
});

describe('letting the overlap end', () => {
  it('says when the old key stops, and removes its secret from the vault when it does', async () => {
    const key = await keyWithDestinations(app, local.id, 'Overlap');
    let view = await app.call('rotations:start', { workspaceId: local.id, keyId: key.keyId, overlapSeconds: 3600 });
    secrets.push(key.secret, (await secretOf(view.successor!.keyId))!);
    view = await app.call('rotations:distribute', { rotationId: view.id });
    view = await app.call('rotations:continue', { rotationId: view.id });
    expect(view.step).toBe('retire');
    view = await app.call('rotations:retire', { rotationId: view.id, how: 'overlap_ends' });
    expect(view).toMatchObject({
      status: 'in_progress',
      retire: { how: 'overlap_ends', options: ['revoke_now'] },
      steps: { retire: { state: 'running' } },
    });
    expect(view.retire.plan).toMatch(/^The old key stops working when the overlap ends, on .*; Keywarden then removes/);
    expect(await app.call('rotations:list', { keyId: key.keyId })).toHaveLength(1);
    // Before the overlap ends there is nothing to retry, and the old secret stays.
    expect(await app.attempt('rotations:retry', { rotationId: view.id })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    expect(await secretOf(key.keyId)).toBe(key.secret);

    app.clock.advance(61 * MINUTE);
    view = await waitForRotation(app, view.id, (candidate) => candidate.status === 'completed');
    expect(view.retire.plan).toMatch(
      /^The overlap ended on .*: the old key stopped working and its secret left the vault\.$/,
    );
    expect(await secretOf(key.keyId)).toBeNull();
    expect(await keyWorks(local.url, key.secret)).toBe(false);
  });
});

describe('the vault', () => {
  it('never writes an old or new secret to its database, its WAL or anywhere in its folder', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    expectNoSecretOnDisk(app.dataDir, secrets);
  });
});
