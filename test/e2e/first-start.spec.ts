/**
 * What a new user sees on first start, and the keyboard paths (search with
 * `/`, Escape closes a dialog, the create dialog operated without a mouse).
 */
import { expect, test } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import {
  confirmStored,
  createDialog,
  keyRow,
  openApp,
  SECRET_PATTERN,
  showOnceDialog,
  uniqueName,
} from './fixtures.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

test('first start shows the local workspace and an empty state that says what to do', async ({ page }) => {
  await openApp(page, harness);
  const sidebar = page.getByRole('navigation', { name: 'Workspaces' });
  const local = sidebar.getByRole('button', { name: /Local workspace/ });
  await expect(local).toBeVisible();
  await expect(local).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 1, name: 'Local workspace' })).toBeVisible();

  await expect(page.getByRole('heading', { name: 'No API keys yet' })).toBeVisible();
  await expect(
    page.getByText(/Create one to connect SCIM provisioning, an on-premise script or the public API/),
  ).toBeVisible();
  const cta = page.locator('.keys-view__body').getByRole('button', { name: 'Create key' });
  await expect(cta).toBeVisible();
  await cta.click();
  await expect(createDialog(page)).toBeVisible();
  await expect(createDialog(page)).toContainText('The key will belong to Local workspace');
});

test('Escape closes a dialog and gives focus back to what opened it', async ({ page }) => {
  await openApp(page, harness);
  const opener = page.getByRole('search').getByRole('button', { name: 'Create key' });
  await opener.click();
  await expect(createDialog(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(createDialog(page)).toHaveCount(0);
  await expect(opener).toBeFocused();

  await page.getByRole('button', { name: 'Connect a workspace' }).click();
  const connect = page.getByRole('dialog', { name: 'Connect a workspace' });
  await expect(connect).toBeVisible();
  await expect(connect.getByLabel('Workspace URL')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(connect).toHaveCount(0);
});

test('the create dialog is operable by keyboard alone', async ({ page }) => {
  await openApp(page, harness);
  const name = uniqueName('Keyboard created');
  // Ctrl+N opens the dialog with focus in the first field.
  await page.locator('body').press('Control+n');
  const dialog = createDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await page.keyboard.type(name);
  // Tab to the scope radio group (SCIM is checked), arrow to On Premise.
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('radio', { name: /^SCIM/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('radio', { name: /^On Premise/ })).toBeChecked();
  // The two On Premise options follow the radio group; Space ticks the first.
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('checkbox', { name: 'Allow your script to retrieve signatures' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(dialog.getByRole('checkbox', { name: 'Allow your script to retrieve signatures' })).toBeChecked();
  // Tab stays inside the dialog (focus trap) and reaches the submit button; Enter submits.
  for (let i = 0; i < 12; i++) {
    if (await dialog.getByRole('button', { name: 'Create key' }).evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await expect(dialog.getByRole('button', { name: 'Create key' })).toBeFocused();
  await page.keyboard.press('Enter');

  const view = showOnceDialog(page);
  await expect(view).toBeVisible();
  await expect(view.getByRole('button', { name: 'Copy' })).toBeFocused();
  await expect(view.getByLabel('New API key secret')).toHaveText(SECRET_PATTERN);
  // Escape does not lose the secret: it explains instead.
  await page.keyboard.press('Escape');
  await expect(view).toBeVisible();
  await expect(view.getByText(/can't be shown again once this closes/)).toBeVisible();
  await view.getByRole('button', { name: 'I have stored it' }).focus();
  await page.keyboard.press('Enter');
  await expect(view).toHaveCount(0);
  await expect(keyRow(page, name)).toContainText('On Premise');
});

test('/ focuses the search, and typing filters the rows', async ({ page }) => {
  await openApp(page, harness);
  const tag = Math.random().toString(36).slice(2, 7);
  const alpha = `Alpha search ${tag}`;
  const beta = `Beta search ${tag}`;
  for (const name of [alpha, beta]) {
    await page.getByRole('search').getByRole('button', { name: 'Create key' }).click();
    const dialog = createDialog(page);
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await confirmStored(page);
  }
  await expect(keyRow(page, alpha)).toBeVisible();
  await expect(keyRow(page, beta)).toBeVisible();

  await page.getByRole('grid').focus();
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search keys by name, label or provider' });
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('');
  await page.keyboard.type(`beta search ${tag}`);
  await expect(keyRow(page, beta)).toBeVisible();
  await expect(keyRow(page, alpha)).toHaveCount(0);
  await expect(page.getByRole('grid').getByRole('row')).toHaveCount(2); // header + one key

  // Escape in the search clears it: every key is back.
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(keyRow(page, alpha)).toBeVisible();
});
