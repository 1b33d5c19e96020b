/**
 * The rotation wizard on the embedded workspace, through the browser harness and the real core:
 * destinations added in the key's details (the shared schema's field errors, the sign-in check),
 * the whole wizard with two `.env` destinations (one failing because its folder doesn't exist,
 * then retried), resumed after the page reloads, traffic moving, an early revoke refused while the
 * old key is in use, and the leaked-key path with its audit. The files get the new secret; no
 * secret ever reaches the harness's events.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { HarnessProcess } from './harness.ts';
import { confirmStored, createKeyThroughDialog, keyRow, openApp, SECRET_PATTERN, uniqueName } from './fixtures.ts';
import {
  addEnvDestination,
  destinations,
  detailsPanel,
  envFolder,
  envValue,
  localWorkspaceUrl,
  removeEnvFolders,
  stepTitle,
  targetDialog,
  useSecret,
  wizard,
} from './rotation-fixtures.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => {
  await harness.stop();
  removeEnvFolders();
});

async function expectNoSecretInEvents(...secrets: string[]): Promise<void> {
  const events = JSON.stringify(await harness.events());
  for (const secret of secrets) expect(events).not.toContain(secret);
}

test('the whole wizard: two .env destinations, one failing then retried, resumed after a reload', async ({ page }) => {
  const folder = envFolder();
  const appEnv = join(folder, 'app', '.env');
  const workerEnv = join(folder, 'worker', '.env');
  mkdirSync(join(folder, 'app'));
  writeFileSync(appEnv, '# billing\nOTHER=1\nBILLING_API_KEY=placeholder\n');

  await openApp(page, harness);
  const name = uniqueName('Billing API');
  const oldSecret = await createKeyThroughDialog(page, { name, scope: 'Public APIs' });
  await confirmStored(page);
  await keyRow(page, name).click();
  await expect(destinations(page)).toContainText('None yet');

  // The kind's own rules, checked by the shared schema, one sentence at each field.
  await destinations(page).getByRole('button', { name: 'Add destination…' }).click();
  const dialog = targetDialog(page);
  await dialog.getByLabel('File').fill('relative/.env');
  await dialog.getByLabel('Variable name').fill('1BAD');
  await dialog.getByRole('button', { name: 'Add destination' }).click();
  await expect(dialog.getByLabel('File')).toHaveAccessibleDescription(/must be absolute/);
  await expect(dialog.getByLabel('File')).toBeFocused();
  await expect(dialog.getByLabel('Variable name')).toHaveAccessibleDescription(/not starting with a digit/);
  // The sign-in check of a draft writes nothing; for a .env file it checks the folder.
  await dialog.getByLabel('File').fill(workerEnv);
  await dialog.getByLabel('Variable name').fill('API_KEY');
  await dialog.getByRole('button', { name: 'Test sign-in' }).click();
  await expect(dialog.getByRole('status')).toContainText(`The folder ${join(folder, 'worker')} doesn't exist`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await addEnvDestination(page, { label: 'app .env', path: appEnv, name: 'BILLING_API_KEY' });
  await addEnvDestination(page, { label: 'worker .env', path: workerEnv, name: 'API_KEY' });
  await destinations(page).getByRole('button', { name: 'Test app .env' }).click();
  await expect(destinations(page).getByText('Ready: Keywarden may write to this file’s folder.')).toBeVisible();

  // Step 1: the overlap, with a plain warning for "Immediately".
  await detailsPanel(page).getByRole('button', { name: 'Rotate…' }).click();
  const rotate = wizard(page, name);
  await expect(rotate).toBeVisible();
  await expect(rotate).toContainText('to its 2 destinations');
  // The keyboard starts on the chosen overlap, not on the riskiest one.
  await expect(rotate.getByRole('radio', { name: '24 hours' })).toBeFocused();
  await rotate.getByRole('radio', { name: 'Immediately' }).check();
  await expect(rotate.getByRole('note')).toContainText('The old key stops working the moment the new one exists');
  await rotate.getByRole('radio', { name: '1 hour' }).check();
  await expect(rotate.getByRole('note')).toHaveCount(0);
  await rotate.getByRole('button', { name: 'Create the new key' }).click();

  // Step 2: both waiting, then one done and one failed with the core's sentence.
  await expect(stepTitle(page, name)).toHaveText('Step 2 of 4: Distribute');
  await expect(stepTitle(page, name)).toBeFocused();
  const pushes = rotate.getByRole('list', { name: 'Destinations' });
  await expect(pushes.getByRole('listitem')).toHaveText([/app \.env\s*Waiting/, /worker \.env\s*Waiting/]);
  await rotate.getByRole('button', { name: 'Push to all 2 destinations' }).click();
  await expect(pushes.getByRole('listitem').filter({ hasText: 'app .env' })).toContainText('Done');
  const worker = pushes.getByRole('listitem').filter({ hasText: 'worker .env' });
  await expect(worker).toContainText('Failed');
  await expect(worker).toContainText(`Keywarden couldn't write ${workerEnv}`);
  await expect(rotate.getByRole('alert')).toContainText('1 of 2 destinations have the new secret.');
  const newSecret = envValue(appEnv, 'BILLING_API_KEY')!;
  expect(newSecret).toMatch(SECRET_PATTERN);
  expect(newSecret).not.toBe(oldSecret);
  expect(envValue(appEnv, 'OTHER')).toBe('1');

  // A reload forgets nothing: both keys' rows say so, and the wizard opens where it stopped.
  await page.reload();
  await openApp(page, harness);
  const rows = keyRow(page, name);
  await expect(rows).toHaveCount(2);
  for (const row of await rows.all()) await expect(row).toContainText('rotation in progress');
  await rows.filter({ hasText: oldSecret.slice(0, 12) }).click();
  await expect(detailsPanel(page).getByRole('status').filter({ hasText: 'Rotation in progress' })).toContainText(
    'Distribute stopped',
  );
  await detailsPanel(page).getByRole('button', { name: 'Continue rotation…' }).click();
  await expect(stepTitle(page, name)).toHaveText('Step 2 of 4: Distribute');
  await expect(stepTitle(page, name)).toBeFocused();
  await expect(worker).toContainText('Failed');

  // The folder now exists: retrying that one alone finishes the step.
  mkdirSync(join(folder, 'worker'));
  await worker.getByRole('button', { name: 'Retry worker .env' }).click();
  await expect(stepTitle(page, name)).toHaveText('Step 3 of 4: Verify');
  expect(envValue(workerEnv, 'API_KEY')).toBe(newSecret);
  expect(statSync(workerEnv).mode & 0o777).toBe(0o600);

  // Step 3: traffic from both keys, in the chart and in words.
  const url = await localWorkspaceUrl(page);
  expect(await useSecret(url, oldSecret)).toBe(200);
  expect(await useSecret(url, newSecret)).toBe(200);
  expect(await useSecret(url, newSecret)).toBe(200);
  await expect(rotate).toContainText('the old key made 1 request, the new key 2 requests', { timeout: 15_000 });
  await expect(rotate).toContainText('The new key was first used');
  await expect(rotate).toContainText(/Still in use by 127\.0\.0\.x/);
  await expect(rotate.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await rotate.getByRole('button', { name: 'Go on to retiring the old key' }).click();

  // Step 4: an early revoke is refused while the old key is in use, until confirmed.
  await expect(stepTitle(page, name)).toHaveText('Step 4 of 4: Retire');
  await expect(rotate).toContainText(/The old key stops working by itself on .* when the overlap ends/);
  await rotate.getByRole('button', { name: 'Revoke the old key now' }).click();
  const inUse = rotate.getByRole('group', { name: 'Revoke the old key while it is in use?' });
  await expect(inUse).toContainText(/Still in use by 127\.0\.0\.x, .*confirm to revoke anyway/);
  await inUse.getByRole('button', { name: 'Revoke anyway' }).click();
  await expect(stepTitle(page, name)).toHaveText('Done');
  await expect(rotate.getByRole('status').first()).toContainText('Rotation complete.');
  await expect(rotate).toContainText('in 2 of 2 destinations');
  expect(await useSecret(url, oldSecret)).toBe(401);
  expect(await useSecret(url, newSecret)).toBe(200);
  await rotate.getByRole('button', { name: 'Close' }).click();
  await expect(rows.filter({ hasText: 'rotation in progress' })).toHaveCount(0);
  await expect(rows.filter({ hasText: oldSecret.slice(0, 12) })).toContainText('Revoked');
  await expectNoSecretInEvents(oldSecret, newSecret);
});

test('the leaked-key path: from the row menu, no overlap, pushed everywhere, then the audit', async ({ page }) => {
  const folder = envFolder();
  const env = join(folder, '.env');
  await openApp(page, harness);
  const name = uniqueName('Leaked key');
  const oldSecret = await createKeyThroughDialog(page, { name, scope: 'SCIM' });
  await confirmStored(page);
  await keyRow(page, name).click();
  await addEnvDestination(page, { label: 'deploy .env', path: env, name: 'SCIM_TOKEN' });
  const url = await localWorkspaceUrl(page);
  expect(await useSecret(url, oldSecret)).toBe(200);
  await detailsPanel(page).getByRole('button', { name: 'Close details' }).click();

  // The row's menu, by keyboard once open.
  await keyRow(page, name)
    .getByRole('button', { name: `Actions for ${name}` })
    .click();
  const menu = page.getByRole('menu', { name: `Actions for ${name}` });
  await expect(menu.getByRole('menuitem', { name: 'Open details' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Rotate…' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');

  const leaked = page.getByRole('alertdialog', { name: `This key leaked: ${name}` });
  await expect(leaked).toContainText('the leaked key is revoked immediately');
  await expect(leaked.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expect(leaked.getByLabel('Show requests since')).not.toHaveValue('');
  await leaked.getByRole('button', { name: 'Revoke it and rotate now' }).click();

  const done = wizard(page, name);
  await expect(stepTitle(page, name)).toHaveText('Done');
  await expect(done).toContainText('The old key was revoked when the new one was made');
  const audit = done.getByRole('region', { name: 'Requests made with the leaked key' });
  await expect(audit.getByRole('row')).toHaveCount(2);
  await expect(audit.getByRole('cell').nth(1)).toHaveText('127.0.0.x');
  expect(await useSecret(url, oldSecret)).toBe(401);
  const newSecret = envValue(env, 'SCIM_TOKEN')!;
  expect(newSecret).toMatch(SECRET_PATTERN);
  expect(await useSecret(url, newSecret)).toBe(200);
  await expectNoSecretInEvents(oldSecret, newSecret);
});

test('an external key rotates as a checklist: paste (checked by its preset), push, confirm revoked', async ({
  page,
}) => {
  const folder = envFolder();
  const env = join(folder, '.env');
  const oldSecret = 'lsk_live_r0t4t3m30ld5ecr3tAAAAAAAAAAAAAA';
  const newSecret = 'lsk_live_r0t4t3m3n3w5ecr3tBBBBBBBBBBBBBB';
  await openApp(page, harness);
  await page.getByRole('navigation', { name: 'Workspaces' }).getByText('External keys').click();
  await page.getByRole('button', { name: 'Add external key' }).first().click();
  const add = page.getByRole('dialog', { name: 'Add an external key' });
  const name = uniqueName('Signing webhook');
  await add.getByLabel('Name').fill(name);
  await add.getByLabel('Provider', { exact: true }).selectOption({ label: 'letssign.now' });
  await add.getByLabel('Secret').fill(oldSecret);
  await add.getByRole('button', { name: 'Add to vault' }).click();
  await expect(add).toHaveCount(0);
  await keyRow(page, name).click();
  await addEnvDestination(page, { label: 'webhook .env', path: env, name: 'LETSSIGN_KEY' });

  // From the table's keyboard: Shift+F10 opens the active row's menu.
  await detailsPanel(page).getByRole('button', { name: 'Close details' }).click();
  await page.getByRole('grid').focus();
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: `Actions for ${name}` });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem')).toHaveText(['Open details', 'Rotate…', 'Remove from vault…']);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');

  const rotate = wizard(page, name);
  await expect(rotate).toContainText('Create a new key in letssign.now’s dashboard and paste it here');
  await rotate.getByRole('button', { name: 'Start the checklist' }).click();
  await expect(stepTitle(page, name)).toHaveText('Step 1 of 4: Paste the new secret');
  // The core checks the pasted secret with the key's preset; its sentence shows at the field.
  const field = rotate.getByLabel('New secret');
  await field.fill('sk_live_not-a-letssign-key');
  await rotate.getByRole('button', { name: 'Keep the new secret' }).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(/lsk_live_/);
  await field.fill(oldSecret);
  await rotate.getByRole('button', { name: 'Keep the new secret' }).click();
  await expect(field).toHaveAccessibleDescription(/This is the secret of the key you are replacing/);
  await field.fill(newSecret);
  await rotate.getByRole('button', { name: 'Keep the new secret' }).click();

  await expect(stepTitle(page, name)).toHaveText('Step 2 of 4: Distribute');
  await rotate.getByRole('button', { name: 'Push to the destination' }).click();
  // Nothing to watch for an external key: straight to confirming the old one revoked.
  await expect(stepTitle(page, name)).toHaveText('Step 4 of 4: Confirm revoked');
  await expect(rotate.getByRole('listitem').filter({ hasText: 'Verify' })).toContainText('skipped');
  expect(envValue(env, 'LETSSIGN_KEY')).toBe(newSecret);
  const confirm = rotate.getByRole('button', { name: 'Confirm and remove the old secret' });
  await expect(confirm).toBeDisabled();
  await rotate.getByRole('checkbox', { name: 'I revoked the old key in letssign.now’s dashboard' }).check();
  await confirm.click();
  await expect(stepTitle(page, name)).toHaveText('Done');
  await rotate.getByRole('button', { name: 'Close' }).click();
  // The old key left the vault; the new one holds the destination.
  await expect(keyRow(page, name)).toHaveCount(1);
  await expect(keyRow(page, name)).toContainText(newSecret.slice(0, 12));
  await expect(page.locator('body')).not.toContainText(newSecret);
  await expectNoSecretInEvents(oldSecret, newSecret);
});
