/**
 * "This key leaked": one action rotates with no overlap (the old key stops at once), pushes the new
 * secret to every destination by itself, and leaves the admin the old key's recent requests with
 * masked IPs and user agents, since a time they choose, to audit what the leak was used for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUp, keytar, type CoreFixture } from './core-fixture.ts';
import {
  envValue,
  expectNoSecretOnDisk,
  installStandIns,
  keyWithDestinations,
  keyWorks,
  localWorkspace,
  startRotationCore,
  useKey,
  waitForRotation,
} from './rotation-fixture.ts';
import type { StandIns } from './secret-managers/stand-ins.ts';

const MINUTE = 60_000;
let app: CoreFixture;
let standIns: StandIns;
let local: { id: string; url: string };

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

describe('a leaked key', () => {
  it('is replaced with no overlap, pushed everywhere, and its recent requests are shown with masked IPs', async () => {
    const key = await keyWithDestinations(app, local.id, 'Leaked');
    const before = app.clock.now().toISOString();
    app.clock.advance(MINUTE);
    await useKey(app, local.url, key.secret, { ip: '192.0.2.55', userAgent: 'curl/8.5.0' });
    app.clock.advance(MINUTE);
    await useKey(app, local.url, key.secret, { ip: '2001:db8:beef:7::9', userAgent: 'python-requests/2.31' });
    await useKey(app, local.url, key.secret, { ip: '2001:db8:beef:7::9', userAgent: 'python-requests/2.31' });

    const started = await app.call('rotations:start', {
      workspaceId: local.id,
      keyId: key.keyId,
      mode: 'leaked',
      auditSince: before,
    });
    expect(started).toMatchObject({
      mode: 'leaked',
      overlapSeconds: 0,
      auditSince: before,
      steps: { create: { state: 'done' }, verify: { state: 'skipped' }, retire: { state: 'done' } },
      retire: { how: 'revoked_with_rotation', options: [] },
    });
    // The old key stopped the moment the new one was made, and its secret left the vault.
    expect(await keyWorks(local.url, key.secret)).toBe(false);
    expect(await keytar.getPassword(app.service, `${local.id}/${key.keyId}`)).toBeNull();

    const done = await waitForRotation(
      app,
      started.id,
      (view) => view.status === 'completed' || view.steps.distribute.state === 'failed',
    );
    expect(done).toMatchObject({ status: 'completed', step: 'done' });
    expect(done.targets.map((target) => target.state)).toEqual(['done', 'done']);
    const newSecret = (await keytar.getPassword(app.service, `${local.id}/${done.successor!.keyId}`))!;
    expect(envValue(key.envFile)).toBe(newSecret);
    expect(await keyWorks(local.url, newSecret)).toBe(true);
    expect(done.retire.plan).toBe(
      'The old key was revoked when the new one was made (no overlap), and its secret left the vault.',
    );

    const audit = await app.call('rotations:oldKeyUses', { rotationId: started.id });
    expect(audit).toMatchObject({ keyId: key.keyId, since: before, truncated: false });
    expect(audit.uses.map((use) => [use.ip, use.userAgent, use.requests])).toEqual([
      ['2001:db8:beef::', 'python-requests/2.31', 2],
      ['192.0.2.0', 'curl/8.5.0', 1],
    ]);
    // A later start of the audit leaves the earlier request out.
    const later = await app.call('rotations:oldKeyUses', {
      rotationId: started.id,
      since: new Date(Date.parse(before) + 90_000).toISOString(),
    });
    expect(later.uses.map((use) => use.userAgent)).toEqual(['python-requests/2.31']);
    expectNoSecretOnDisk(app.dataDir, [key.secret, newSecret]);
  });

  it('stops at a destination that failed, and finishes once it is retried', async () => {
    const key = await keyWithDestinations(app, local.id, 'Leaked again', { github: true });
    standIns.scenario('gh', 'signed_out');
    const started = await app.call('rotations:start', { workspaceId: local.id, keyId: key.keyId, mode: 'leaked' });
    let view = await waitForRotation(app, started.id, (candidate) => candidate.steps.distribute.state === 'failed');
    expect(view.status).toBe('in_progress');
    const github = view.targets.find((target) => target.kind === 'github')!;
    expect(github).toMatchObject({ state: 'failed', outcome: 'signed_out', exitCode: 4 });
    expect(github.message).toMatch(/gh auth login/);
    expect(await keyWorks(local.url, key.secret)).toBe(false);

    standIns.scenario('gh', 'success');
    view = await app.call('rotations:retryTarget', { rotationId: view.id, targetId: github.targetId });
    expect(view).toMatchObject({ status: 'completed' });
  });
});
