/**
 * The app's one navigation: Keys, Dashboard, Audit and Settings by mouse, by Tab and Enter, and by
 * shortcut (Ctrl+1 … 4, Ctrl+, for Settings), each marked as the current page, with the keyboard
 * landing on the view's title; a workspace opens the Keys view; the app starts on the dashboard
 * only when something needs attention.
 */
import { expect, test, type Page } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import {
  confirmStored,
  createKeyThroughDialog,
  dateInDays,
  mainNav,
  openApp,
  uniqueName,
  viewButton,
  type ViewName,
} from './fixtures.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

const TITLES: Record<ViewName, string> = {
  Keys: 'Local workspace',
  Dashboard: 'Dashboard',
  Audit: 'Audit',
  Settings: 'Settings',
};

async function expectView(page: Page, view: ViewName): Promise<void> {
  await expect(viewButton(page, view)).toHaveAttribute('aria-current', 'page');
  for (const other of Object.keys(TITLES) as ViewName[]) {
    if (other !== view) await expect(viewButton(page, other)).not.toHaveAttribute('aria-current');
  }
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText(TITLES[view]);
}

test('starts on the keys when nothing needs attention; every view opens from the navigation by mouse', async ({
  page,
}) => {
  await openApp(page, harness, 'start');
  await expectView(page, 'Keys');
  await expect(mainNav(page).getByRole('button')).toHaveText(['Keys', 'Dashboard', 'Audit', 'Settings']);

  await viewButton(page, 'Dashboard').click();
  await expectView(page, 'Dashboard');
  await expect(page.getByText('Every key across your workspaces is in good standing.')).toBeVisible();

  await viewButton(page, 'Audit').click();
  await expectView(page, 'Audit');
  await expect(page.getByRole('search', { name: 'Filter the audit log' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Export CSV/ })).toBeVisible();

  await viewButton(page, 'Settings').click();
  await expectView(page, 'Settings');

  // A workspace in the sidebar opens the Keys view on it.
  await page
    .getByRole('navigation', { name: 'Workspaces' })
    .getByRole('button', { name: /^Local workspace/ })
    .click();
  await expectView(page, 'Keys');
  await expect(
    page.getByRole('navigation', { name: 'Workspaces' }).getByRole('button', { name: /^Local workspace/ }),
  ).toHaveAttribute('aria-current', 'page');
});

test('by keyboard: Tab and Enter on the navigation, Ctrl+1 … 4 and Ctrl+, land on the view title', async ({ page }) => {
  await openApp(page, harness);
  const title = page.getByRole('main').getByRole('heading', { level: 1 });

  const audit = viewButton(page, 'Audit');
  await page.locator('body').focus();
  for (let i = 0; i < 10 && !(await audit.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(audit).toBeFocused();
  await expect(audit).toHaveAttribute('aria-keyshortcuts', 'Control+3');
  await page.keyboard.press('Enter');
  await expectView(page, 'Audit');
  await expect(title).toBeFocused();

  await page.keyboard.press('Control+2');
  await expectView(page, 'Dashboard');
  await expect(title).toBeFocused();

  await page.keyboard.press('Control+Comma');
  await expectView(page, 'Settings');
  await expect(title).toBeFocused();
  // From the title, Tab goes on into the view.
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Clear copied secrets from the clipboard after')).toBeFocused();

  // The shortcuts work from a field too (they are not text), and with ⌘ as on macOS.
  await page.keyboard.press('Meta+3');
  await expectView(page, 'Audit');
  await page.keyboard.press('Control+4');
  await expectView(page, 'Settings');
  await page.keyboard.press('Control+1');
  await expectView(page, 'Keys');
  await expect(title).toBeFocused();

  // Not while a dialog is open: the dialog keeps the keyboard.
  await page.keyboard.press('Control+n');
  const dialog = page.getByRole('dialog', { name: 'Create an API key' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Control+2');
  await expect(dialog).toBeVisible();
  await expectView(page, 'Keys');
  await page.keyboard.press('Escape');
});

test('starts on the dashboard once a key needs attention, and counts it in the navigation', async ({ page }) => {
  await openApp(page, harness);
  const name = uniqueName('Soon');
  await createKeyThroughDialog(page, { name, scope: 'SCIM', expiresOn: await dateInDays(harness, 5) });
  await confirmStored(page);
  await expect(viewButton(page, 'Dashboard')).toHaveAccessibleName('Dashboard 1 keys need action');

  await page.reload();
  await expect(page.getByRole('main')).toHaveAttribute('aria-busy', 'false');
  await expectView(page, 'Dashboard');
  await expect(page.getByRole('region', { name: 'Needs action' })).toContainText(name);
});
