/* global document */
// Dev only: keyboard walk-through against the fake build (/tmp/kw-dev). Prints what it checked.
// Usage: node src/renderer/dev/check-keyboard.mjs [built dir]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { chromium } from 'playwright-core';

const root = process.argv[2] ?? '/tmp/kw-dev';
const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  try {
    const body = await readFile(join(root, path === '/' ? 'index.html' : path));
    res
      .writeHead(200, {
        'content-type': { '.js': 'text/javascript', '.css': 'text/css' }[extname(path)] ?? 'text/html',
      })
      .end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
await page.goto(`http://127.0.0.1:${server.address().port}/?latency=10`);
await page.getByRole('grid').waitFor();
const focused = () =>
  page.evaluate(
    () =>
      `${document.activeElement?.tagName} ${document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.slice(0, 30)}`,
  );
const check = (label, ok) => console.log(`${ok ? 'PASS' : 'FAIL'} ${label}`);

await page.keyboard.press('/');
check('"/" focuses search', (await focused()).includes('Search keys'));
await page.keyboard.type('okta');
await page.waitForTimeout(100);
check('search filters rows', (await page.getByRole('row').count()) < 20);
await page.keyboard.press('Escape');
check('Escape in search clears it', (await page.getByRole('searchbox').inputValue()) === '');

await page.getByRole('grid').focus();
await page.keyboard.press('ArrowDown');
await page.keyboard.press('ArrowDown');
const active = await page.getByRole('grid').getAttribute('aria-activedescendant');
await page.keyboard.press('Enter');
const details = await page.getByRole('complementary').getByRole('heading', { level: 2 }).innerText();
const activeName = await page.locator(`[id="${active}"] .key-name`).innerText();
check(`arrows + Enter open details of the third row (${activeName})`, details === activeName);
await page.keyboard.press('ArrowDown');
const followed = await page.getByRole('complementary').getByRole('heading', { level: 2 }).innerText();
check('with the panel open, the panel follows the active row', followed !== details);

const sortHeader = page.getByRole('columnheader', { name: 'Name' });
await sortHeader.getByRole('button').focus();
await page.keyboard.press('Enter');
check('Enter on a header sorts (aria-sort)', (await sortHeader.getAttribute('aria-sort')) === 'ascending');

await page.getByRole('grid').focus();
await page.keyboard.press('Control+n');
check(
  'Ctrl+N opens Create key, focus in the name field',
  (await page.getByRole('dialog').count()) === 1 && (await focused()).startsWith('INPUT'),
);
for (let i = 0; i < 30; i += 1) await page.keyboard.press('Tab');
check('Tab stays inside the dialog', await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]')));
await page.keyboard.press('Escape');
check(
  'Escape closes Create key and focus returns to the grid',
  (await page.getByRole('dialog').count()) === 0 && (await focused()).startsWith('DIV API keys'),
);

await page.keyboard.press('Control+n');
await page.keyboard.type('Show once test');
await page.keyboard.press('Enter');
await page.getByRole('alertdialog').waitFor();
await page.keyboard.press('Escape');
await page.mouse.click(10, 10);
check(
  'Escape/backdrop do not close the show-once view',
  (await page.getByRole('alertdialog').count()) === 1 && (await page.getByText("can't be shown again").count()) === 1,
);
await page.getByRole('button', { name: 'I have stored it' }).click();
check(
  '"I have stored it" closes it and drops the secret',
  (await page.getByRole('alertdialog').count()) === 0 &&
    (await page.getByText(/lsk_(live|test)_[0-9a-f]{20,}/).count()) === 0,
);

await page
  .getByRole('row', { name: /Active/ })
  .first()
  .click();
await page.getByRole('button', { name: 'Revoke…' }).click();
check('revoke dialog focuses Cancel', (await focused()).includes('Cancel'));
await page.keyboard.press('Escape');
check('Escape cancels revoke, focus back on Revoke…', (await focused()).includes('Revoke'));
await browser.close();
server.close();
