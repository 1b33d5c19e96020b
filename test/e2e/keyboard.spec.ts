/**
 * The keys view without a mouse: the grid's active row follows the arrow keys, Home/End and
 * PageUp/PageDown, Enter opens it (and an open panel follows the active row), a column header sorts
 * on Enter, Ctrl+N opens Create key from the table and Escape gives the table its focus back, the
 * show-once view survives Escape and a stray click, and Escape cancels a revoke.
 * (`/` and Escape in the search: first-start.spec.ts; Escape after a failed Connect: workspaces.spec.ts.)
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import {
  confirmStored,
  createDialog,
  createKeyThroughDialog,
  keyRow,
  openApp,
  showOnceDialog,
  uniqueName,
} from './fixtures.ts';

let harness: HarnessProcess;
/** Enough keys to need PageDown: more than one screenful of rows. */
const GRID_KEYS = 40;
const tag = Math.random().toString(36).slice(2, 8);
const gridKeyName = (n: number) => `Grid ${tag} ${String(n).padStart(2, '0')}`;

test.beforeAll(async ({ browser }) => {
  harness = await HarnessProcess.start();
  const page = await browser.newPage();
  await page.goto(harness.url);
  const names = Array.from({ length: GRID_KEYS }, (_, i) => gridKeyName(i + 1));
  const created = await page.evaluate(async (keyNames) => {
    const workspaces = await window.keywarden.workspaces.list();
    const local = workspaces.ok ? workspaces.value.find((workspace) => workspace.kind === 'local') : undefined;
    if (!local) return 'no local workspace';
    for (const name of keyNames) {
      const result = await window.keywarden.keys.create({
        workspaceId: local.id,
        request: { name, scope: 'public_api' },
      });
      if (!result.ok) return result.message;
    }
    return 'ok';
  }, names);
  expect(created).toBe('ok');
  await page.close();
});
test.afterAll(async () => harness.stop());

const grid = (page: Page) => page.getByRole('grid');
const detailsHeading = (page: Page) => page.getByRole('complementary').getByRole('heading', { level: 2 });

/** The row the grid marks active (aria-activedescendant): the one Enter would open. */
async function activeRow(page: Page): Promise<Locator> {
  const id = await grid(page).getAttribute('aria-activedescendant');
  expect(id).toBeTruthy();
  return page.locator(`[id="${id}"]`);
}

async function expectActive(page: Page, name: string): Promise<void> {
  await expect.poll(async () => (await activeRow(page)).locator('.key-name').innerText()).toBe(name);
  await expect(await activeRow(page)).toBeInViewport();
}

/** Shows only this file's grid keys, sorted by name, through `/` and the Name header. */
async function showGridKeysByName(page: Page): Promise<void> {
  await openApp(page, harness);
  await grid(page).focus();
  await page.keyboard.press('/');
  await page.keyboard.type(`Grid ${tag}`);
  await expect(keyRow(page, gridKeyName(1))).toBeVisible();
  await page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
}

test('arrow keys move the active row and Enter opens it; with the panel open, the panel follows', async ({ page }) => {
  await showGridKeysByName(page);
  await grid(page).focus();
  await expectActive(page, gridKeyName(1));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expectActive(page, gridKeyName(3));
  await page.keyboard.press('Enter');
  await expect(detailsHeading(page)).toHaveText(gridKeyName(3));
  await expect(keyRow(page, gridKeyName(3))).toHaveAttribute('aria-selected', 'true');

  await page.keyboard.press('ArrowDown');
  await expect(detailsHeading(page)).toHaveText(gridKeyName(4));
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(detailsHeading(page)).toHaveText(gridKeyName(2));
});

test('Home and End jump to the first and last key; PageDown and PageUp move a screenful', async ({ page }) => {
  await showGridKeysByName(page);
  await grid(page).focus();
  await page.keyboard.press('End');
  await expectActive(page, gridKeyName(GRID_KEYS));
  await expect(keyRow(page, gridKeyName(1))).not.toBeInViewport();
  await page.keyboard.press('Home');
  await expectActive(page, gridKeyName(1));
  await expect(keyRow(page, gridKeyName(GRID_KEYS))).not.toBeInViewport();

  // A screenful down lands on a row that was below the fold; a screenful up comes back.
  const lastVisibleBefore = await lastRowInViewport(page);
  await page.keyboard.press('PageDown');
  const afterPageDown = await (await activeRow(page)).locator('.key-name').innerText();
  expect(afterPageDown > lastVisibleBefore).toBe(true);
  expect(afterPageDown < gridKeyName(GRID_KEYS)).toBe(true);
  await expectActive(page, afterPageDown);
  await page.keyboard.press('PageUp');
  await expectActive(page, gridKeyName(1));

  // Enter opens the row the keys landed on.
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(detailsHeading(page)).toHaveText(gridKeyName(GRID_KEYS));
});

/** The name of the lowest grid row a user can see without scrolling. */
async function lastRowInViewport(page: Page): Promise<string> {
  const names = await grid(page)
    .locator('[role="row"]:not(.keys-grid__head)')
    .evaluateAll((rows) => {
      const bottom = document.querySelector('[role="grid"]')!.getBoundingClientRect().bottom;
      return rows
        .filter((row) => row.getBoundingClientRect().bottom <= bottom)
        .map((row) => row.querySelector('.key-name')?.textContent ?? '');
    });
  return names.sort().at(-1) ?? '';
}

test('Enter on a column header sorts by that column, and again reverses it', async ({ page }) => {
  await openApp(page, harness);
  await page.getByRole('searchbox').fill(`Grid ${tag}`);
  const nameHeader = page.getByRole('columnheader', { name: 'Name' });
  await expect(nameHeader).toHaveAttribute('aria-sort', 'none');
  await nameHeader.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(grid(page).locator('.key-name').first()).toHaveText(gridKeyName(1));
  await page.keyboard.press('Enter');
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(grid(page).locator('.key-name').first()).toHaveText(gridKeyName(GRID_KEYS));
});

test('Ctrl+N in the table opens Create key on its Name field; Tab stays inside; Escape returns focus to the table', async ({
  page,
}) => {
  await openApp(page, harness);
  await grid(page).focus();
  await page.keyboard.press('Control+n');
  const dialog = createDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Name')).toBeFocused();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(grid(page)).toBeFocused();
});

test('the show-once view stays through Escape and a backdrop click; "I have stored it" takes the secret off the page', async ({
  page,
}) => {
  await openApp(page, harness);
  await grid(page).focus();
  await page.keyboard.press('Control+n');
  await page.keyboard.type(uniqueName('Show once'));
  await page.keyboard.press('Enter');
  const view = showOnceDialog(page);
  await expect(view).toBeVisible();
  const secret = (await view.getByLabel('New API key secret').textContent()) ?? '';
  expect(secret).not.toBe('');

  await page.keyboard.press('Escape');
  await page.mouse.click(10, 10);
  await expect(view).toBeVisible();
  await expect(view.getByLabel('New API key secret')).toHaveText(secret);
  await expect(view.getByText("can't be shown again once this closes")).toBeVisible();

  await view.getByRole('button', { name: 'I have stored it' }).click();
  await expect(view).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
});

test('the revoke confirmation opens on Cancel, and Escape cancels it with focus back on Revoke…', async ({ page }) => {
  await openApp(page, harness);
  const name = uniqueName('Kept key');
  await createKeyThroughDialog(page, { name, scope: 'SCIM' });
  await confirmStored(page);
  // Among this file's many keys the new one may sit below the fold: find it first.
  await page.getByRole('searchbox').fill(name);
  await keyRow(page, name).click();
  const revoke = page.getByRole('complementary').getByRole('button', { name: 'Revoke…' });
  await revoke.click();
  const confirm = page.getByRole('alertdialog', { name: `Revoke ${name}?` });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(revoke).toBeFocused();
  await expect(keyRow(page, name)).toContainText('Active');
});
