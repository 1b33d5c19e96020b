/**
 * Connect a second workspace served by a separately started management service,
 * and the sentences the Connect dialog gives for a wrong address or a wrong token.
 */
import { expect, test, type Page } from '@playwright/test';
import { generateCredential } from '../../src/shared/credentials.ts';
import { HarnessProcess } from './harness.ts';
import {
  callService,
  keyRow,
  openApp,
  startManagementService,
  uniqueName,
  type ManagementService,
} from './fixtures.ts';

let harness: HarnessProcess;
let service: ManagementService;
const workspaceName = uniqueName('Second workspace');
const remoteKeyName = uniqueName('Remote SCIM key');
let remoteKeyPrefix = '';

test.beforeAll(async () => {
  [harness, service] = await Promise.all([HarnessProcess.start(), startManagementService(workspaceName)]);
  const created = await callService<{ apiKey: { prefix: string }; secret: string }>(
    service.url,
    service.ownerToken,
    'POST',
    '/v1/api-keys',
    {
      name: remoteKeyName,
      scope: 'scim',
      environment: 'live',
    },
  );
  expect(created.status).toBe(201);
  remoteKeyPrefix = created.body.apiKey.prefix;
});
test.afterAll(async () => {
  await harness.stop();
  await service.close();
});

function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'Workspaces' });
}

async function openConnect(page: Page) {
  await sidebar(page).getByRole('button', { name: 'Connect a workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect a workspace' });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function workspaceCount(page: Page): Promise<number> {
  const list = await page.evaluate(() => window.keywarden.workspaces.list());
  if (!list.ok) throw new Error(list.message);
  return list.value.length;
}

test('a wrong address or a wrong token gets a clear sentence, and nothing is added', async ({ page }) => {
  await openApp(page, harness);
  const before = await workspaceCount(page);
  const dialog = await openConnect(page);
  const url = dialog.getByLabel('Workspace URL');
  const token = dialog.getByLabel('Admin token');
  const connect = dialog.getByRole('button', { name: 'Connect' });

  // Nothing listens on port 1.
  await url.fill('http://127.0.0.1:1');
  await token.fill(service.ownerToken);
  await connect.click();
  await expect(dialog.getByText(/Can.t reach 127\.0\.0\.1:1: .*Check the address/)).toBeVisible();
  await expect(url).toHaveAttribute('aria-invalid', 'true');

  // The right address with a well-formed admin token that the service never issued.
  await url.fill(service.url);
  await token.fill(generateCredential('lsa_'));
  await connect.click();
  await expect(dialog.getByText(/did not accept this admin token: it is wrong, revoked or expired/)).toBeVisible();
  await expect(token).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText(/Can.t reach/)).toHaveCount(0);

  // A malformed token, in a freshly opened dialog (so the sentence can't be left over).
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  const again = await openConnect(page);
  await again.getByLabel('Workspace URL').fill(service.url);
  await again.getByLabel('Admin token').fill('not-a-token');
  await again.getByRole('button', { name: 'Connect' }).click();
  await expect(again.getByText(/did not accept this admin token: it is wrong, revoked or expired/)).toBeVisible();
  await expect(again.getByLabel('Admin token')).toHaveAttribute('aria-invalid', 'true');

  await again.getByRole('button', { name: 'Cancel' }).click();
  await expect(again).toHaveCount(0);
  expect(await workspaceCount(page)).toBe(before);
  await expect(sidebar(page).getByRole('button', { name: new RegExp(`^${workspaceName}`) })).toHaveCount(0);
});

test('Escape still closes the Connect dialog after a failed attempt', async ({ page }) => {
  await openApp(page, harness);
  const dialog = await openConnect(page);
  await dialog.getByLabel('Workspace URL').fill('http://127.0.0.1:1');
  await dialog.getByLabel('Admin token').fill(generateCredential('lsa_'));
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByText(/Can.t reach 127\.0\.0\.1:1/)).toBeVisible();
  // The user reads the sentence and gives up: Escape must close the dialog, wherever focus went.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('connecting a second workspace lists it in the sidebar with its keys', async ({ page }) => {
  await openApp(page, harness);
  const dialog = await openConnect(page);
  await dialog.getByLabel('Workspace URL').fill(service.url);
  await dialog.getByLabel('Admin token').fill(service.ownerToken);
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog).toHaveCount(0);

  const item = sidebar(page).getByRole('button', { name: new RegExp(`^${workspaceName}`) });
  await expect(item).toBeVisible();
  await expect(sidebar(page).getByRole('button', { name: /Local workspace/ })).toBeVisible();
  await item.click();
  await expect(item).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 1, name: workspaceName })).toBeVisible();
  const row = keyRow(page, remoteKeyName);
  await expect(row).toBeVisible();
  await expect(row).toContainText(`${remoteKeyPrefix}…`);
  await expect(row).toContainText('SCIM');
  await expect(row).toContainText('Active');

  // It is still there after a reload (saved, not only shown).
  await page.reload();
  await expect(sidebar(page).getByRole('button', { name: new RegExp(`^${workspaceName}`) })).toBeVisible();
});
