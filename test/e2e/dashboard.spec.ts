/**
 * The dashboard follows the harness clock: keys move from the timeline into "Expire within 30
 * days", "within 7 days" and "Expired" (red dot, the date the service deletes them) without a
 * reload; the twelve-month timeline is a chart stacked by workspace with the same numbers in a
 * table for screen readers (and on request for everyone); Rotate opens the key in the Keys view.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import {
  confirmStored,
  createKeyThroughDialog,
  dateInDays,
  keyRow,
  openApp,
  showView,
  uniqueName,
  viewButton,
} from './fixtures.ts';

const RED = 'rgb(209, 52, 58)';
const LETSSIGN_SECRET = 'lsk_live_q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

function needsAction(page: Page): Locator {
  return page.getByRole('region', { name: 'Needs action' });
}
function group(page: Page, title: string): Locator {
  return needsAction(page).getByRole('region', { name: new RegExp(`^${title}`) });
}
function item(scope: Locator, name: string): Locator {
  return scope.getByRole('listitem').filter({ hasText: name });
}
function timelineTable(page: Page): Locator {
  return page.getByRole('table', { name: /^Keys expiring per month/ });
}

/** Adds a letssign.now key to the vault through the External keys collection. */
async function addExternalKey(page: Page, name: string, expiresOn: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Workspaces' }).getByText('External keys').click();
  await page.getByRole('button', { name: 'Add external key' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add an external key' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Provider', { exact: true }).selectOption({ label: 'letssign.now' });
  await dialog.getByLabel('Expires on').fill(expiresOn);
  await dialog.getByLabel('Secret').fill(LETSSIGN_SECRET);
  await dialog.getByRole('button', { name: 'Add to vault' }).click();
  await expect(dialog).toHaveCount(0);
}

test('keys move through the dashboard as the clock advances; the timeline is stacked by workspace, with a table', async ({
  page,
}) => {
  await openApp(page, harness);
  const soon = uniqueName('Billing export');
  const later = uniqueName('CRM sync');
  await createKeyThroughDialog(page, { name: soon, scope: 'Public APIs', expiresOn: await dateInDays(harness, 40) });
  await confirmStored(page);
  await createKeyThroughDialog(page, { name: later, scope: 'SCIM', expiresOn: await dateInDays(harness, 200) });
  await confirmStored(page);
  const external = uniqueName('Signing webhook');
  await addExternalKey(page, external, await dateInDays(harness, 100));

  await showView(page, 'Dashboard');
  await expect(page.getByText('Every key across your workspaces is in good standing.')).toBeVisible();
  await expect(needsAction(page)).toContainText('Nothing needs your attention');

  // The timeline: three keys over the next twelve months, in two workspaces.
  const timeline = page.getByRole('region', { name: 'Expiries in the next 12 months' });
  await expect(timeline).toContainText('3 keys expire by the end of');
  await expect(timeline.locator('.recharts-bar-rectangle')).toHaveCount(3);
  await expect(timeline.locator('.recharts-legend-item-text')).toHaveText(['Local workspace', 'External keys']);
  // The chart is hidden from screen readers; the table says the same to them, visually hidden.
  await expect(timeline.locator('.timeline__chart')).toHaveAttribute('aria-hidden', 'true');
  const table = timelineTable(page);
  await expect(table).toBeAttached();
  await expect(table.locator('xpath=..')).toHaveClass('visually-hidden');
  await expect(table.getByRole('columnheader')).toHaveText(['Month', 'Local workspace', 'External keys', 'Total']);
  await expect(table.getByRole('row')).toHaveCount(13);
  const totals = await table.locator('tbody tr td:last-child').allTextContents();
  expect(totals.map(Number).reduce((a, b) => a + b, 0)).toBe(3);

  // "Table" shows it to everyone, in place of the chart.
  await timeline.getByRole('button', { name: 'Table' }).click();
  await expect(timeline.getByRole('button', { name: 'Table' })).toHaveAttribute('aria-pressed', 'true');
  await expect(table.locator('xpath=..')).not.toHaveClass('visually-hidden');
  await expect(table).toBeVisible();
  await expect(timeline.locator('.recharts-bar-rectangle')).toHaveCount(0);
  await timeline.getByRole('button', { name: 'Chart' }).click();
  await expect(timeline.locator('.recharts-bar-rectangle')).toHaveCount(3);

  // 15 days on: the first key expires within 30 days, and leaves nothing else behind.
  await harness.advanceDays(15);
  const within30 = group(page, 'Expire within 30 days');
  await expect(item(within30, soon)).toContainText('Expiring soon');
  await expect(item(within30, soon)).toContainText('expires in 25 days');
  await expect(item(within30, soon)).toContainText('Local workspace');
  await expect(viewButton(page, 'Dashboard')).toHaveAccessibleName('Dashboard 1 keys need action');
  await expect(page.getByText('1 key needs action across your workspaces.')).toBeVisible();
  await expect(needsAction(page)).not.toContainText(later);

  // 20 more: within 7 days.
  await harness.advanceDays(20);
  await expect(item(group(page, 'Expire within 7 days'), soon)).toContainText('expires in 5 days');
  await expect(group(page, 'Expire within 30 days')).toHaveCount(0);

  // Past its expiry: Expired, with a red dot and the date the service deletes it, three months on.
  await harness.advanceDays(6);
  const expired = item(group(page, 'Expired'), soon);
  await expect(expired).toContainText('Expired');
  await expect(expired.locator('.status__dot')).toHaveCSS('background-color', RED);
  await expect(expired).toContainText('expired 1 day ago');
  // The date the service itself gave the key, written as the page writes dates.
  const deletesOn = await page.evaluate(async (keyName) => {
    const workspaces = await window.keywarden.workspaces.list();
    const local = workspaces.ok ? workspaces.value.find((w) => w.kind === 'local') : undefined;
    const keys = local ? await window.keywarden.keys.list({ workspaceId: local.id }) : null;
    const key = keys?.ok ? keys.value.keys.find((k) => k.name === keyName) : undefined;
    if (!key) return null;
    const expiry = Date.parse(key.expiresAt);
    return {
      threeMonthsOn: Date.parse(key.deletesAt) - expiry === 90 * 86_400_000,
      text: new Date(key.deletesAt).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }),
    };
  }, soon);
  expect(deletesOn?.threeMonthsOn).toBe(true);
  await expect(expired).toContainText(`Deleted on ${deletesOn!.text}`);
  await expect(timeline).toContainText('2 keys expire by the end of');

  // Rotate opens the key, with its details, in the Keys view.
  await expired.getByRole('button', { name: `Rotate ${soon}` }).click();
  await expect(viewButton(page, 'Keys')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('complementary', { name: soon })).toBeVisible();
  await expect(keyRow(page, soon)).toHaveAttribute('aria-selected', 'true');
});
