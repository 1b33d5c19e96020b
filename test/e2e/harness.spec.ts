import { expect, test } from '@playwright/test';
import { HarnessProcess } from './harness.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

test('refuses every request that does not carry the token', async () => {
  for (const path of ['/', '/index.html', '/__harness/events', '/__harness/bridge.js']) {
    const response = await fetch(harness.origin + path);
    expect(response.status, path).toBe(401);
  }
  const wrong = await fetch(`${harness.origin}/__harness/events`, { headers: { authorization: 'Bearer nope' } });
  expect(wrong.status).toBe(401);
});

test('the page gets window.keywarden, and a call crosses the bridge to the real core', async ({ page }) => {
  await page.goto(harness.url);
  const info = await page.evaluate(() => window.keywarden.app.info());
  expect(info.ok).toBe(true);
  if (!info.ok) return;
  expect(info.value.keychain.available).toBe(true);
  const harnessNow = (await harness.request<{ now: string }>('GET', '/__harness/clock')).body.now;
  expect(Math.abs(Date.parse(info.value.now) - Date.parse(harnessNow))).toBeLessThan(5_000);

  const workspaces = await page.evaluate(() => window.keywarden.workspaces.list());
  expect(workspaces.ok && workspaces.value.map((workspace) => workspace.kind)).toContain('local');

  const invalid = await page.evaluate(() => window.keywarden.keys.list({ workspaceId: '' }));
  expect(invalid).toMatchObject({ ok: false, code: 'invalid_input' });
});

test('moving the harness clock moves the core clock that the page sees', async ({ page }) => {
  await page.goto(harness.url);
  const before = await page.evaluate(() => window.keywarden.app.info());
  const moved = await harness.advanceDays(10);
  const after = await page.evaluate(() => window.keywarden.app.info());
  if (!before.ok || !after.ok) throw new Error('app.info failed');
  const days = (Date.parse(after.value.now) - Date.parse(before.value.now)) / 86_400_000;
  expect(days).toBeGreaterThan(9.99);
  expect(Math.abs(Date.parse(after.value.now) - Date.parse(moved))).toBeLessThan(5_000);

  const bad = await harness.request<{ code: string }>('POST', '/__harness/clock', { advanceDays: 'ten' });
  expect(bad.status).toBe(400);
});
