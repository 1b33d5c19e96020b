/**
 * The details panel as an admin uses it: a revealed secret leaves the page when the panel closes,
 * focus goes back to the keys table, and a key deleted after expiry closes its panel with a reason.
 */
import { expect, test } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import { confirmStored, createKeyThroughDialog, keyRow, openApp, uniqueName } from './fixtures.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

test('a revealed secret is gone from the page once the panel closes, and focus returns to the table', async ({
  page,
}) => {
  await openApp(page, harness);
  const name = uniqueName('Reveal key');
  const secret = await createKeyThroughDialog(page, { name, scope: 'Public APIs' });
  await confirmStored(page);

  await keyRow(page, name).click();
  const details = page.getByRole('complementary');
  await details.getByRole('button', { name: 'Reveal' }).click();
  await expect(details.getByLabel('Revealed secret')).toHaveText(secret);

  await details.getByRole('button', { name: 'Close details' }).click();
  await expect(details).toHaveCount(0);
  await expect(page.getByRole('grid')).toBeFocused();
  expect(await page.content()).not.toContain(secret);

  // Reopening the key (here with the keyboard) shows Reveal again, not the secret.
  await page.keyboard.press('Enter');
  await expect(details.getByRole('heading', { name })).toBeVisible();
  await expect(details.getByRole('button', { name: 'Reveal' })).toBeVisible();
  await expect(details.getByLabel('Revealed secret')).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  await details.getByRole('button', { name: 'Reveal' }).focus();
  await page.keyboard.press('Escape');
  await expect(details).toHaveCount(0);
  await expect(page.getByRole('grid')).toBeFocused();
});

test('revoking says what stops working without repeating the name, and the panel explains the missing secret', async ({
  page,
}) => {
  await openApp(page, harness);
  const name = uniqueName('Revoke text key');
  await createKeyThroughDialog(page, { name, scope: 'SCIM' });
  await confirmStored(page);
  await keyRow(page, name).click();
  const details = page.getByRole('complementary');
  await details.getByRole('button', { name: 'Revoke…' }).click();
  const confirm = page.getByRole('alertdialog', { name: `Revoke ${name}?` });
  await expect(confirm).toContainText('stops working at once');
  await expect(confirm.locator('.dialog__description')).not.toContainText(name);
  await confirm.getByRole('button', { name: 'Revoke permanently' }).click();
  await expect(details).toContainText('Revoked');
  await expect(details).toContainText('This key no longer works');
  await expect(details).not.toContainText('revoke this one');
});

test('a key deleted three months after expiry closes its open panel and says why', async ({ page }) => {
  await openApp(page, harness);
  const name = uniqueName('Soon deleted key');
  await createKeyThroughDialog(page, { name, scope: 'On Premise' });
  await confirmStored(page);
  await keyRow(page, name).click();
  const details = page.getByRole('complementary');
  await expect(details.getByRole('heading', { name })).toBeVisible();
  await expect(details).toContainText('(3 months after expiry)');

  await harness.advanceDays(365 + 92);
  await expect(keyRow(page, name)).toHaveCount(0);
  await expect(details).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: `${name}` })).toContainText(
    'was deleted automatically after it expired',
  );
  await expect(page.locator('#app-shell')).not.toHaveClass(/shell--with-details/);
});
