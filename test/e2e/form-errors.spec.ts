/**
 * A refused form puts focus on the field to fix, so its error (wired with aria-describedby) is read
 * out: the service's answer in the Connect dialog, and the create dialog's own checks.
 */
import { expect, test } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import { createDialog, openApp } from './fixtures.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

test('an unreachable address moves focus to the URL field, which describes the error', async ({ page }) => {
  await openApp(page, harness);
  await page.getByRole('button', { name: 'Connect a workspace' }).click();
  const connect = page.getByRole('dialog', { name: 'Connect a workspace' });
  await connect.getByLabel('Workspace URL').fill('http://127.0.0.1:1');
  await connect.getByLabel('Admin token').fill('lsa_not_a_token');
  await connect.getByLabel('Admin token').press('Enter');
  const url = connect.getByLabel('Workspace URL');
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(url).toBeFocused();
  await expect(url).toHaveAccessibleDescription(/127\.0\.0\.1:1/);
});

test('a create form without a name focuses the name field', async ({ page }) => {
  await openApp(page, harness);
  await page.getByRole('search').getByRole('button', { name: 'Create key' }).click();
  const dialog = createDialog(page);
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await expect(dialog.getByLabel('Name')).toHaveAccessibleDescription(/Give the key a name/);
});
