/**
 * Reminders as the admin meets them, through the browser harness: a key created today is reminded
 * of once the clock is 30 days from its expiry, not before, by a notification that names the key,
 * its workspace and the date (never the secret) and on the tray (count and menu); clicking the
 * notification, or the key in the tray's menu, opens the key with the rotation wizard; the tray pauses reminders for a day;
 * a restart does not repeat the reminder. Start at login is off until switched on in Settings.
 */
import { expect, test, type Page } from '@playwright/test';
import { formatReminderDate } from '../../src/shared/reminders.ts';
import { HarnessProcess, type RecordedEvent } from './harness.ts';
import {
  confirmStored,
  createKeyThroughDialog,
  keyRow,
  openApp,
  showView,
  uniqueName,
  viewButton,
} from './fixtures.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

/** The key's expiry as the core has it (the dialog's default: a year from today). */
async function expiryOf(page: Page, keyName: string): Promise<string> {
  const expiresAt = await page.evaluate(async (name) => {
    const workspaces = await window.keywarden.workspaces.list();
    const local = workspaces.ok ? workspaces.value.find((w) => w.kind === 'local') : undefined;
    const keys = local ? await window.keywarden.keys.list({ workspaceId: local.id }) : null;
    return keys?.ok ? (keys.value.keys.find((k) => k.name === name)?.expiresAt ?? null) : null;
  }, keyName);
  expect(expiresAt).not.toBeNull();
  return expiresAt!;
}

const last = (events: RecordedEvent[]) => events.at(-1)?.data;

/** The key is open in the Keys view, with its details and the rotation wizard over them; closes the wizard. */
async function expectOpenForRotation(page: Page, name: string): Promise<void> {
  const wizard = page.getByRole('dialog', { name: `Rotate ${name}` });
  await expect(wizard).toBeVisible();
  await expect(viewButton(page, 'Keys')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('complementary', { name })).toBeVisible();
  await expect(keyRow(page, name)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(wizard).toHaveCount(0);
}

test('a key created today is reminded of 30 days before it expires, on the tray too; a click opens it; a restart does not repeat it', async ({
  page,
}) => {
  await openApp(page, harness);
  const name = uniqueName('Billing API');
  const secret = await createKeyThroughDialog(page, { name, scope: 'SCIM' });
  await confirmStored(page);
  const date = formatReminderDate(await expiryOf(page, name));

  // 334 days on, the key is still more than 30 days from its expiry: nothing yet.
  await harness.advanceDays(334);
  await page.waitForTimeout(500);
  expect(await harness.events('notification')).toEqual([]);
  expect(last(await harness.events('tray'))).toMatchObject({ count: 0 });

  // One more day: the 30-day reminder, named and dated, and the tray counts the key.
  const remindedAt = await harness.advanceDays(1);
  await expect.poll(async () => (await harness.events('notification')).length).toBe(1);
  const [notification] = await harness.events('notification');
  expect(notification!.data).toMatchObject({
    title: expect.stringMatching(/^A key expires in \d+ days$/),
    body: `${name} (Local workspace) expires on ${date}. Rotate it before then.`,
    target: { action: 'rotate' },
  });
  expect(last(await harness.events('tray'))).toEqual({ count: 1, tooltip: 'Keywarden: 1 key expires within 30 days' });
  const trayLine = `${name} (Local workspace): expires on ${date}`;
  expect(last(await harness.events('tray-menu'))?.items).toEqual([
    'Open Keywarden',
    '-',
    trayLine,
    '-',
    'Pause reminders for a day',
    '-',
    'Quit Keywarden',
  ]);
  // Nothing the OS was handed holds the secret.
  expect(JSON.stringify(await harness.events())).not.toContain(secret);

  // Clicking the notification opens the key with the rotation wizard, from wherever the admin was.
  await showView(page, 'Settings');
  expect((await harness.clickNotification(0)).status).toBe(200);
  await expectOpenForRotation(page, name);

  // So does the key's line in the tray's menu.
  await showView(page, 'Dashboard');
  expect((await harness.clickTray(trayLine)).status).toBe(200);
  await expectOpenForRotation(page, name);

  // The tray pauses reminders for a day; its menu then offers to resume, and Settings agrees.
  expect((await harness.clickTray('Pause reminders for a day')).status).toBe(200);
  const paused = last(await harness.events('tray-menu'))?.items as string[];
  const resume = paused.find((line) => line.startsWith('Resume reminders (paused until '));
  expect(resume).toBeDefined();
  await showView(page, 'Settings');
  await expect(page.getByRole('button', { name: 'Resume reminders' })).toBeVisible();
  expect((await harness.clickTray(resume!)).status).toBe(200);
  await expect(page.getByRole('button', { name: 'Pause for a day' })).toBeVisible();

  // Waking from sleep is recorded (and syncs every workspace).
  expect((await harness.wake('resume')).status).toBe(200);
  expect(last(await harness.events('system'))).toEqual({ event: 'resume' });

  // Restarted on the same data, at the same moment: the 30-day reminder is not shown again.
  harness = await harness.restart();
  await harness.request('POST', '/__harness/clock', { set: remindedAt });
  await page.goto(harness.url);
  await expect.poll(async () => last(await harness.events('tray'))).toMatchObject({ count: 1 });
  await page.waitForTimeout(1000);
  expect(await harness.events('notification')).toEqual([]);

  // …but the next threshold still comes: 7 days before the expiry.
  await harness.advanceDays(23);
  await expect.poll(async () => (await harness.events('notification')).length).toBe(1);
  expect((await harness.events('notification'))[0]!.data).toMatchObject({
    body: `${name} (Local workspace) expires on ${date}. Rotate it before then.`,
    title: expect.stringMatching(/^A key expires in [67] days$/),
  });
});

test('start at login is off until switched on in Settings', async ({ page }) => {
  await openApp(page, harness);
  await showView(page, 'Settings');
  const startAtLogin = page.getByRole('checkbox', { name: 'Start Keywarden when I log in' });
  await expect(startAtLogin).not.toBeChecked();

  await startAtLogin.check();
  await expect(page.getByText('Keywarden starts when you log in.')).toBeVisible();
  await expect.poll(async () => last(await harness.events('login-item'))).toEqual({ openAtLogin: true });

  await page.reload();
  await showView(page, 'Settings');
  await expect(startAtLogin).toBeChecked();
  await startAtLogin.uncheck();
  await expect.poll(async () => last(await harness.events('login-item'))).toEqual({ openAtLogin: false });
});

test('the harness says what it can click when asked for a notification or a tray line it does not have', async () => {
  const missing = await harness.clickNotification(99);
  expect(missing.status).toBe(404);
  expect(missing.body).toMatchObject({ code: 'not_found', message: expect.stringMatching(/recorded notifications/) });

  const unknownLine = await harness.clickTray('Format my disk');
  expect(unknownLine.status).toBe(404);
  expect(unknownLine.body).toMatchObject({ code: 'not_found', message: expect.stringContaining('"Open Keywarden"') });

  const quit = await harness.clickTray('Quit Keywarden');
  expect(quit).toMatchObject({ status: 409, body: { code: 'conflict' } });
  expect(harness.running).toBe(true);

  const wake = await harness.request('POST', '/__harness/system/wake', { reason: 'lunch' });
  expect(wake).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
});
