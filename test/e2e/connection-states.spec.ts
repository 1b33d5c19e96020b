/**
 * A remote workspace's connection states, as an admin meets them: the service goes away (the last
 * known keys stay, marked as such, and come back live on Retry), and the desktop's admin token is
 * revoked on the service (the app says to reconnect, and reconnecting with a new token works).
 */
import { expect, test } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import { keyRow, openApp, uniqueName } from './fixtures.ts';
import { offlineBanner, reconnectBanner, RemoteWorkspace } from './remote-workspace.ts';

let harness: HarnessProcess;
let remote: RemoteWorkspace;
const keyName = uniqueName('Remote key');

test.beforeAll(async () => {
  [harness, remote] = await Promise.all([
    HarnessProcess.start(),
    RemoteWorkspace.start(uniqueName('Remote workspace')),
  ]);
  await remote.createKey(keyName, 'public_api');
});
test.afterAll(async () => {
  await harness.stop();
  await remote.close();
});

test.describe.configure({ mode: 'serial' });

test('when the service goes away the last known keys stay, marked, and Retry brings them back live', async ({
  page,
}) => {
  await openApp(page, harness);
  await remote.connectThroughDialog(page, (await remote.mintAdminToken('Desktop (offline test)')).token, keyName);

  await remote.goAway();
  await page.getByRole('button', { name: 'Refresh' }).click();
  const banner = offlineBanner(page);
  await expect(banner).toBeVisible();
  await expect(keyRow(page, keyName)).toBeVisible();
  await expect(remote.sidebarItem(page)).toContainText('Offline');

  await remote.comeBack();
  await banner.getByRole('button', { name: 'Retry' }).click();
  await expect(banner).toHaveCount(0);
  await expect(remote.sidebarItem(page)).not.toContainText('Offline');
  await expect(keyRow(page, keyName)).toContainText('Active');
});

test('a revoked admin token asks for a reconnect, and reconnecting with a new token restores the workspace', async ({
  page,
}) => {
  const desktop = await remote.mintAdminToken('Desktop (revocation test)');
  await openApp(page, harness);
  await remote.connectThroughDialog(page, desktop.token, keyName);

  await remote.revokeAdminToken(desktop.id);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByText(/admin token was revoked or expired/).first()).toBeVisible();
  await expect(remote.sidebarItem(page)).toContainText('Reconnect needed');

  // The banner offers Reconnect, not a Retry that can't help.
  const banner = reconnectBanner(page);
  await expect(banner.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await banner.getByRole('button', { name: 'Reconnect…' }).click();
  const dialog = page.getByRole('dialog', { name: new RegExp(`^Reconnect`) });
  await expect(dialog.getByLabel('Workspace URL')).toHaveValue(remote.url);
  await dialog.getByLabel('Admin token').fill((await remote.mintAdminToken('Desktop (new)')).token);
  await dialog.getByRole('button', { name: 'Reconnect' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(remote.sidebarItem(page)).not.toContainText('Reconnect needed');
  await expect(keyRow(page, keyName)).toContainText('Active');
});
