/**
 * External keys: a key from a service with no management API goes into the vault, checked against
 * its product's preset, and gets the same row, status and copy as a managed key.
 */
import { expect, test } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import { keyRow, openApp, uniqueName } from './fixtures.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

const LETSSIGN_SECRET = 'lsk_live_a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6';

test('a letssign.now key is checked against its format, kept in the vault, listed and copied', async ({ page }) => {
  await openApp(page, harness);
  await page.getByRole('navigation', { name: 'Workspaces' }).getByText('External keys').click();
  await page.getByRole('button', { name: 'Add external key' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add an external key' });
  const name = uniqueName('Signing webhook');
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Provider', { exact: true }).selectOption({ label: 'letssign.now' });

  // A secret of the wrong shape is refused next to the Secret field, which gets the focus.
  await dialog.getByLabel('Secret').fill('sk_live_not-a-letssign-key');
  await dialog.getByRole('button', { name: 'Add to vault' }).click();
  await expect(dialog.getByLabel('Secret')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByLabel('Secret')).toBeFocused();
  await expect(dialog.getByLabel('Secret')).toHaveAccessibleDescription(/letssign\.now/);

  await dialog.getByLabel('Secret').fill(LETSSIGN_SECRET);
  await dialog.getByRole('button', { name: 'Add to vault' }).click();
  await expect(dialog).toHaveCount(0);

  const row = keyRow(page, name);
  await expect(row).toContainText('Active');
  await expect(row).toContainText(/expires in 36[45] days/);
  await expect(page.locator('body')).not.toContainText(LETSSIGN_SECRET);

  // Copy goes from the keychain to the clipboard without the secret entering the page.
  await row.click();
  await page.getByRole('button', { name: 'Copy secret' }).click();
  await expect
    .poll(async () => (await harness.events('clipboard')).map((event) => event.data.text))
    .toContain(LETSSIGN_SECRET);
});
