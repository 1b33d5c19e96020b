/**
 * The built app, launched as Electron through Playwright. Skipped (with a line printed by the
 * global setup) where the Electron binary could not be downloaded.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import keytar from 'keytar';
import { electronBinary, MISSING_ELECTRON } from '../../scripts/electron-binary.mjs';

const binary = electronBinary().path;
test.skip(!binary, MISSING_ELECTRON);

const keychainService = `Keywarden-electron-${Date.now()}`;
let app: ElectronApplication;
test.beforeAll(async () => {
  app = await electron.launch({
    executablePath: binary!,
    args: [resolve(import.meta.dirname, '../../out/main/index.js'), '--no-sandbox'],
    env: {
      ...process.env,
      KEYWARDEN_USER_DATA: mkdtempSync(join(tmpdir(), 'keywarden-electron-')),
      KEYWARDEN_KEYCHAIN_SERVICE: keychainService,
    },
  });
});
test.afterAll(async () => {
  await app?.close();
  // The embedded workspace's owner token went to the keychain under this run's own service name.
  for (const { account } of await keytar.findCredentials(keychainService)) {
    await keytar.deletePassword(keychainService, account);
  }
});

test('opens one sandboxed window on the app:// origin with the typed bridge and no Node', async () => {
  const page = await app.firstWindow();
  await expect(page).toHaveTitle(/Keywarden/);
  expect(new URL(page.url()).protocol).toBe('app:');
  const exposure = await page.evaluate(() => ({
    hasApi: typeof window.keywarden?.keys?.list === 'function',
    hasRequire: typeof (window as unknown as { require?: unknown }).require !== 'undefined',
    hasProcess: typeof (window as unknown as { process?: unknown }).process !== 'undefined',
  }));
  expect(exposure).toEqual({ hasApi: true, hasRequire: false, hasProcess: false });
});

test('first start shows the embedded local workspace, reached through real IPC', async () => {
  const page = await app.firstWindow();
  // A refused sender check answers { ok: false, code: 'forbidden_sender' } on every call: the
  // window at app://keywarden must get real data back through the main process.
  const workspaces = await page.evaluate(() => window.keywarden.workspaces.list());
  expect(workspaces).toMatchObject({ ok: true });
  if (!workspaces.ok) return;
  expect(workspaces.value).toContainEqual(expect.objectContaining({ kind: 'local', name: 'Local workspace' }));
  await expect(page.getByText('Local workspace').first()).toBeVisible();
});

test('refuses navigation away from the app', async () => {
  const page = await app.firstWindow();
  const before = page.url();
  await page.evaluate(() => {
    location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
});

test('answers permission checks with denied and opens no new window', async () => {
  const page = await app.firstWindow();
  const result = await page.evaluate(async () => ({
    geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
    notifications: (await navigator.permissions.query({ name: 'notifications' })).state,
    opened: window.open('app://keywarden/index.html') !== null,
  }));
  expect(result).toEqual({ geolocation: 'denied', notifications: 'denied', opened: false });
  expect(app.windows()).toHaveLength(1);
});
