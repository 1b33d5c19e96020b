/**
 * A remote workspace's connection states, as an admin meets them: the service goes away (the last
 * known keys stay, marked as such, and come back live on Retry), and the desktop's admin token is
 * revoked on the service (the app says to reconnect, and reconnecting with a new token works).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createAdminToken, initWorkspace, startServer } from '../../src/server/index.ts';
import { HarnessProcess } from './harness.ts';
import { callService, keyRow, openApp, uniqueName } from './fixtures.ts';

type RunningServer = Awaited<ReturnType<typeof startServer>>;

let harness: HarnessProcess;
let dataDir: string;
let server: RunningServer;
let ownerToken: string;
const workspaceName = uniqueName('Remote workspace');
const keyName = uniqueName('Remote key');

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'keywarden-e2e-states-'));
  ownerToken = initWorkspace({ dataDir, name: workspaceName }).ownerToken;
  [harness, server] = await Promise.all([HarnessProcess.start(), startServer({ dataDir, host: '127.0.0.1', port: 0 })]);
  const created = await callService(server.url, ownerToken, 'POST', '/v1/api-keys', {
    name: keyName,
    scope: 'public_api',
  });
  expect(created.status).toBe(201);
});
test.afterAll(async () => {
  await harness.stop();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const sidebarItem = (page: Page) =>
  page.getByRole('navigation', { name: 'Workspaces' }).getByRole('button', { name: new RegExp(`^${workspaceName}`) });

async function connectWith(page: Page, token: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Workspaces' })
    .getByRole('button', { name: 'Connect a workspace' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Connect a workspace' });
  await dialog.getByLabel('Workspace URL').fill(server.url);
  await dialog.getByLabel('Admin token').fill(token);
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog).toHaveCount(0);
  await sidebarItem(page).click();
  await expect(keyRow(page, keyName)).toContainText('Active');
}

test.describe.configure({ mode: 'serial' });

test('when the service goes away the last known keys stay, marked, and Retry brings them back live', async ({
  page,
}) => {
  const desktopToken = createAdminToken({ dataDir, role: 'admin', name: 'Desktop (offline test)' }).token;
  await openApp(page, harness);
  await connectWith(page, desktopToken);

  const port = server.port;
  await server.close();
  await page.getByRole('button', { name: 'Refresh' }).click();
  const banner = page.getByRole('status').filter({ hasText: 'Showing the last known keys' });
  await expect(banner).toBeVisible();
  await expect(keyRow(page, keyName)).toBeVisible();
  await expect(sidebarItem(page)).toContainText('Offline');

  server = await startServer({ dataDir, host: '127.0.0.1', port });
  await banner.getByRole('button', { name: 'Retry' }).click();
  await expect(banner).toHaveCount(0);
  await expect(sidebarItem(page)).not.toContainText('Offline');
  await expect(keyRow(page, keyName)).toContainText('Active');
});

test('a revoked admin token asks for a reconnect, and reconnecting with a new token restores the workspace', async ({
  page,
}) => {
  const desktop = createAdminToken({ dataDir, role: 'admin', name: 'Desktop (revocation test)' });
  await openApp(page, harness);
  await connectWith(page, desktop.token);

  const revoked = await callService(server.url, ownerToken, 'POST', `/v1/admin-tokens/${desktop.id}/revoke`);
  expect(revoked.status).toBe(200);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByText(/admin token was revoked or expired/).first()).toBeVisible();
  await expect(sidebarItem(page)).toContainText('Reconnect needed');

  // The banner offers Reconnect, not a Retry that can't help.
  const banner = page.getByRole('status').filter({ hasText: 'admin token was revoked or expired' });
  await expect(banner.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await banner.getByRole('button', { name: 'Reconnect…' }).click();
  const dialog = page.getByRole('dialog', { name: new RegExp(`^Reconnect`) });
  await expect(dialog.getByLabel('Workspace URL')).toHaveValue(server.url);
  await dialog
    .getByLabel('Admin token')
    .fill(createAdminToken({ dataDir, role: 'admin', name: 'Desktop (new)' }).token);
  await dialog.getByRole('button', { name: 'Reconnect' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(sidebarItem(page)).not.toContainText('Reconnect needed');
  await expect(keyRow(page, keyName)).toContainText('Active');
});
