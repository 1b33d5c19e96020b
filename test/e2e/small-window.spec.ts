/**
 * A 1024×700 window with the details panel open: the toolbar's actions stay on screen, the keys
 * table does not scroll sideways, and a countdown is never cut; a long name keeps a tooltip. From
 * 1024 to 1280 px the toolbar keeps one line: the search shrinks, never cutting its placeholder,
 * and Refresh, then Create key, keep only their icon, with their words as name and tooltip.
 */
import { expect, test, type Page } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import { confirmStored, createDialog, createKeyThroughDialog, keyRow, openApp, uniqueName } from './fixtures.ts';

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

/** True when the search's placeholder is drawn whole, left of the "/" hint. */
function placeholderFits(page: Page): Promise<boolean> {
  return page
    .getByRole('search')
    .getByRole('searchbox')
    .evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const start = input.getBoundingClientRect().left + parseFloat(style.paddingLeft);
      const hint = input.parentElement!.querySelector('kbd');
      const end = hint
        ? hint.getBoundingClientRect().left
        : input.getBoundingClientRect().right - parseFloat(style.paddingRight);
      return context.measureText(input.placeholder).width <= end - start;
    });
}

test('with the details panel open, the toolbar keeps one line from 1024 to 1280 px wide', async ({ page }) => {
  await openApp(page, harness);
  const name = uniqueName('Toolbar key');
  await createKeyThroughDialog(page, { name, scope: 'Public APIs' });
  await confirmStored(page);
  await keyRow(page, name).click();
  await expect(page.getByRole('complementary').getByRole('heading', { name })).toBeVisible();

  const toolbar = page.getByRole('search');
  const refresh = toolbar.getByRole('button', { name: 'Refresh' });
  const create = toolbar.getByRole('button', { name: 'Create key' });
  const controls = [
    toolbar.getByRole('searchbox', { name: 'Search keys by name, label or provider' }),
    toolbar.getByRole('combobox', { name: 'Filter by status' }),
    toolbar.getByRole('combobox', { name: 'Filter by scope' }),
    refresh,
    create,
  ];
  for (const width of [1024, 1100, 1200, 1280]) {
    await page.setViewportSize({ width, height: 700 });
    const tops = await Promise.all(controls.map(async (control) => (await control.boundingBox())!.y));
    expect(tops, `one line at ${width} px`).toEqual(tops.map(() => tops[0]));
    await expect(create).toBeInViewport({ ratio: 1 });
    expect(await placeholderFits(page), `the placeholder whole at ${width} px`).toBe(true);
    // Icon only or not, each button keeps its words as accessible name and tooltip.
    await expect(refresh).toHaveAttribute('title', 'Refresh');
    await expect(create).toHaveAttribute('title', 'Create key');
  }

  await page.setViewportSize({ width: 1024, height: 700 });
  expect((await refresh.boundingBox())!.width, 'Refresh is an icon at 1024 px').toBeLessThanOrEqual(32);
  await refresh.click();
  await expect(refresh).toBeEnabled();
  await create.click();
  await expect(createDialog(page)).toBeVisible();
});
