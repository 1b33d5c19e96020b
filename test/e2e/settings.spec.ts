/**
 * Settings dialog: the clipboard auto-clear delay, chosen by keyboard from the sidebar, is used by
 * the show-once view's copy (text and the core's clear, on the harness clock) and kept by the core
 * across a reload.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import { confirmStored, createKeyThroughDialog, openApp, showOnceDialog, uniqueName } from './fixtures.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

function settingsDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Settings' });
}

/** Tabs from the top of the page to the sidebar's Settings button and presses Enter. */
async function openSettingsByKeyboard(page: Page): Promise<Locator> {
  const button = page.getByRole('navigation', { name: 'Workspaces' }).getByRole('button', { name: 'Settings' });
  await page.locator('body').focus();
  for (let i = 0; i < 40 && !(await button.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = settingsDialog(page);
  await expect(dialog).toBeVisible();
  return dialog;
}

const clearEvents = async () =>
  (await harness.events('clipboard')).filter((event) => event.data.action === 'clear').length;

test('clipboard delay: 10 s chosen in Settings is used by the show-once copy and kept after a reload', async ({
  page,
}) => {
  await openApp(page, harness);

  let dialog = await openSettingsByKeyboard(page);
  const delay = dialog.getByLabel('Clear copied secrets from the clipboard after');
  await expect(delay).toBeFocused();
  await expect(delay.locator('option:checked')).toHaveText('30 s');
  await expect(delay.locator('option')).toHaveText(['10 s', '30 s', '1 min', '2 min', '5 min', 'Never']);

  await delay.selectOption({ label: 'Never' });
  await expect(dialog.getByText(/stays on the clipboard/)).toBeVisible();
  await delay.selectOption({ label: '10 s' });
  await expect(dialog.getByText(/stays on the clipboard/)).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(/cleared from the clipboard after 10 s/)).toBeVisible();

  const name = uniqueName('Settings key');
  await createKeyThroughDialog(page, { name, scope: 'Public APIs' });
  const view = showOnceDialog(page);
  const clearsBefore = await clearEvents();
  await view.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(view.getByRole('status')).toContainText('Copied — clears in 10 s');

  await harness.advanceSeconds(11);
  await expect.poll(clearEvents).toBe(clearsBefore + 1);
  expect((await harness.events('clipboard')).at(-1)!.data).toMatchObject({ action: 'clear', text: '' });
  await confirmStored(page);

  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Workspaces' })).toBeVisible();
  await expect(page.getByLabel('Loading keys')).toHaveCount(0);
  dialog = await openSettingsByKeyboard(page);
  await expect(dialog.getByLabel('Clear copied secrets from the clipboard after')).toHaveValue('10');
  await expect(dialog.locator('option:checked')).toHaveText('10 s');

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
});
