/**
 * axe (WCAG 2 A and AA) over every main screen, in the light and the dark theme: first start,
 * the keys table with keys, the create dialog, the show-once view, the details panel, the revoke
 * confirmation and the connect dialog (with its error); the dashboard (keys needing action, the
 * timeline as a chart and as a table) and the Settings view.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import {
  confirmStored,
  createDialog,
  createKeyThroughDialog,
  dateInDays,
  keyRow,
  openApp,
  showView,
  uniqueName,
} from './fixtures.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

async function expectNoViolations(page: Page, screen: string): Promise<void> {
  // Let transitions and the toast settle so colours are measured at rest.
  await page.waitForTimeout(250);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const report = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  expect.soft(report, `axe violations on ${screen}`).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test(`first start, keys table, create, show-once, details, revoke and connect pass axe (${colorScheme})`, async ({
      page,
    }) => {
      await openApp(page, harness);
      const isFirstStart = (await page.getByRole('heading', { name: 'No API keys yet' }).count()) > 0;
      if (isFirstStart) await expectNoViolations(page, 'first start');

      await page.getByRole('search').getByRole('button', { name: 'Create key' }).click();
      await expect(createDialog(page)).toBeVisible();
      await createDialog(page)
        .getByRole('radio', { name: /^On Premise/ })
        .check();
      await expectNoViolations(page, 'create dialog');
      await createDialog(page).getByRole('button', { name: 'Cancel' }).click();

      const name = uniqueName(`Axe ${colorScheme} key`);
      await createKeyThroughDialog(page, { name, scope: 'On Premise' });
      await expectNoViolations(page, 'show-once view');
      await confirmStored(page);
      await createKeyThroughDialog(page, { name: uniqueName('Axe test key'), scope: 'SCIM', environment: 'Test' });
      await confirmStored(page);

      await expectNoViolations(page, 'keys table');

      await keyRow(page, name).click();
      const details = page.getByRole('complementary');
      await expect(details.getByRole('heading', { name })).toBeVisible();
      await expectNoViolations(page, 'details panel');

      await details.getByRole('button', { name: 'Revoke…' }).click();
      await expect(page.getByRole('alertdialog', { name: `Revoke ${name}?` })).toBeVisible();
      await expectNoViolations(page, 'revoke confirmation');
      await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke permanently' }).click();
      await expect(keyRow(page, name)).toContainText('Revoked');
      await expectNoViolations(page, 'keys table with a revoked key');

      await page.getByRole('button', { name: 'Connect a workspace' }).click();
      const connect = page.getByRole('dialog', { name: 'Connect a workspace' });
      await expect(connect).toBeVisible();
      await expectNoViolations(page, 'connect dialog');
      await connect.getByLabel('Workspace URL').fill('http://127.0.0.1:1');
      await connect.getByLabel('Admin token').fill('lsa_not_a_token');
      await connect.getByRole('button', { name: 'Connect', exact: true }).click();
      await expect(connect.getByText(/Can't reach|could not|not a/i)).toBeVisible();
      await expectNoViolations(page, 'connect dialog with an error');
    });

    test(`dashboard and settings pass axe (${colorScheme})`, async ({ page }) => {
      await openApp(page, harness);
      await createKeyThroughDialog(page, {
        name: uniqueName(`Axe ${colorScheme} soon`),
        scope: 'SCIM',
        expiresOn: await dateInDays(harness, 5),
      });
      await confirmStored(page);

      await showView(page, 'Dashboard');
      const timeline = page.getByRole('region', { name: 'Expiries in the next 12 months' });
      await expect(timeline.locator('.recharts-bar-rectangle').first()).toBeVisible();
      await expectNoViolations(page, 'dashboard');
      await timeline.getByRole('button', { name: 'Table' }).click();
      await expect(timeline.getByRole('table')).toBeVisible();
      await expectNoViolations(page, 'dashboard with the timeline as a table');

      await showView(page, 'Settings');
      await expect(page.getByRole('textbox', { name: 'Reminder days for Local workspace' })).toBeVisible();
      await expectNoViolations(page, 'settings');
      await showView(page, 'Audit');
      await expectNoViolations(page, 'audit');
    });
  });
}
