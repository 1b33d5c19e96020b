/**
 * The rotation pictures of `npm run screenshots`: a key rotated with two `.env` destinations (one
 * failing until its folder exists), traffic moving from the old key to the new over ten minutes of
 * the harness's clock, the early revoke refused while the old key is in use, the new key's
 * destinations and push history, and the leaked-key path's audit. The steps are the e2e tests' own
 * (test/e2e/rotation-fixtures.ts); the `.env` files live in a throwaway folder.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { keyRow, showView } from '../test/e2e/fixtures.ts';
import type { HarnessProcess } from '../test/e2e/harness.ts';
import {
  addEnvDestination,
  destinations,
  detailsPanel,
  envValue,
  localWorkspaceUrl,
  stepTitle,
  wizard,
} from '../test/e2e/rotation-fixtures.ts';

export const ROTATION_SCREENSHOTS = [
  'rotation-distribute',
  'rotation-verify',
  'rotation-retire',
  'destinations',
  'rotation-leaked',
] as const;
type RotationScreenshot = (typeof ROTATION_SCREENSHOTS)[number];

/** The key rotated in the pictures, and the one reported leaked: both made by the earlier scenes. */
const ROTATED = 'Entra ID provisioning';
const LEAKED = 'Staging smoke tests';
/** Fixed, so the pictures show the same paths every run. */
const FOLDER = join(tmpdir(), 'keywarden-demo');

export async function rotationScenes(
  page: Page,
  harness: HarnessProcess,
  shoot: (name: RotationScreenshot) => Promise<void>,
  dismissToasts: (page: Page) => Promise<void>,
): Promise<void> {
  rmSync(FOLDER, { recursive: true, force: true });
  mkdirSync(join(FOLDER, 'entra-sync'), { recursive: true });
  mkdirSync(join(FOLDER, 'smoke'));
  const appEnv = join(FOLDER, 'entra-sync', '.env');
  const workerEnv = join(FOLDER, 'provisioning-worker', '.env');
  try {
    await showView(page, 'Keys');
    await page
      .getByRole('navigation', { name: 'Workspaces' })
      .getByRole('button', { name: /^Local workspace/ })
      .click();
    const url = await localWorkspaceUrl(page);
    const oldSecret = await secretOf(page, ROTATED);

    await keyRow(page, ROTATED).click();
    await addEnvDestination(page, { label: 'Entra sync .env', path: appEnv, name: 'KEYWARDEN_SCIM_TOKEN' });
    await addEnvDestination(page, { label: 'Provisioning worker .env', path: workerEnv, name: 'SCIM_TOKEN' });
    await detailsPanel(page).getByRole('button', { name: 'Rotate…' }).click();
    const rotate = wizard(page, ROTATED);
    await rotate.getByRole('button', { name: 'Create the new key' }).click();
    await rotate.getByRole('button', { name: 'Push to all 2 destinations' }).click();
    await expect(rotate.getByRole('alert')).toContainText('1 of 2 destinations have the new secret.');
    await dismissToasts(page);
    await shoot('rotation-distribute');

    mkdirSync(join(FOLDER, 'provisioning-worker'));
    await rotate.getByRole('button', { name: 'Retry Provisioning worker .env' }).click();
    await expect(stepTitle(page, ROTATED)).toHaveText('Step 3 of 4: Verify');
    const newSecret = envValue(appEnv, 'KEYWARDEN_SCIM_TOKEN')!;
    // Ten minutes of deployments moving over: the old key's requests drain as the new key's grow.
    for (let minute = 0; minute < 10; minute += 1) {
      await requests(url, oldSecret, 9 - minute);
      await requests(url, newSecret, minute + 1);
      await harness.advanceSeconds(60);
    }
    await requests(url, oldSecret, 1);
    await expect(rotate).toContainText('the old key made 46 requests, the new key 55 requests', { timeout: 15_000 });
    await stepTitle(page, ROTATED).focus();
    await shoot('rotation-verify');

    await rotate.getByRole('button', { name: 'Go on to retiring the old key' }).click();
    await rotate.getByRole('button', { name: 'Revoke the old key now' }).click();
    const inUse = rotate.getByRole('group', { name: 'Revoke the old key while it is in use?' });
    await expect(inUse).toContainText('Still in use by 127.0.0.x');
    await shoot('rotation-retire');
    await inUse.getByRole('button', { name: 'Revoke anyway' }).click();
    await expect(stepTitle(page, ROTATED)).toHaveText('Done');
    await rotate.getByRole('button', { name: 'Close' }).click();

    // The new key holds the destinations now, with the pushes in its history.
    await keyRow(page, ROTATED)
      .filter({ hasText: newSecret.slice(0, 12) })
      .click();
    await expect(destinations(page).getByText('Provisioning worker .env', { exact: true }).first()).toBeVisible();
    await destinations(page).getByRole('button', { name: 'Test Entra sync .env' }).click();
    await expect(destinations(page).getByText(/^Ready:/)).toBeVisible();
    await destinations(page).scrollIntoViewIfNeeded();
    await dismissToasts(page);
    await shoot('destinations');
    await detailsPanel(page).getByRole('button', { name: 'Close details' }).click();

    await leakedScene(page, url, shoot, dismissToasts);
  } finally {
    rmSync(FOLDER, { recursive: true, force: true });
  }
}

async function leakedScene(
  page: Page,
  url: string,
  shoot: (name: RotationScreenshot) => Promise<void>,
  dismissToasts: (page: Page) => Promise<void>,
): Promise<void> {
  const secret = await secretOf(page, LEAKED);
  await keyRow(page, LEAKED).click();
  await addEnvDestination(page, { label: 'Smoke tests .env', path: join(FOLDER, 'smoke', '.env'), name: 'API_KEY' });
  await detailsPanel(page).getByRole('button', { name: 'Close details' }).click();
  await requests(url, secret, 3, 'staging-smoke/1.4 (+ci)');
  await requests(url, secret, 1, 'curl/8.5.0');
  await keyRow(page, LEAKED)
    .getByRole('button', { name: `Actions for ${LEAKED}` })
    .click();
  await page.getByRole('menuitem', { name: 'This key leaked…' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke it and rotate now' }).click();
  const done = wizard(page, LEAKED);
  await expect(done.getByRole('region', { name: 'Requests made with the leaked key' }).getByRole('row')).toHaveCount(3);
  await dismissToasts(page);
  await stepTitle(page, LEAKED).focus();
  await shoot('rotation-leaked');
  await done.getByRole('button', { name: 'Close' }).click();
}

/** The key's secret, read in the page as the details panel's Reveal would (never written anywhere). */
async function secretOf(page: Page, name: string): Promise<string> {
  const secret = await page.evaluate(async (keyName) => {
    const workspaces = await window.keywarden.workspaces.list();
    const local = workspaces.ok ? workspaces.value.find((w) => w.kind === 'local') : undefined;
    const keys = local ? await window.keywarden.keys.list({ workspaceId: local.id }) : null;
    const key = keys?.ok ? keys.value.keys.find((k) => k.name === keyName && k.revokedAt === null) : undefined;
    const revealed = key && local ? await window.keywarden.keys.reveal({ workspaceId: local.id, keyId: key.id }) : null;
    return revealed?.ok ? revealed.value.secret : null;
  }, name);
  if (secret === null) throw new Error(`The secret of ${name} is not in the vault.`);
  return secret;
}

async function requests(
  url: string,
  secret: string,
  count: number,
  userAgent = 'entra-provisioning/2.3',
): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${url}/v1/whoami`, {
      headers: { authorization: `Bearer ${secret}`, 'user-agent': userAgent },
    });
    await response.arrayBuffer();
  }
}
