/**
 * `npm run bench:ui`: the keys table with 10,000 keys, in Chromium through the browser harness,
 * bridged to the real core. A management service is started in-process with 10,000 keys, the
 * harness connects to it as a remote workspace, and the page is measured:
 *
 *   render_10k_ms        the 10,000 keys reach the page → the table's rows are in the DOM and laid out
 *   open_10k_ms          click on the workspace → same (includes syncing 10,000 keys from the service)
 *   keystroke_median_ms  one search keystroke → the filtered rows are committed and laid out (median)
 *   heap_mb              the renderer's JS heap after a garbage collection, at the end
 *
 * Only loopback traffic. Prints a table, then one `name: value unit` line per figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { initWorkspace, startServer } from '../src/server/index.ts';
import { HarnessProcess } from '../test/e2e/harness.ts';

const KEY_COUNT = 10_000;
const SCOPES = ['scim', 'on_premise', 'public_api'] as const;
const WORDS = [
  'billing',
  'scim-sync',
  'crm',
  'reports',
  'ad-bridge',
  'mailer',
  'ci-deploy',
  'analytics',
  'support',
  'archive',
];
const DAY_MS = 86_400_000;

async function seedService(): Promise<{ url: string; token: string; close(): Promise<void>; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'keywarden-bench-ui-'));
  const { ownerToken } = initWorkspace({ dataDir: dir, name: 'Bench workspace' });
  const server = await startServer({ dataDir: dir, host: '127.0.0.1', port: 0 });
  const headers = { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' };
  let next = 0;
  const worker = async () => {
    while (next < KEY_COUNT) {
      const index = next++;
      const scope = SCOPES[index % SCOPES.length]!;
      const body: Record<string, unknown> = {
        name: `${WORDS[index % WORDS.length]}-${String(index).padStart(5, '0')}`,
        scope,
      };
      if (index % 7 === 0) body.expiresAt = new Date(Date.now() + ((index % 29) + 1) * DAY_MS).toISOString();
      if (index % 11 === 0) body.environment = 'test';
      const response = await fetch(`${server.url}/v1/api-keys`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      if (response.status !== 201) throw new Error(`Seeding failed: ${response.status} ${await response.text()}`);
      if (index % 13 === 0) {
        const { apiKey } = (await response.json()) as { apiKey: { id: string } };
        await fetch(`${server.url}/v1/api-keys/${apiKey.id}/revoke`, { method: 'POST', headers, body: '{}' });
      } else {
        await response.arrayBuffer();
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return { url: server.url, token: ownerToken, close: () => server.close(), dir };
}

const started = Date.now();
const service = await seedService();
console.error(`Seeded ${KEY_COUNT} keys in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const harness = await HarnessProcess.start();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(harness.url);
  const connected = await page.evaluate(
    ([url, token]) => window.keywarden.workspaces.connect({ url: url!, token: token!, name: 'Bench workspace' }),
    [service.url, service.token],
  );
  if (!connected.ok) throw new Error(`Could not connect the bench workspace: ${connected.message}`);
  await page.reload();
  await page.getByText('Local workspace').first().waitFor();

  // Timestamps taken in the page: the click, the keys' arrival from the core, and the first
  // mutation batch that puts rows in the grid (with layout forced, so it is the laid-out table).
  await page.evaluate(() => {
    const marks = window as unknown as { __clickedAt: number; __keysArrivedAt: number; __rowsAt: number };
    const keys = window.keywarden.keys as unknown as Record<string, (input: unknown) => Promise<unknown>>;
    for (const method of ['list', 'refresh']) {
      const original = keys[method]!;
      keys[method] = async (input: unknown) => {
        const result = await original(input);
        marks.__keysArrivedAt ??= performance.now();
        return result;
      };
    }
    document.addEventListener('click', () => (marks.__clickedAt ??= performance.now()), { capture: true });
    const observer = new MutationObserver(() => {
      const row = document.querySelector('[role="grid"] [role="row"][aria-rowindex="2"]');
      if (!row) return;
      row.getBoundingClientRect();
      marks.__rowsAt = performance.now();
      observer.disconnect();
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
  await page.getByText('Bench workspace').first().click();
  await page.locator('[role="grid"] [role="row"][aria-rowindex="2"]').waitFor({ timeout: 60_000 });
  const opening = await page.evaluate(() => {
    const marks = window as unknown as { __clickedAt: number; __keysArrivedAt: number; __rowsAt: number };
    return { open: marks.__rowsAt - marks.__clickedAt, render: marks.__rowsAt - marks.__keysArrivedAt };
  });

  // Keystrokes: from the input event to the filtered rows committed and laid out.
  const search = page
    .getByRole('searchbox')
    .or(page.getByPlaceholder(/search/i))
    .first();
  await search.focus();
  const keystrokes = await page.evaluate(async () => {
    const input = document.activeElement as HTMLInputElement;
    const grid = document.querySelector('[role="grid"]')!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    // Each step changes which keys match (names end in a 5-digit index), so every keystroke
    // must re-render the rows; typed forward, then erased.
    const typed = [
      'b',
      'bi',
      'bil',
      'bill',
      'billi',
      'billin',
      'billing',
      'billing-',
      'billing-0',
      'billing-00',
      'billing-001',
      'billing-0012',
    ];
    const sequence = [
      ...typed,
      ...typed.slice(0, -1).reverse(),
      '',
      'c',
      'cr',
      'crm',
      'crm-',
      'crm-0',
      'crm-00',
      'crm-003',
    ];
    const times: number[] = [];
    let unchanged = 0;
    for (const value of sequence) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      const changed = new Promise<boolean>((resolve) => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve(true);
        });
        observer.observe(grid, { childList: true, subtree: true, characterData: true, attributes: true });
        setTimeout(() => {
          observer.disconnect();
          resolve(false);
        }, 500);
      });
      const start = performance.now();
      setValue.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      // A keystroke whose matches look the same on screen changes no row: nothing to time.
      if (!(await changed)) {
        unchanged += 1;
        continue;
      }
      void grid.getBoundingClientRect();
      times.push(performance.now() - start);
    }
    return { times, unchanged };
  });
  const times = [...keystrokes.times].sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  const median = times.length % 2 === 1 ? times[middle]! : (times[middle - 1]! + times[middle]!) / 2;

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const rows = await page.locator('[role="grid"] [role="row"]').count();

  console.log(`Keys table, ${KEY_COUNT} keys (${rows} rows in the DOM: virtualised)`);
  console.table({
    'render (keys in page → rows laid out)': `${opening.render.toFixed(1)} ms (target < 300)`,
    'open (click → rows laid out, incl. sync)': `${opening.open.toFixed(1)} ms`,
    [`search keystroke, median of ${times.length}`]: `${median.toFixed(2)} ms (target < 16), max ${times.at(-1)!.toFixed(1)} ms (${keystrokes.unchanged} left the rows unchanged)`,
    'renderer JS heap': `${(heap.usedSize / 2 ** 20).toFixed(1)} MB (target < 150)`,
  });
  console.log(`render_10k_ms: ${opening.render.toFixed(1)} ms`);
  console.log(`open_10k_ms: ${opening.open.toFixed(1)} ms`);
  console.log(`keystroke_median_ms: ${median.toFixed(2)} ms`);
  console.log(`heap_mb: ${(heap.usedSize / 2 ** 20).toFixed(1)} MB`);
} finally {
  await browser.close();
  await harness.stop();
  await service.close();
  rmSync(service.dir, { recursive: true, force: true });
}
