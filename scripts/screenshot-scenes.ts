/**
 * What `npm run screenshots` shows, in one colour scheme: a user's first session with a fresh
 * harness (real core, embedded service, keychain, movable clock), photographed along the way.
 * The steps are the e2e tests' own (test/e2e/fixtures.ts, test/e2e/remote-workspace.ts).
 */
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { generateCredential } from '../src/shared/credentials.ts';
import {
  confirmStored,
  dateInDays,
  fillCreateKeyDialog,
  keyRow,
  openApp,
  showOnceDialog,
  showView,
  type CreateKeyOptions,
} from '../test/e2e/fixtures.ts';
import { HarnessProcess } from '../test/e2e/harness.ts';
import { offlineBanner, reconnectBanner, RemoteWorkspace } from '../test/e2e/remote-workspace.ts';
import { AUDIT_SCREENSHOTS, auditScenes } from './screenshot-audit.ts';
import { ROTATION_SCREENSHOTS, rotationScenes } from './screenshot-rotation.ts';

export type Scheme = 'light' | 'dark';

/** Every picture, taken once per scheme as `<name>-<scheme>.png`; docs/screenshots/README.md lists them. */
export const SCREENSHOTS = [
  'first-run',
  'create-key',
  'show-once',
  'keys-table',
  'key-details',
  'revoke',
  'after-clock-jump',
  'external-keys',
  'connect-error',
  'offline',
  'reconnect',
  'dashboard',
  'settings',
  ...ROTATION_SCREENSHOTS,
  ...AUDIT_SCREENSHOTS,
] as const;
type ScreenshotName = (typeof SCREENSHOTS)[number];

export const VIEWPORT = { width: 1360, height: 820 };

/** The key whose Create dialog, show-once view, details and revocation are photographed. */
const FEATURED = 'AD sync script';
const LOCAL_KEYS: (Omit<CreateKeyOptions, 'expiresOn'> & { days: number })[] = [
  { name: 'Entra ID provisioning', scope: 'SCIM', days: 365 },
  { name: FEATURED, scope: 'On Premise', days: 20, check: ['Allow your script to retrieve signatures'] },
  { name: 'Billing export', scope: 'Public APIs', days: 3 },
  { name: 'Staging smoke tests', scope: 'Public APIs', days: 200, environment: 'Test' },
];
const REMOTE_KEYS = [
  { name: 'CRM sync', scope: 'scim', days: 300 },
  { name: 'Nightly invoices', scope: 'public_api', days: 9 },
  { name: 'Branch office printer', scope: 'on_premise', days: 120 },
] as const;
/** A made-up secret in letssign.now's format: the external-keys picture needs one to add. */
const SAMPLE_EXTERNAL_SECRET = 'lsk_live_a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6';
/** Paints over the show-once secret (a picture in the repository never carries a key), in a grey that suits the scheme. */
const SECRET_MASK_COLOR: Record<Scheme, string> = { light: '#8a8f98', dark: '#3a3f4a' };

/** Takes this scheme's pictures into `outDir`, of the renderer built in `rendererDir`; returns the files written. */
export async function shootScheme(
  browser: Browser,
  scheme: Scheme,
  outDir: string,
  rendererDir: string,
): Promise<string[]> {
  const harness = await HarnessProcess.start({ rendererDir });
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: scheme, locale: 'en-US' });
  const page = await context.newPage();
  // Outside the test runner actions have no time limit: a missing element must fail the run, not hang it.
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  const written: string[] = [];
  const shoot = async (name: ScreenshotName, mask: Locator[] = []) => {
    const path = join(outDir, `${name}-${scheme}.png`);
    await page.screenshot({ path, animations: 'disabled', mask, maskColor: SECRET_MASK_COLOR[scheme] });
    written.push(path);
  };
  try {
    await localWorkspaceScenes(page, harness, shoot);
    await externalKeyScene(page, shoot);
    await connectErrorScene(page, shoot);
    await remoteWorkspaceScenes(page, shoot);
    await dashboardScene(page, harness, shoot);
    await settingsScene(page, shoot);
    await rotationScenes(page, harness, shoot, dismissToasts);
    await auditScenes(page, harness, shoot, dismissToasts);
  } finally {
    await context.close();
    await harness.stop();
  }
  if (problems.length > 0) throw new Error(`The ${scheme} pictures saw errors:\n${problems.join('\n')}`);
  return written;
}

type Shoot = (name: ScreenshotName, mask?: Locator[]) => Promise<void>;

async function localWorkspaceScenes(page: Page, harness: HarnessProcess, shoot: Shoot): Promise<void> {
  await openApp(page, harness);
  await shoot('first-run');

  for (const { days, ...key } of LOCAL_KEYS) {
    await dismissToasts(page);
    const dialog = await fillCreateKeyDialog(page, { ...key, expiresOn: await dateInDays(harness, days) });
    const create = dialog.getByRole('button', { name: 'Create key' });
    if (key.name === FEATURED) {
      await create.focus();
      await shoot('create-key');
    }
    await create.click();
    const view = showOnceDialog(page);
    await expect(view).toBeVisible();
    if (key.name === FEATURED) {
      await view.getByRole('button', { name: 'Copy' }).click();
      await expect(view.getByRole('status')).toContainText('Copied');
      await shoot('show-once', [view.getByLabel('New API key secret')]);
    }
    await confirmStored(page);
  }
  await dismissToasts(page);
  await shoot('keys-table');

  await keyRow(page, FEATURED).click();
  const details = page.getByRole('complementary');
  await expect(details.getByRole('heading', { name: FEATURED })).toBeVisible();
  await shoot('key-details');

  await details.getByRole('button', { name: 'Revoke…' }).click();
  const confirm = page.getByRole('alertdialog', { name: `Revoke ${FEATURED}?` });
  await expect(confirm).toBeVisible();
  await shoot('revoke');
  await confirm.getByRole('button', { name: 'Revoke permanently' }).click();
  await expect(keyRow(page, FEATURED)).toContainText('Revoked');
  await details.getByRole('button', { name: 'Close details' }).click();
  await dismissToasts(page);

  // The countdowns follow the core's clock as soon as it moves.
  const billing = keyRow(page, 'Billing export').getByRole('gridcell').nth(4);
  const before = await billing.innerText();
  await harness.advanceDays(2.5);
  await expect(billing).not.toHaveText(before);
  await shoot('after-clock-jump');
}

async function externalKeyScene(page: Page, shoot: Shoot): Promise<void> {
  const name = 'letssign.now production';
  await page.getByRole('navigation', { name: 'Workspaces' }).getByText('External keys').click();
  await page.getByRole('button', { name: 'Add external key' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add an external key' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Provider', { exact: true }).selectOption({ label: 'letssign.now' });
  await dialog.getByLabel('Secret').fill(SAMPLE_EXTERNAL_SECRET);
  await dialog.getByRole('button', { name: 'Add to vault' }).click();
  await expect(dialog).toHaveCount(0);
  await keyRow(page, name).click();
  await expect(page.getByRole('complementary').getByRole('heading', { name })).toBeVisible();
  await dismissToasts(page);
  await shoot('external-keys');
  await page.getByRole('complementary').getByRole('button', { name: 'Close details' }).click();
}

async function connectErrorScene(page: Page, shoot: Shoot): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Workspaces' })
    .getByRole('button', { name: /^Local workspace/ })
    .click();
  await page
    .getByRole('navigation', { name: 'Workspaces' })
    .getByRole('button', { name: 'Connect a workspace' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Connect a workspace' });
  await dialog.getByLabel('Workspace URL').fill(`http://127.0.0.1:${await closedPort()}`);
  await dialog.getByLabel('Admin token').fill(generateCredential('lsa_'));
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByText(/Can.t reach/)).toBeVisible();
  await shoot('connect-error');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
}

/** A second service, connected, then gone (offline), then back with the desktop's token revoked. */
async function remoteWorkspaceScenes(page: Page, shoot: Shoot): Promise<void> {
  const remote = await RemoteWorkspace.start('Acme Corp');
  try {
    for (const key of REMOTE_KEYS) {
      await remote.createKey(key.name, key.scope, new Date(Date.now() + key.days * 86_400_000).toISOString());
    }
    const desktop = await remote.mintAdminToken('Keywarden desktop');
    await remote.connectThroughDialog(page, desktop.token, REMOTE_KEYS[0].name);

    await remote.goAway();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(offlineBanner(page)).toBeVisible();
    await dismissToasts(page);
    await shoot('offline');

    await remote.comeBack();
    await offlineBanner(page).getByRole('button', { name: 'Retry' }).click();
    await expect(offlineBanner(page)).toHaveCount(0);
    await remote.revokeAdminToken(desktop.id);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(reconnectBanner(page)).toBeVisible();
    await dismissToasts(page);
    await shoot('reconnect');
  } finally {
    await remote.close();
  }
}

/**
 * What needs action across the workspaces (a day later, Billing export has expired and shows when
 * it is deleted), and the next twelve months of expiries stacked by workspace.
 */
async function dashboardScene(page: Page, harness: HarnessProcess, shoot: Shoot): Promise<void> {
  await showView(page, 'Dashboard');
  await harness.advanceDays(1);
  await expect(page.getByRole('region', { name: /^Expired/ })).toContainText('Billing export');
  const timeline = page.getByRole('region', { name: 'Expiries in the next 12 months' });
  await expect(timeline.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await dismissToasts(page);
  await page.getByRole('main').getByRole('heading', { level: 1 }).blur();
  await shoot('dashboard');
}

async function settingsScene(page: Page, shoot: Shoot): Promise<void> {
  await showView(page, 'Settings');
  await expect(page.getByRole('textbox', { name: 'Reminder days for Local workspace' })).toHaveValue('30, 7, 1, 0');
  await page.getByRole('main').getByRole('heading', { level: 1 }).blur();
  await shoot('settings');
}

/** A loopback port nothing listens on (the system just handed it out and it was let go again). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Closes the toasts, which would otherwise cover the table in every picture. */
async function dismissToasts(page: Page): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
  // All at once in the page: a toast that times out meanwhile can't leave a click waiting.
  await dismiss.evaluateAll((buttons) => buttons.forEach((button) => (button as HTMLElement).click()));
  await expect(dismiss).toHaveCount(0);
}
