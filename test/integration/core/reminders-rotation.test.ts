/**
 * Reminders while a key is being rotated: during the overlap the old key and its successor share a
 * name and an expiry, and only the successor reminds, so the admin reads each reminder once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import { cleanUp, startCoreFixture, type CoreFixture } from './core-fixture.ts';
import { waitForRotation } from './rotation-fixture.ts';

let app: CoreFixture | undefined;
afterEach(async () => {
  if (!app) return;
  await app.close();
  await cleanUp(app.service, [app.dataDir]);
  app = undefined;
});

async function settle(fixture: CoreFixture): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 400));
  await fixture.core.reminders.syncNow();
}

describe('reminders during a rotation', () => {
  it('reminds once of a key whose rotation waits at the verify step, not of it and its successor', async () => {
    app = await startCoreFixture();
    await app.core.reminders.whenStarted();
    const local = (await app.call('workspaces:list')).find((workspace) => workspace.kind === 'local')!;
    const { key } = await app.call('keys:create', {
      workspaceId: local.id,
      request: { name: 'Billing API', scope: 'scim' },
    });
    let rotation = await app.call('rotations:start', { workspaceId: local.id, keyId: key.id, overlapSeconds: 3600 });
    rotation = await app.call('rotations:continue', { rotationId: rotation.id });
    expect(rotation.step).toBe('verify');
    const successorId = rotation.successor!.keyId;

    app.clock.advance(335 * DAY_MS);
    await settle(app);
    const reminders = app.notifications.filter((notification) => notification.title.startsWith('A key expires'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ tag: `reminder:${local.id}:${successorId}` });
    expect(reminders[0]!.body).toMatch(/^Billing API \(Local workspace\) expires on /);
    expect(app.tray.last?.count).toBe(1);
  });
});

describe('a rotation left at the verify step', () => {
  it('finishes by itself when the overlap ends, and its key reminds without "rotation in progress"', async () => {
    app = await startCoreFixture();
    await app.core.reminders.whenStarted();
    const local = (await app.call('workspaces:list')).find((workspace) => workspace.kind === 'local')!;
    const { key } = await app.call('keys:create', {
      workspaceId: local.id,
      request: { name: 'Payroll', scope: 'scim' },
    });
    let rotation = await app.call('rotations:start', { workspaceId: local.id, keyId: key.id, overlapSeconds: 3600 });
    rotation = await app.call('rotations:continue', { rotationId: rotation.id });
    expect(rotation.step).toBe('verify');

    app.clock.advance(30 * 60 * 1000);
    await settle(app);
    expect((await app.call('rotations:get', { rotationId: rotation.id })).status).toBe('in_progress');

    app.clock.advance(340 * DAY_MS);
    const finished = await waitForRotation(app, rotation.id, (view) => view.status === 'completed');
    expect(finished).toMatchObject({
      step: 'done',
      retire: { how: 'overlap_ends' },
      steps: { retire: { state: 'done' } },
    });
    expect(await app.call('rotations:list', {})).toEqual([]);
    await settle(app);
    const reminders = app.notifications.filter((notification) => notification.body.startsWith('Payroll'));
    expect(reminders.length).toBeGreaterThan(0);
    for (const reminder of reminders) expect(reminder.body).not.toMatch(/in progress/);
  });

  it('finishes at start when the overlap ended while Keywarden was closed', async () => {
    app = await startCoreFixture();
    const local = (await app.call('workspaces:list')).find((workspace) => workspace.kind === 'local')!;
    const { key } = await app.call('keys:create', {
      workspaceId: local.id,
      request: { name: 'Ledger', scope: 'scim' },
    });
    let rotation = await app.call('rotations:start', { workspaceId: local.id, keyId: key.id, overlapSeconds: 3600 });
    rotation = await app.call('rotations:continue', { rotationId: rotation.id });
    const { service, dataDir, clock } = app;
    await app.close();
    clock.advance(2 * 60 * 60 * 1000);
    app = await startCoreFixture({ service, dataDir, clock });
    const finished = await waitForRotation(app, rotation.id, (view) => view.status === 'completed');
    expect(finished).toMatchObject({ retire: { how: 'overlap_ends' } });
  });
});
