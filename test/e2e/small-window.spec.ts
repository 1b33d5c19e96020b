/**
 * A 1024×700 window with the details panel open: the toolbar's actions stay on screen, the keys
 * table does not scroll sideways, and a countdown is never cut; a long name keeps a tooltip.
 */
import { expect, test } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import { confirmStored, createKeyThroughDialog, keyRow, openApp, uniqueName } from './fixtures.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());
test.use({ viewport: { width: 1024, height: 700 } });

test('with the details panel open in a small window, Create key and the countdown stay visible', async ({ page }) => {
  await openApp(page, harness);
  const name = uniqueName('A key with a long name for the provisioning of every user in Entra ID');
  await createKeyThroughDialog(page, { name, scope: 'SCIM' });
  await confirmStored(page);
  await keyRow(page, name).click();
  await expect(page.getByRole('complementary').getByRole('heading', { name })).toBeVisible();

  const create = page.getByRole('search').getByRole('button', { name: 'Create key' });
  await expect(create).toBeInViewport({ ratio: 1 });
  const toolbarRight = await page.getByRole('search').evaluate((el) => el.getBoundingClientRect().right);
  expect((await create.boundingBox())!.x + (await create.boundingBox())!.width).toBeLessThanOrEqual(toolbarRight);

  const grid = page.getByRole('grid');
  expect(await grid.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  const countdown = keyRow(page, name).locator('.keys-grid__cell--expiresAt');
  await expect(countdown).toHaveText(/expires in 365 days/);
  expect(await countdown.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await expect(keyRow(page, name).getByText(name, { exact: true })).toHaveAttribute('title', name);
});
