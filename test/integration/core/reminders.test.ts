/**
 * Expiry reminders, as the admin meets them: notifications that name the key, its workspace and the
 * date at 30, 7 and 1 day(s) before and at expiry, each once even across restarts; a catch-up at
 * start that folds what was missed into one summary; silence for rotated and revoked keys; the
 * tray's count and menu; pausing for a day; thresholds per workspace; rotation policies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import type { ManualClock } from '../../../src/shared/clock.ts';
import { formatReminderDate } from '../../../src/shared/reminders.ts';
import { cleanUp, startCoreFixture, type CoreFixture } from './core-fixture.ts';

let app: CoreFixture | undefined;
const leftovers: Array<{ service: string; dataDir: string }> = [];
afterEach(async () => {
  await app?.close();
  app = undefined;
  for (const { service, dataDir } of leftovers.splice(0)) await cleanUp(service, [dataDir]);
});

async function start(options: { service?: string; dataDir?: string; clock?: ManualClock } = {}) {
  app = await startCoreFixture(options);
  if (!options.service) leftovers.push({ service: app.service, dataDir: app.dataDir });
  await app.core.reminders.whenStarted();
  return app;
}

/** Closes the app and starts it again on the same data folder, keychain and clock. */
async function restart(current: CoreFixture, beforeStart?: () => void): Promise<CoreFixture> {
  await current.close();
  beforeStart?.();
  return start({ service: current.service, dataDir: current.dataDir, clock: current.clock });
}

async function localWorkspaceId(fixture: CoreFixture): Promise<string> {
  const local = (await fixture.call('workspaces:list')).find((workspace) => workspace.kind === 'local');
  return local!.id;
}

/** Lets the clock-jump handlers, the sync and the reminder pass run. */
async function settle(fixture: CoreFixture, ms = 400): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  await fixture.core.reminders.syncNow();
}

describe('expiry reminders', () => {
  it('reminds of a key 30, 7 and 1 day(s) before it expires and when it does, once each, even across restarts', async () => {
    let fixture = await start();
    const workspaceId = await localWorkspaceId(fixture);
    const { key } = await fixture.call('keys:create', { workspaceId, request: { name: 'Billing API', scope: 'scim' } });
    const date = formatReminderDate(key.expiresAt);
    const target = { workspaceId, keyId: key.id, action: 'rotate' };

    fixture.clock.advance(334 * DAY_MS);
    await settle(fixture);
    expect(fixture.notifications).toEqual([]);

    fixture.clock.advance(1 * DAY_MS);
    await settle(fixture);
    expect(fixture.notifications).toEqual([
      {
        title: 'A key expires in 30 days',
        body: `Billing API (Local workspace) expires on ${date}. Rotate it before then.`,
        tag: `reminder:${workspaceId}:${key.id}`,
        target,
      },
    ]);
    expect(fixture.tray.last).toEqual({ count: 1, tooltip: 'Keywarden: 1 key expires within 30 days' });
    expect(fixture.tray.menu?.urgentKeys).toEqual([
      { workspaceId, keyId: key.id, label: `Billing API (Local workspace): expires on ${date}`, due: key.expiresAt },
    ]);

    fixture = await restart(fixture);
    await settle(fixture);
    expect(fixture.notifications).toEqual([]);

    fixture.clock.advance(23 * DAY_MS);
    await settle(fixture);
    fixture.clock.advance(6 * DAY_MS);
    await settle(fixture);
    expect(fixture.notifications.map((n) => n.title)).toEqual([
      'A key expires in 7 days',
      'A key expires within a day',
    ]);
    expect(
      fixture.notifications.every((n) => n.body.startsWith(`Billing API (Local workspace) expires on ${date}.`)),
    ).toBe(true);

    fixture.clock.advance(1 * DAY_MS);
    await settle(fixture);
    expect(fixture.notifications.at(-1)).toMatchObject({
      title: 'A key has expired',
      body: `Billing API (Local workspace) expired on ${date}. Replace it: apps still using it are refused.`,
      target,
    });
    expect(fixture.notifications).toHaveLength(3);

    fixture = await restart(fixture);
    fixture.clock.advance(1 * DAY_MS);
    await settle(fixture);
    expect(fixture.notifications).toEqual([]);
  });

  it('catches up at start on what was missed while the app was closed: one summary, once', async () => {
    let fixture = await start();
    const workspaceId = await localWorkspaceId(fixture);
    const names = ['Billing API', 'CRM sync', 'Directory bridge', 'Mailer', 'Reports'];
    for (const name of names)
      await fixture.call('keys:create', { workspaceId, request: { name, scope: 'public_api' } });

    fixture = await restart(fixture, () => fixture.clock.advance(340 * DAY_MS));
    await settle(fixture);
    expect(fixture.notifications).toEqual([
      {
        title: '5 keys expire within 30 days',
        body: 'Billing API (Local workspace), CRM sync (Local workspace), Directory bridge (Local workspace) and 2 more. Open Keywarden to see them.',
        tag: 'reminder:summary',
        target: { action: 'dashboard' },
      },
    ]);
    expect(fixture.tray.last?.count).toBe(5);
    expect(fixture.tray.menu?.urgentKeys).toHaveLength(5);

    fixture = await restart(fixture);
    await settle(fixture);
    expect(fixture.notifications).toEqual([]);
  });

  it('only the most urgent threshold fires for a key first seen close to its expiry', async () => {
    const fixture = await start();
    const workspaceId = await localWorkspaceId(fixture);
    const expiresAt = new Date(fixture.clock.now().getTime() + 5 * DAY_MS).toISOString();
    await fixture.call('keys:create', { workspaceId, request: { name: 'Short-lived', scope: 'scim', expiresAt } });
    await settle(fixture);
    expect(fixture.notifications.map((n) => n.title)).toEqual(['A key expires in 5 days']);
    fixture.clock.advance(2 * DAY_MS);
    await settle(fixture);
    expect(fixture.notifications).toHaveLength(1);
  });

  it('stops reminding of a revoked key', async () => {
    const fixture = await start();
    const workspaceId = await localWorkspaceId(fixture);
    const { key } = await fixture.call('keys:create', { workspaceId, request: { name: 'Old CI', scope: 'scim' } });
    await fixture.call('keys:revoke', { workspaceId, keyId: key.id });
    fixture.clock.advance(336 * DAY_MS);
    await settle(fixture);
    fixture.clock.advance(30 * DAY_MS);
    await settle(fixture);
    expect(fixture.notifications).toEqual([]);
    expect(fixture.tray.last?.count).toBe(0);
  });

  it('holds reminders while paused for a day, then fires what fell due', async () => {
    const fixture = await start();
    const workspaceId = await localWorkspaceId(fixture);
    await fixture.call('keys:create', { workspaceId, request: { name: 'Billing API', scope: 'scim' } });
    fixture.clock.advance(334 * DAY_MS + 12 * 3_600_000);
    const before = fixture.clock.now().getTime();
    const paused = fixture.core.reminders.pauseForADay();
    expect(Date.parse(paused.pausedUntil!) - before).toBeGreaterThanOrEqual(DAY_MS);
    expect(Date.parse(paused.pausedUntil!) - before).toBeLessThan(DAY_MS + 1000);
    fixture.clock.advance(12 * 3_600_000); // the 30-day mark passes while paused
    await settle(fixture);
    expect(fixture.notifications).toEqual([]);
    expect(fixture.tray.menu?.pausedUntil).toBe(paused.pausedUntil);
    expect(fixture.tray.last?.count).toBe(1);

    fixture.clock.advance(DAY_MS);
    await settle(fixture);
    expect(fixture.notifications.map((n) => n.title)).toEqual(['A key expires in 29 days']);
    // The tray's menu offers "Pause reminders for a day" again.
    expect(fixture.tray.menu?.pausedUntil).toBeNull();
  });

  it('follows a workspace’s own thresholds', async () => {
    const fixture = await start();
    const workspaceId = await localWorkspaceId(fixture);
    expect(fixture.core.reminders.thresholds(workspaceId).thresholdDays).toEqual([30, 7, 1, 0]);
    fixture.core.reminders.setThresholds({ workspaceId, thresholdDays: [0, 14] });
    expect(fixture.core.reminders.thresholds(workspaceId).thresholdDays).toEqual([14, 0]);
    await fixture.call('keys:create', { workspaceId, request: { name: 'Billing API', scope: 'scim' } });
    fixture.clock.advance(340 * DAY_MS);
    await settle(fixture);
    expect(fixture.notifications).toEqual([]);
    fixture.clock.advance(12 * DAY_MS);
    await settle(fixture);
    expect(fixture.notifications.map((n) => n.title)).toEqual(['A key expires in 13 days']);
  });

  it('reminds of a rotation policy like an expiry, and counts the key on the tray once it is due', async () => {
    const fixture = await start();
    const workspaceId = await localWorkspaceId(fixture);
    const { key } = await fixture.call('keys:create', {
      workspaceId,
      request: { name: 'Payroll', scope: 'public_api' },
    });
    const policy = fixture.core.reminders.setRotationPolicy({ workspaceId, keyId: key.id, rotateEveryDays: 90 });
    expect(policy.rotateEveryDays).toBe(90);
    const due = formatReminderDate(new Date(Date.parse(key.createdAt) + 90 * DAY_MS));

    fixture.clock.advance(61 * DAY_MS);
    await settle(fixture);
    expect(fixture.notifications).toEqual([
      expect.objectContaining({
        title: 'A key is due for rotation in 29 days',
        body: `Payroll (Local workspace) is due for rotation on ${due} (it is rotated every 90 days). Rotate it before then.`,
        target: { workspaceId, keyId: key.id, action: 'rotate' },
      }),
    ]);
    fixture.clock.advance(29 * DAY_MS);
    await settle(fixture);
    expect(fixture.notifications.at(-1)?.title).toBe('A key is due for rotation');
    expect(fixture.tray.last).toEqual({
      count: 1,
      tooltip: 'Keywarden: 1 key needs attention (0 expiring within 30 days, 1 due for rotation)',
    });
    const overview = fixture.core.reminders.overview();
    expect(overview.keys[0]).toMatchObject({ keyId: key.id, attention: 'rotation_due', rotateEveryDays: 90 });
  });

  it('reminds of external keys from the expiry date the admin entered', async () => {
    const fixture = await start();
    const key = await fixture.call('externalKeys:add', {
      name: 'Stripe payouts',
      provider: 'Stripe',
      scopeLabel: 'Payouts',
      secret: 'sk_live_51HxExampleExampleExample',
      expiresAt: new Date(fixture.clock.now().getTime() + 40 * DAY_MS).toISOString(),
    });
    fixture.clock.advance(10 * DAY_MS + 60_000);
    await settle(fixture);
    expect(fixture.notifications).toEqual([
      expect.objectContaining({
        title: 'A key expires in 30 days',
        body: `Stripe payouts (External keys) expires on ${formatReminderDate(key.expiresAt)}. Rotate it before then.`,
        target: { workspaceId: 'external', keyId: key.id, action: 'rotate' },
      }),
    ]);
    expect(JSON.stringify(fixture.notifications)).not.toContain('sk_live_51HxExample');
  });
});
