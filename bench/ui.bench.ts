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
 * Then the Dashboard over the same keys, in the same page (measureDashboard, below):
 *
 *   dashboard_render_10k_ms   click on Dashboard → its list and chart laid out, from the summary in the page
 *   dashboard_summary_10k_ms  the dashboard's summary asked → arrived (the core over every key, through the bridge)
 *   dashboard_open_10k_ms     click on Dashboard → the fresh summary laid out
 *
 * Then, with the browser closed, bench/key-change.bench.ts measures what one key change costs the
 * main process with the same 10,000 keys cached (key_change_10k_ms and two figures beside it).
 *
 * Only loopback traffic. Prints a table, then one `name: value unit` line per figure.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
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
  const { ownerToken } = await initWorkspace({ dataDir: dir, name: 'Bench workspace' });
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

  await measureDashboard(page);
  await browser.close(); // so it doesn't compete for the CPU
  await measureKeyChange(service);
} finally {
  await browser.close();
  await harness.stop();
  await service.close();
  rmSync(service.dir, { recursive: true, force: true });
}

/** Runs the key-change bench in its own process, as the app's main process is, against this service. */
async function measureKeyChange(target: { url: string; token: string }): Promise<void> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'key-change.bench.ts')], {
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  // The token goes over stdin: never in argv, where other processes can read it.
  child.stdin.end(JSON.stringify({ url: target.url, token: target.token }));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`bench/key-change.bench.ts failed (exit code ${code})`);
}

/**
 * The dashboard over the same keys, in the same page (on the keys view when called). Marks taken in
 * the page: the click on Dashboard; the dashboard's list and chart bars in the DOM and laid out,
 * drawn from the summary the page already holds; and the fresh summary asked for on opening (the
 * core summarising every key, through the harness bridge) committed and laid out.
 */
async function measureDashboard(page: Page): Promise<void> {
  await page.evaluate(() => {
    const marks = window as unknown as DashboardMarks;
    const dashboard = window.keywarden.dashboard as unknown as Record<string, (input: unknown) => Promise<unknown>>;
    const original = dashboard.summary!;
    dashboard.summary = async (input: unknown) => {
      marks.__summaryAskedAt ??= performance.now();
      const result = await original(input);
      marks.__summaryArrivedAt ??= performance.now();
      // The store commits the summary as this call returns; the next task sees it laid out.
      setTimeout(() => {
        document.body.getBoundingClientRect();
        marks.__freshRenderedAt ??= performance.now();
      }, 0);
      return result;
    };
    document.addEventListener('click', () => (marks.__dashboardClickedAt ??= performance.now()), { capture: true });
    const observer = new MutationObserver(() => {
      if (!document.querySelector('.timeline .recharts-bar-rectangle, .timeline__table')) return;
      if (!document.querySelector('.attention-list li')) return;
      document.body.getBoundingClientRect();
      marks.__dashboardRenderedAt = performance.now();
      observer.disconnect();
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /^Dashboard/ })
    .click();
  await page.locator('.timeline .recharts-bar-rectangle').first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => (window as unknown as DashboardMarks).__freshRenderedAt !== undefined);
  const marks = await page.evaluate(() => {
    const m = window as unknown as DashboardMarks;
    return {
      render: m.__dashboardRenderedAt - m.__dashboardClickedAt,
      summary: m.__summaryArrivedAt - m.__summaryAskedAt,
      open: m.__freshRenderedAt - m.__dashboardClickedAt,
      attention: document.querySelector('.dashboard .view__header p')?.textContent ?? '',
    };
  });
  console.log(`Dashboard, ${KEY_COUNT} keys (${marks.attention})`);
  console.table({
    'render (summary in page → list and chart laid out)': `${marks.render.toFixed(1)} ms (target < 300)`,
    'summary (asked → arrived: the core over every key, through the bridge)': `${marks.summary.toFixed(1)} ms`,
    'open (click → fresh summary laid out)': `${marks.open.toFixed(1)} ms`,
  });
  console.log(`dashboard_render_10k_ms: ${marks.render.toFixed(1)} ms`);
  console.log(`dashboard_summary_10k_ms: ${marks.summary.toFixed(1)} ms`);
  console.log(`dashboard_open_10k_ms: ${marks.open.toFixed(1)} ms`);
}

interface DashboardMarks {
  __dashboardClickedAt: number;
  __dashboardRenderedAt: number;
  __summaryAskedAt: number;
  __summaryArrivedAt: number;
  __freshRenderedAt: number;
}
