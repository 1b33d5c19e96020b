/**
 * The Settings view: the clipboard auto-clear delay, chosen by keyboard, is used by the show-once
 * view's copy (text and the core's clear, on the harness clock) and kept by the core across a
 * reload; the reminder settings (notifications, pause, background sync, reminder days per
 * workspace) are saved as they change and kept too.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import { confirmStored, createKeyThroughDialog, openApp, showOnceDialog, uniqueName, viewButton } from './fixtures.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

function settingsView(page: Page): Locator {
  return page.getByRole('region', { name: 'Settings' });
}

/** Tabs from the top of the page to the navigation's Settings entry and presses Enter. */
async function openSettingsByKeyboard(page: Page): Promise<Locator> {
  const button = viewButton(page, 'Settings');
  await page.locator('body').focus();
  for (let i = 0; i < 40 && !(await button.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(button).toHaveAttribute('aria-current', 'page');
  const view = settingsView(page);
  await expect(view.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  return view;
}

const clearEvents = async () =>
  (await harness.events('clipboard')).filter((event) => event.data.action === 'clear').length;

test('clipboard delay: 10 s chosen in Settings is used by the show-once copy and kept after a reload', async ({
  page,
}) => {
  await openApp(page, harness);

  let view = await openSettingsByKeyboard(page);
  const general = view.getByRole('region', { name: 'General' });
  const delay = general.getByLabel('Clear copied secrets from the clipboard after');
  await page.keyboard.press('Tab');
  await expect(delay).toBeFocused();
  await expect(delay.locator('option:checked')).toHaveText('30 s');
  await expect(delay.locator('option')).toHaveText(['10 s', '30 s', '1 min', '2 min', '5 min', 'Never']);

  await delay.selectOption({ label: 'Never' });
  await expect(general.getByRole('status')).toHaveText('Saved. Copied secrets stay on the clipboard.');
  await expect(general.getByText(/stays on the clipboard until you copy something else/)).toBeVisible();
  await delay.selectOption({ label: '10 s' });
  await expect(general.getByRole('status')).toHaveText(
    'Saved. Copied secrets are cleared from the clipboard after 10 s.',
  );
  await expect(general.getByText(/stays on the clipboard until/)).toHaveCount(0);

  await viewButton(page, 'Keys').click();
  const name = uniqueName('Settings key');
  await createKeyThroughDialog(page, { name, scope: 'Public APIs' });
  const showOnce = showOnceDialog(page);
  const clearsBefore = await clearEvents();
  await showOnce.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(showOnce.getByRole('status')).toContainText('Copied — clears in 10 s');

  await harness.advanceSeconds(11);
  await expect.poll(clearEvents).toBe(clearsBefore + 1);
  expect((await harness.events('clipboard')).at(-1)!.data).toMatchObject({ action: 'clear', text: '' });
  await confirmStored(page);

  await page.reload();
  await expect(page.getByRole('main')).toHaveAttribute('aria-busy', 'false');
  view = await openSettingsByKeyboard(page);
  await expect(view.getByLabel('Clear copied secrets from the clipboard after')).toHaveValue('10');
  await expect(view.getByLabel('Clear copied secrets from the clipboard after').locator('option:checked')).toHaveText(
    '10 s',
  );
});

test('reminders: switched off, synced hourly, a workspace reminded 14 and 3 days ahead, paused for a day; kept after a reload', async ({
  page,
}) => {
  await openApp(page, harness);
  await page.keyboard.press('Control+Comma');
  const reminders = settingsView(page).getByRole('region', { name: 'Reminders' });
  const notify = reminders.getByRole('checkbox', { name: 'Notify me before keys expire and when a rotation is due' });
  await expect(notify).toBeChecked();

  const pause = reminders.getByRole('button', { name: 'Pause for a day' });
  await pause.click();
  await expect(reminders.getByText(/^Paused until .+; what falls due meanwhile is shown then\.$/)).toBeVisible();
  await reminders.getByRole('button', { name: 'Resume reminders' }).click();
  await expect(reminders.getByText('Reminders are shown as they fall due.')).toBeVisible();

  const interval = reminders.getByLabel('Sync every workspace in the background every');
  await expect(interval.locator('option:checked')).toHaveText('15 minutes');
  await interval.selectOption({ label: 'hour' });
  await expect(reminders.getByRole('status').first()).toHaveText('Saved. Every workspace is synced every hour.');

  await reminders.getByRole('button', { name: 'Sync now' }).click();
  await expect(reminders.getByRole('status').first()).toHaveText('Synced 1 workspace.');

  const days = reminders.getByRole('textbox', { name: 'Reminder days for Local workspace' });
  await expect(days).toHaveValue('30, 7, 1, 0');
  await expect(days).toHaveAccessibleDescription(
    'Reminds 30 days, 7 days, 1 day before a key expires, and on the day.',
  );
  await days.fill('7, 7');
  await reminders.getByRole('button', { name: 'Save reminder days for Local workspace' }).click();
  await expect(days).toHaveAccessibleDescription(/Each day may appear only once\./);
  await days.fill('3 14');
  await days.press('Enter');
  await expect(reminders.getByText('Saved the reminder days of Local workspace.')).toBeVisible();
  await expect(days).toHaveValue('14, 3');

  await notify.uncheck();
  await expect(reminders.getByRole('status').first()).toHaveText('Reminders are off.');
  await expect(reminders.getByRole('button', { name: 'Pause for a day' })).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole('main')).toHaveAttribute('aria-busy', 'false');
  await page.keyboard.press('Control+Comma');
  await expect(notify).not.toBeChecked();
  await expect(interval.locator('option:checked')).toHaveText('hour');
  await expect(days).toHaveValue('14, 3');
  await expect(days).toHaveAccessibleDescription('Reminds 14 days, 3 days before a key expires.');
});
