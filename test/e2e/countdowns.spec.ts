/**
 * Countdowns and statuses follow the harness clock, in the table, the details
 * panel and the sidebar's expiring count, without a reload.
 */
import { expect, test } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import { confirmStored, createKeyThroughDialog, dateInDays, keyRow, openApp, uniqueName } from './fixtures.ts';

const AMBER = 'rgb(208, 135, 0)';
const RED = 'rgb(209, 52, 58)';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

test('a key 40 days from expiry turns Expiring soon after 15 days, and Expired after its expiry', async ({ page }) => {
  await openApp(page, harness);
  const name = uniqueName('Forty days');
  await createKeyThroughDialog(page, { name, scope: 'SCIM', expiresOn: await dateInDays(harness, 40) });
  await confirmStored(page);

  const row = keyRow(page, name);
  const status = row.locator('.keys-grid__cell--status');
  const countdown = row.locator('.keys-grid__cell--expiresAt');
  const local = page.getByRole('navigation', { name: 'Workspaces' }).getByRole('button', { name: /^Local workspace/ });
  await expect(status).toHaveText('Active');
  await expect(countdown).toHaveText('expires in 40 days');
  await expect(local).not.toContainText('expiring within 30 days');

  await row.click();
  const details = page.getByRole('complementary', { name });
  await expect(details).toContainText('expires in 40 days');

  await harness.advanceDays(15);
  await expect(status).toHaveText('Expiring soon');
  await expect(status.locator('.status__dot')).toHaveCSS('background-color', AMBER);
  await expect(countdown).toHaveText('expires in 25 days');
  await expect(details).toContainText('Expiring soon');
  await expect(details).toContainText('expires in 25 days');
  await expect(local).toContainText('1 keys expiring within 30 days');

  await harness.advanceDays(26);
  await expect(status).toHaveText('Expired');
  await expect(status.locator('.status__dot')).toHaveCSS('background-color', RED);
  await expect(countdown).toHaveText('expired 1 day ago');
  await expect(details).toContainText('This key has expired and no longer works');
  await expect(local).not.toContainText('expiring within 30 days');
});
