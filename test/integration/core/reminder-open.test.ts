/**
 * A click on a reminder (an OS notification, or a key in the tray's menu) reaches the window as
 * `reminders:open` with what the reminder pointed at: the key, ready for the rotation wizard, or
 * the dashboard for a summary. What comes back from the OS is checked again before it goes on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import type { NotificationTarget } from '../../../src/shared/reminders.ts';
import { runTrayCommand, trayMenuTemplate } from '../../../src/main/core/reminders/tray-menu-template.ts';
import { cleanUp, startCoreFixture, type CoreFixture } from './core-fixture.ts';

let app: CoreFixture | undefined;
afterEach(async () => {
  await app?.close();
  if (app) await cleanUp(app.service, [app.dataDir]);
  app = undefined;
});

const opened = (fixture: CoreFixture) =>
  fixture.events.filter((event) => event.event === 'reminders:open').map((event) => event.payload);

async function keyDueIn30Days(fixture: CoreFixture) {
  await fixture.core.reminders.whenStarted();
  const local = (await fixture.call('workspaces:list')).find((workspace) => workspace.kind === 'local')!;
  const { key } = await fixture.call('keys:create', {
    workspaceId: local.id,
    request: { name: 'Billing API', scope: 'scim' },
  });
  fixture.clock.advance(335 * DAY_MS);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await fixture.core.reminders.syncNow();
  return { workspaceId: local.id, keyId: key.id };
}

describe('opening what a reminder points at', () => {
  it('sends the notification’s key to the window, ready to rotate', async () => {
    app = await startCoreFixture();
    const key = await keyDueIn30Days(app);
    const notification = app.notifications.at(-1);
    expect(notification?.target).toEqual({ ...key, action: 'rotate' });

    app.core.reminders.open(notification!.target!);
    expect(opened(app)).toEqual([{ ...key, action: 'rotate' }]);
  });

  it('opens a key from the tray’s menu the same way', async () => {
    app = await startCoreFixture();
    const key = await keyDueIn30Days(app);
    const fixture = app;
    const entry = trayMenuTemplate(fixture.tray.menu!, { escapeAmpersands: false }).find(
      (line) => line.type === 'normal' && line.command?.kind === 'openKey',
    );
    expect(entry).toMatchObject({ label: expect.stringMatching(/^Billing API \(Local workspace\): expires on /) });
    if (entry?.type !== 'normal' || !entry.command) return;
    runTrayCommand(entry.command, {
      showWindow: () => undefined,
      openReminder: (target) => fixture.core.reminders.open(target),
      reminders: fixture.core.reminders,
      quit: () => undefined,
    });
    expect(opened(fixture)).toEqual([{ ...key, action: 'rotate' }]);
  });

  it('pauses reminders for a day from the tray, and the menu then offers to resume', async () => {
    app = await startCoreFixture();
    await app.core.reminders.whenStarted();
    const host = {
      showWindow: () => undefined,
      openReminder: () => undefined,
      reminders: app.core.reminders,
      quit: () => undefined,
    };
    runTrayCommand({ kind: 'pause' }, host);
    expect(app.core.reminders.preferences().pausedUntil).not.toBeNull();
    const lines = trayMenuTemplate(app.tray.menu!, { escapeAmpersands: false }).map((line) =>
      line.type === 'normal' ? line.label : '-',
    );
    expect(lines).toContainEqual(expect.stringMatching(/^Resume reminders \(paused until /));
    expect(app.events.map((event) => event.event)).toContain('reminders:changed');
  });

  it('refuses a target that is not a key or the dashboard, and tells the window nothing', async () => {
    app = await startCoreFixture();
    const forged = { action: 'rotate', workspaceId: 'ws_1', keyId: 'key_1', url: 'https://evil.example' };
    expect(() => app!.core.reminders.open(forged as NotificationTarget)).toThrow();
    expect(() => app!.core.reminders.open({ action: 'delete' } as unknown as NotificationTarget)).toThrow();
    expect(opened(app)).toEqual([]);
  });
});
