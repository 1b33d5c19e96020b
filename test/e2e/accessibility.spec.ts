/**
 * axe (WCAG 2 A and AA) over every main screen, in the light and the dark theme: first start,
 * the keys table with keys, the create dialog, the show-once view, the details panel, the revoke
 * confirmation and the connect dialog (with its error); the dashboard (keys needing action, the
 * timeline as a chart and as a table) and the Settings view (webhooks included); the Audit view
 * with its events and one of them open; a key's destinations (the list, the form with its
 * errors), the row menu, and the rotation wizard at every step (a failed push, the traffic chart,
 * the retire choice, the end) and the leaked-key confirmation.
 */
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import {
  addEnvDestination,
  destinations,
  detailsPanel,
  envFolder,
  removeEnvFolders,
  stepTitle,
  targetDialog,
  wizard,
} from './rotation-fixtures.ts';
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
test.afterAll(async () => {
  await harness.stop();
  removeEnvFolders();
});

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
      const events = page.getByRole('grid', { name: 'Audit events, newest first' }).getByRole('row');
      await expect(events.filter({ hasText: 'Key created' }).first()).toBeVisible();
      await expectNoViolations(page, 'audit');
      await events.filter({ hasText: 'Key created' }).first().click();
      await expect(page.getByRole('region', { name: 'Key created' })).toBeVisible();
      await expectNoViolations(page, 'audit with an event open');
    });

    test(`destinations, the row menu and the rotation wizard pass axe (${colorScheme})`, async ({ page }) => {
      const folder = envFolder();
      await openApp(page, harness);
      const name = uniqueName(`Axe ${colorScheme} rotation`);
      await createKeyThroughDialog(page, { name, scope: 'Public APIs' });
      await confirmStored(page);
      await keyRow(page, name).click();
      await destinations(page).getByRole('button', { name: 'Add destination…' }).click();
      await targetDialog(page).getByLabel('Kind').selectOption({ label: 'GitHub Actions' });
      await targetDialog(page).getByLabel('Secret name').fill('GITHUB_TOKEN');
      await targetDialog(page).getByRole('button', { name: 'Add destination' }).click();
      await expect(targetDialog(page).getByLabel('Repository')).toHaveAttribute('aria-invalid', 'true');
      await expectNoViolations(page, 'destination form with errors');
      await targetDialog(page).getByRole('button', { name: 'Cancel' }).click();
      await addEnvDestination(page, { label: 'app .env', path: join(folder, '.env'), name: 'API_KEY' });
      await addEnvDestination(page, { label: 'missing .env', path: join(folder, 'missing', '.env'), name: 'API_KEY' });
      await destinations(page).getByRole('button', { name: 'Test missing .env' }).click();
      await expect(destinations(page).getByText(/doesn't exist/)).toBeVisible();
      await expectNoViolations(page, 'details with destinations');

      await detailsPanel(page).getByRole('button', { name: 'Close details' }).click();
      await keyRow(page, name)
        .getByRole('button', { name: `Actions for ${name}` })
        .click();
      await expect(page.getByRole('menu')).toBeVisible();
      await expectNoViolations(page, 'row menu');
      await page.getByRole('menuitem', { name: 'This key leaked…' }).click();
      await expect(page.getByRole('alertdialog', { name: `This key leaked: ${name}` })).toBeVisible();
      await expectNoViolations(page, 'leaked-key confirmation');
      await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();

      await keyRow(page, name)
        .getByRole('button', { name: `Actions for ${name}` })
        .click();
      await page.getByRole('menuitem', { name: 'Rotate…' }).click();
      const rotate = wizard(page, name);
      await rotate.getByRole('radio', { name: 'Immediately' }).check();
      await expect(rotate.getByRole('note')).toBeVisible();
      await expectNoViolations(page, 'rotation wizard: overlap with its warning');
      await rotate.getByRole('radio', { name: 'Custom' }).check();
      await rotate.getByRole('button', { name: 'Create the new key' }).click();
      await expect(stepTitle(page, name)).toHaveText('Step 2 of 4: Distribute');
      await rotate.getByRole('button', { name: 'Push to all 2 destinations' }).click();
      await expect(rotate.getByRole('alert')).toContainText('1 of 2 destinations');
      await expectNoViolations(page, 'rotation wizard: a failed push');
      await rotate.getByRole('button', { name: 'Set by hand: missing .env' }).click();
      await expect(stepTitle(page, name)).toHaveText('Step 3 of 4: Verify');
      await expect(rotate.locator('.recharts-bar-rectangle, .recharts-cartesian-grid').first()).toBeVisible();
      await expectNoViolations(page, 'rotation wizard: traffic');
      await rotate.getByRole('button', { name: 'Go on to retiring the old key' }).click();
      await expect(stepTitle(page, name)).toHaveText('Step 4 of 4: Retire');
      await expectNoViolations(page, 'rotation wizard: retire');
      await rotate.getByRole('button', { name: 'Cancel rotation…' }).click();
      await expect(rotate).toContainText('The new key stays in your vault');
      await expectNoViolations(page, 'rotation wizard: cancel explained');
      await rotate.getByRole('button', { name: 'Keep rotating' }).click();
      await rotate.getByRole('button', { name: 'Revoke the old key now' }).click();
      await expect(stepTitle(page, name)).toHaveText('Done');
      await expectNoViolations(page, 'rotation wizard: done');
    });
  });
}
