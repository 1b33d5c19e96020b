/**
 * Shared steps for the browser-harness e2e specs: open the app, create a key through the Create
 * key dialog as a user would, find a key's row, and start a second management service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { initWorkspace, startServer } from '../../src/server/index.ts';
import type { HarnessProcess } from './harness.ts';

export const SECRET_PATTERN = /^lsk_(live|test)_[0-9A-Za-z]{38}$/;

export type ScopeName = 'SCIM' | 'On Premise' | 'Public APIs';

/** A name no other test (or earlier run) uses. */
export function uniqueName(base: string): string {
  return `${base} ${Math.random().toString(36).slice(2, 8)}`;
}

export type ViewName = 'Keys' | 'Dashboard' | 'Audit' | 'Settings';

/** The app's one navigation (Keys, Dashboard, Audit, Settings). */
export function mainNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main' });
}

/** The navigation's entry for a view (the Dashboard's name also carries its count). */
export function viewButton(page: Page, view: ViewName): Locator {
  return mainNav(page).getByRole('button', { name: new RegExp(`^${view}`) });
}

/** Opens a view from the navigation, by mouse, unless it is open already. */
export async function showView(page: Page, view: ViewName): Promise<void> {
  const button = viewButton(page, view);
  if ((await button.getAttribute('aria-current')) !== 'page') await button.click();
  await expect(button).toHaveAttribute('aria-current', 'page');
}

/**
 * Opens the app and waits for its start view (the dashboard when something needs attention, else
 * the keys); then, unless told to stay there, opens the Keys view with the local workspace's keys loaded.
 */
export async function openApp(page: Page, harness: HarnessProcess, stay: 'keys' | 'start' = 'keys'): Promise<void> {
  await page.goto(harness.url);
  await expect(page.getByRole('navigation', { name: 'Workspaces' })).toBeVisible();
  await expect(page.getByRole('main')).toHaveAttribute('aria-busy', 'false');
  if (stay === 'keys') await showView(page, 'Keys');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByLabel('Loading keys')).toHaveCount(0);
}

export function createDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Create an API key' });
}

export function showOnceDialog(page: Page): Locator {
  return page.getByRole('alertdialog', { name: 'Copy your new API key' });
}

/** The row of the keys grid that holds this (unique) key name. */
export function keyRow(page: Page, name: string): Locator {
  return page.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
}

export function scopeRadio(scope: Locator, name: ScopeName): Locator {
  return scope.getByRole('radio', { name: new RegExp(`^${name}`) });
}

/** yyyy-mm-dd (local time) `days` after the harness clock's now, the value of the expiry date input. */
export async function dateInDays(harness: HarnessProcess, days: number): Promise<string> {
  const now = (await harness.request<{ now: string }>('GET', '/__harness/clock')).body.now;
  const d = new Date(Date.parse(now) + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export interface CreateKeyOptions {
  name: string;
  scope: ScopeName;
  expiresOn?: string;
  environment?: 'Live' | 'Test';
  check?: string[];
}

/** Opens the Create key dialog from the toolbar and fills it, without submitting; returns the dialog. */
export async function fillCreateKeyDialog(page: Page, options: CreateKeyOptions): Promise<Locator> {
  await page.getByRole('search').getByRole('button', { name: 'Create key' }).click();
  const dialog = createDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Name').fill(options.name);
  await scopeRadio(dialog, options.scope).check();
  for (const label of options.check ?? []) await dialog.getByRole('checkbox', { name: label }).check();
  if (options.environment) await dialog.getByRole('radio', { name: options.environment, exact: true }).check();
  if (options.expiresOn) await dialog.getByLabel('Expires on').fill(options.expiresOn);
  return dialog;
}

/**
 * Creates a key through the Create key dialog and returns the secret the show-once view shows
 * (the view is left open).
 */
export async function createKeyThroughDialog(page: Page, options: CreateKeyOptions): Promise<string> {
  const dialog = await fillCreateKeyDialog(page, options);
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const view = showOnceDialog(page);
  await expect(view).toBeVisible();
  const secret = (await view.getByLabel('New API key secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(SECRET_PATTERN);
  return secret;
}

/** Closes the show-once view with "I have stored it". */
export async function confirmStored(page: Page): Promise<void> {
  await showOnceDialog(page).getByRole('button', { name: 'I have stored it' }).click();
  await expect(showOnceDialog(page)).toHaveCount(0);
}

export interface ManagementService {
  url: string;
  ownerToken: string;
  close(): Promise<void>;
}

/** A separate management service (its own data directory), on 127.0.0.1 with a free port. */
export async function startManagementService(name: string): Promise<ManagementService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-e2e-service-'));
  const { ownerToken } = await initWorkspace({ dataDir, name });
  const server = await startServer({ dataDir, host: '127.0.0.1', port: 0 });
  return {
    url: server.url,
    ownerToken,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Calls a management service's HTTP API with a bearer credential. */
export async function callService<T = unknown>(
  baseUrl: string,
  bearer: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}
