/**
 * The reminder settings through the IPC contract, as the Settings view uses them: preferences read
 * and changed (with `reminders:changed` for the open windows), a pause of a day and its end, a
 * workspace's reminder days checked and kept across a restart, and a sync of every workspace.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import { cleanUp, startCoreFixture, type CoreFixture } from './core-fixture.ts';

let app: CoreFixture | undefined;
const leftovers: Array<{ service: string; dataDir: string }> = [];
afterEach(async () => {
  await app?.close();
  app = undefined;
  for (const { service, dataDir } of leftovers.splice(0)) await cleanUp(service, [dataDir]);
});

async function start(options: { service?: string; dataDir?: string } = {}): Promise<CoreFixture> {
  app = await startCoreFixture(options);
  if (!options.service) leftovers.push({ service: app.service, dataDir: app.dataDir });
  return app;
}

const changes = (fixture: CoreFixture) => fixture.events.filter((e) => e.event === 'reminders:changed').length;

describe('reminder settings over IPC', () => {
  it('reads and changes the preferences, and tells the windows', async () => {
    const fixture = await start();
    expect(await fixture.call('reminders:preferences')).toEqual({
      enabled: true,
      syncIntervalMinutes: 15,
      pausedUntil: null,
    });

    const before = changes(fixture);
    const updated = await fixture.call('reminders:updatePreferences', { enabled: false, syncIntervalMinutes: 60 });
    expect(updated).toMatchObject({ enabled: false, syncIntervalMinutes: 60 });
    expect(changes(fixture)).toBeGreaterThan(before);
    expect(await fixture.call('reminders:preferences')).toEqual(updated);

    const refused = await fixture.attempt('reminders:updatePreferences', { syncIntervalMinutes: 0 });
    expect(refused).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('pauses reminders for a day and resumes them', async () => {
    const fixture = await start();
    const before = fixture.clock.now().getTime();
    const paused = await fixture.call('reminders:pause');
    const until = Date.parse(paused.pausedUntil!);
    expect(until).toBeGreaterThanOrEqual(before + DAY_MS);
    expect(until).toBeLessThanOrEqual(fixture.clock.now().getTime() + DAY_MS);
    expect((await fixture.call('reminders:resume')).pausedUntil).toBeNull();
  });

  it("keeps a workspace's reminder days, most distant first, across a restart", async () => {
    let fixture = await start();
    const workspaceId = (await fixture.call('workspaces:list')).find((w) => w.kind === 'local')!.id;
    expect(await fixture.call('reminders:thresholds', { workspaceId })).toEqual({
      workspaceId,
      thresholdDays: [30, 7, 1, 0],
    });

    const saved = await fixture.call('reminders:setThresholds', { workspaceId, thresholdDays: [3, 14, 0] });
    expect(saved.thresholdDays).toEqual([14, 3, 0]);
    const duplicate = await fixture.attempt('reminders:setThresholds', { workspaceId, thresholdDays: [7, 7] });
    expect(duplicate).toMatchObject({ ok: false, code: 'invalid_input' });
    const unknown = await fixture.attempt('reminders:thresholds', { workspaceId: 'ws_gone' });
    expect(unknown).toMatchObject({ ok: false, code: 'not_found' });

    const { service, dataDir } = fixture;
    await fixture.close();
    app = undefined;
    fixture = await start({ service, dataDir });
    expect((await fixture.call('reminders:thresholds', { workspaceId })).thresholdDays).toEqual([14, 3, 0]);
  });

  it('syncs every workspace on request', async () => {
    const fixture = await start();
    expect(await fixture.call('reminders:syncNow')).toEqual({ synced: 1, unreachable: 0 });
  });
});
