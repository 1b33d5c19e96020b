/* global document, HTMLInputElement, requestAnimationFrame */
// Dev only: screenshots and a 10,000-key timing run against a built renderer.
// Usage: node src/renderer/dev/shoot.mjs <built dir> <out dir> [baseUrl]
//   With a baseUrl (the browser harness address, with its token) the pages come from the real core.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { chromium } from 'playwright-core';

const [root = '/tmp/kw-dev', out = '/tmp/kw-shots', harnessUrl] = process.argv.slice(2);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  try {
    const body = await readFile(join(root, path === '/' ? 'index.html' : path));
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'text/html' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = harnessUrl ?? `http://127.0.0.1:${server.address().port}/`;
const withParams = (params) => {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const only = process.env.SHOTS?.split(',');
const scenarios = {
  async table(page) {
    await page.getByRole('grid').waitFor();
  },
  async details(page) {
    await page.getByRole('grid').waitFor();
    await page.getByRole('row').nth(3).click();
    await page.getByRole('complementary').waitFor();
  },
  async create(page) {
    await page.getByRole('grid').waitFor();
    await page.keyboard.press('Control+n');
    await page.getByLabel('Name', { exact: true }).fill('Entra ID provisioning');
    await page.getByRole('radio', { name: /^On Premise/ }).check();
  },
  async createErrors(page) {
    await page.getByRole('grid').waitFor();
    await page.keyboard.press('Control+n');
    await page.getByRole('button', { name: 'Create key' }).last().click();
  },
  async showOnce(page) {
    await page.getByRole('grid').waitFor();
    await page.keyboard.press('Control+n');
    await page.getByLabel('Name', { exact: true }).fill('Entra ID provisioning');
    await page.getByRole('dialog').getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('alertdialog').waitFor();
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied').waitFor();
    await page.keyboard.press('Escape');
  },
  async revoke(page) {
    await page.getByRole('grid').waitFor();
    await page.getByRole('row').filter({ hasText: 'Active' }).first().click();
    await page.getByRole('button', { name: 'Revoke…' }).click();
    await page.getByRole('alertdialog').waitFor();
  },
  async offline(page) {
    await page.getByRole('button', { name: /^Globex EU/ }).click();
    await page.getByText('Showing the last known keys').waitFor();
  },
  async authFailed(page) {
    await page.getByRole('button', { name: /^Initech/ }).click();
    await page.getByRole('alert').filter({ hasText: 'Reconnect' }).first().waitFor();
  },
  async external(page) {
    await page.getByRole('button', { name: /^External keys/ }).click();
    await page.getByRole('grid').waitFor();
    await page.keyboard.press('Control+n');
  },
  async connect(page) {
    await page.getByRole('button', { name: 'Connect a workspace' }).click();
    await page.getByLabel('Workspace URL').fill('keys.example');
    await page.getByLabel('Admin token').fill('bad');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page
      .getByText(/full URL|address/)
      .first()
      .waitFor();
  },
};

for (const scheme of ['light', 'dark']) {
  for (const [name, run] of Object.entries(scenarios)) {
    if (only && !only.includes(name)) continue;
    const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
    page.on('pageerror', (e) => console.error(`[${name}] page error:`, e.message));
    page.on('console', (m) => m.type() === 'error' && console.error(`[${name}] console:`, m.text()));
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(withParams(name === 'showOnce' && scheme === 'dark' ? { keychain: 'off' } : {}));
    try {
      await run(page);
      await page.waitForTimeout(250);
      await page.screenshot({ path: `${out}/${name}-${scheme}.png` });
    } catch (error) {
      console.error(`[${name}/${scheme}]`, error.message.split('\n')[0]);
      await page.screenshot({ path: `${out}/${name}-${scheme}-FAILED.png` });
    }
    await page.close();
  }
}

if (!only || only.includes('perf')) {
  const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
  const t0 = Date.now();
  await page.goto(withParams({ keys: '10000', latency: '0' }));
  await page.getByRole('grid').waitFor();
  const firstRender = Date.now() - t0;
  const firstPaint = await page.evaluate(() => performance.now());
  // Re-render from the store: switch away and back to the 10,000-key workspace (data cached).
  await page.getByRole('button', { name: /^Acme Corp/ }).click();
  await page.getByRole('grid', { name: /Acme/ }).waitFor();
  const switchMs = await page.evaluate(async () => {
    const start = performance.now();
    [...document.querySelectorAll('nav button')].find((b) => b.textContent.startsWith('This device')).click();
    while (!document.querySelector('[role=grid][aria-label*="This device"] [role=row][aria-rowindex="2"]')) {
      await new Promise((r) => setTimeout(r, 0));
    }
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return +(performance.now() - start).toFixed(1);
  });
  const timing = await page.evaluate(async () => {
    const input = document.getElementById('key-search');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const results = [];
    for (const text of ['o', 'ok', 'okt', 'okta', 'okta 4', 'okt', '']) {
      const start = performance.now();
      setValue.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      // Until the browser has painted the filtered rows.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      results.push({
        text,
        ms: +(performance.now() - start).toFixed(1),
        rows: document.querySelectorAll('[role=row]').length,
      });
    }
    const sortStart = performance.now();
    document.querySelector('[role=columnheader] button').click();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return {
      keystrokes: results,
      sortMs: +(performance.now() - sortStart).toFixed(1),
      domRows: document.querySelectorAll('[role=row]').length,
    };
  });
  console.log(
    JSON.stringify({
      firstRenderMsIncludingLoad: firstRender,
      gridVisibleAtMs: +firstPaint.toFixed(0),
      switchTo10kWorkspaceMs: switchMs,
      ...timing,
    }),
  );
  await page.close();
}

await browser.close();
server.close();
