/**
 * The Settings view's layout in a small (1024×700) and a large (1440×900) window: no heading,
 * label, control, hint or status line covers another, neither while the status lines are silent
 * nor once they speak (after Sync now and after saving a workspace's reminder days).
 */
import { expect, test, type Locator } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import { openApp, showView } from './fixtures.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

/**
 * Every pair of rows (text and controls) in the view's scrolling body whose boxes intersect,
 * described for the failure message. The view's header is left out: the body scrolls under it.
 */
function overlappingRows(view: Locator): Promise<string[]> {
  return view.locator('.view__body').evaluate((root) => {
    const rows = [...root.querySelectorAll('h2, h3, label, legend, p, input, select, textarea, button')]
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      // Visually hidden text is a 1 px box that covers nothing.
      .filter(({ box }) => box.width > 1 && box.height > 1);
    const describe = (element: Element, box: DOMRect) =>
      `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute('aria-label') || '').trim().slice(0, 50)}" (${Math.round(box.top)}–${Math.round(box.bottom)} px)`;
    const overlaps: string[] = [];
    rows.forEach((a, i) => {
      for (const b of rows.slice(i + 1)) {
        if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
        const width = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
        const height = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
        if (width > 0.5 && height > 0.5)
          overlaps.push(`${describe(a.element, a.box)} covers ${describe(b.element, b.box)}`);
      }
    });
    return overlaps;
  });
}

for (const viewport of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
]) {
  test.describe(`${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('no two rows of Settings overlap, with the status lines silent or speaking', async ({ page }) => {
      await openApp(page, harness);
      await showView(page, 'Settings');
      const view = page.getByRole('region', { name: 'Settings' });
      const reminders = view.getByRole('region', { name: 'Reminders' });
      // The rows that overlapped: a workspace's hint and the next workspace's label.
      for (const workspace of ['Local workspace', 'External keys']) {
        await expect(reminders.getByRole('textbox', { name: `Reminder days for ${workspace}` })).toHaveValue(
          '30, 7, 1, 0',
        );
      }
      expect(await overlappingRows(view)).toEqual([]);

      await reminders.getByRole('button', { name: 'Sync now' }).click();
      await expect(reminders.getByRole('status').first()).toHaveText(/^Synced \d+ workspaces?\./);
      await reminders.getByRole('button', { name: 'Save reminder days for Local workspace' }).click();
      await expect(reminders.getByText('Saved the reminder days of Local workspace.')).toBeVisible();
      expect(await overlappingRows(view)).toEqual([]);
    });
  });
}
