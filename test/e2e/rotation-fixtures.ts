/**
 * Steps shared by the rotation e2e specs, the accessibility spec and the screenshots: add a `.env`
 * destination through the key details as a user would, find the wizard, read what a `.env` file
 * holds, and send requests to the local workspace with a key's secret.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { expect, type Locator, type Page } from '@playwright/test';
import { callService } from './fixtures.ts';

const folders: string[] = [];

/** A private folder for this test's `.env` files; removeEnvFolders deletes them all. */
export function envFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'keywarden-e2e-env-'));
  folders.push(folder);
  return folder;
}

export function removeEnvFolders(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

export function detailsPanel(page: Page): Locator {
  return page.getByRole('complementary');
}

export function destinations(page: Page): Locator {
  return detailsPanel(page).getByRole('region', { name: 'Destinations' });
}

export function targetDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: /^(Add a destination|Edit )/ });
}

/** The rotation wizard of a key (also the leaked-key path's). */
export function wizard(page: Page, keyName: string): Locator {
  return page
    .getByRole('dialog', { name: `Rotate ${keyName}` })
    .or(
      page
        .getByRole('alertdialog', { name: `This key leaked: ${keyName}` })
        .or(page.getByRole('dialog', { name: `This key leaked: ${keyName}` })),
    );
}

export function stepTitle(page: Page, keyName: string): Locator {
  return wizard(page, keyName).getByRole('heading', { level: 3 }).first();
}

/** Adds a `.env` destination from the open key details; returns once it is listed. */
export async function addEnvDestination(
  page: Page,
  target: { label: string; path: string; name: string },
): Promise<void> {
  await destinations(page).getByRole('button', { name: 'Add destination…' }).click();
  const dialog = targetDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Kind').selectOption({ label: '.env file' });
  await dialog.getByLabel('Label (optional)').fill(target.label);
  await dialog.getByLabel('File').fill(target.path);
  await dialog.getByLabel('Variable name').fill(target.name);
  await dialog.getByRole('button', { name: 'Add destination' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(destinations(page).getByText(target.label, { exact: true }).first()).toBeVisible();
}

/** The value of one variable in a `.env` file, read back the way dotenv reads it. */
export function envValue(path: string, name: string): string | undefined {
  return parse(readFileSync(path, 'utf8'))[name];
}

export async function localWorkspaceUrl(page: Page): Promise<string> {
  const list = await page.evaluate(() => window.keywarden.workspaces.list());
  if (!list.ok) throw new Error(list.message);
  const local = list.value.find((workspace) => workspace.kind === 'local');
  if (!local?.url) throw new Error('No local workspace URL');
  return local.url;
}

/** One authenticated request with this secret; answers the HTTP status. */
export async function useSecret(baseUrl: string, secret: string): Promise<number> {
  return (await callService(baseUrl, secret, 'GET', '/v1/whoami')).status;
}
