/**
 * Create a key of each scope through the Create key dialog, copy its secret
 * from the show-once view (recorded clipboard write, cleared 30 s later on the core's clock), and
 * revoke one from the details panel, after which the service refuses its secret.
 */
import { expect, test, type Page } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import {
  callService,
  confirmStored,
  createKeyThroughDialog,
  keyRow,
  openApp,
  showOnceDialog,
  uniqueName,
  type ScopeName,
} from './fixtures.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

async function localWorkspaceUrl(page: Page): Promise<string> {
  const list = await page.evaluate(() => window.keywarden.workspaces.list());
  if (!list.ok) throw new Error(list.message);
  const local = list.value.find((workspace) => workspace.kind === 'local');
  if (!local?.url) throw new Error('No local workspace URL');
  return local.url;
}

type WhoAmI = {
  apiKey: {
    name: string;
    prefix: string;
    scope: string;
    options: { retrieveSignatures: boolean; sendDirectoryInfo: boolean } | null;
  };
};

const SCOPES: { scope: ScopeName; api: string; check: string[]; options: WhoAmI['apiKey']['options'] }[] = [
  { scope: 'SCIM', api: 'scim', check: ['Enable SCIM custom attributes'], options: null },
  {
    scope: 'On Premise',
    api: 'on_premise',
    check: ['Allow your script to retrieve signatures', 'Allow your script to send directory (AD) information'],
    options: { retrieveSignatures: true, sendDirectoryInfo: true },
  },
  { scope: 'Public APIs', api: 'public_api', check: [], options: null },
];

for (const { scope, api, check, options } of SCOPES) {
  test(`create a ${scope} key: show once, copy, clipboard cleared after 30 s, listed with its label`, async ({
    page,
  }) => {
    await openApp(page, harness);
    const name = uniqueName(`${scope} key`);
    const secret = await createKeyThroughDialog(page, { name, scope, check });
    const view = showOnceDialog(page);
    await expect(view).toContainText(name);
    await expect(view.getByText(/Stored in your keychain/)).toBeVisible();

    const writesBefore = (await harness.events('clipboard')).filter((e) => e.data.action === 'write').length;
    await view.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(view.getByRole('status')).toContainText('Copied — clears in 30 s');
    const writes = (await harness.events('clipboard')).filter((e) => e.data.action === 'write');
    expect(writes).toHaveLength(writesBefore + 1);
    expect(writes.at(-1)!.data.text).toBe(secret);

    const clearsBefore = (await harness.events('clipboard')).filter((e) => e.data.action === 'clear').length;
    await harness.advanceSeconds(31);
    await expect
      .poll(async () => (await harness.events('clipboard')).filter((e) => e.data.action === 'clear').length)
      .toBe(clearsBefore + 1);
    const last = (await harness.events('clipboard')).at(-1)!;
    expect(last.data).toMatchObject({ action: 'clear', text: '' });

    await confirmStored(page);
    expect(await page.content()).not.toContain(secret);
    expect(await page.evaluate((s) => document.body.innerText.includes(s), secret)).toBe(false);

    const row = keyRow(page, name);
    await expect(row).toBeVisible();
    await expect(row).toContainText(`${secret.slice(0, 12)}…`);
    await expect(row.locator('.keys-grid__cell--scope')).toHaveText(scope);
    await expect(row).toContainText('Active');
    expect(await page.content()).not.toContain(secret);

    // The key works against the service, with the scope and options chosen in the dialog.
    const whoami = await callService<WhoAmI>(await localWorkspaceUrl(page), secret, 'GET', '/v1/whoami');
    expect(whoami.status).toBe(200);
    expect(whoami.body.apiKey).toMatchObject({ name, prefix: secret.slice(0, 12), scope: api });
    if (options) expect(whoami.body.apiKey.options).toEqual(options);
  });
}

test('revoke from the details panel: confirmation names the key, row shows Revoked, the service refuses the secret', async ({
  page,
}) => {
  await openApp(page, harness);
  const name = uniqueName('Revoke me');
  const secret = await createKeyThroughDialog(page, { name, scope: 'Public APIs' });
  await confirmStored(page);
  const url = await localWorkspaceUrl(page);
  // The UI shows the workspace's address too.
  await expect(page.locator('.keys-view__header')).toContainText(url);
  expect((await callService(url, secret, 'GET', '/v1/whoami')).status).toBe(200);

  await keyRow(page, name).click();
  const details = page.getByRole('complementary', { name });
  await expect(details).toBeVisible();
  await details.getByRole('button', { name: 'Revoke…' }).click();

  const confirm = page.getByRole('alertdialog', { name: `Revoke ${name}?` });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText(name);
  await expect(confirm).toContainText(secret.slice(0, 12));
  await expect(confirm).toContainText(/permanent/);
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByLabel('Reason (optional)').fill('e2e: leaked in a log');
  await confirm.getByRole('button', { name: 'Revoke permanently' }).click();
  await expect(confirm).toHaveCount(0);

  await expect(keyRow(page, name)).toContainText('Revoked');
  await expect(details).toContainText('Revoked');
  await expect(details.getByRole('button', { name: 'Revoke…' })).toHaveCount(0);

  const refused = await callService(url, secret, 'GET', '/v1/whoami');
  expect(refused.status).toBe(401);
  expect(refused.body).toEqual({ error: 'Unauthorized', code: 'invalid_key' });
});
