/**
 * A remote workspace the desktop connects to: a management service with its own data directory on
 * 127.0.0.1, which can go away and come back on the same address, and whose owner can mint and
 * revoke the admin tokens the desktop uses. The e2e tests and `npm run screenshots` reach the
 * offline and reconnect states through it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import type { KeyScope } from '../../src/shared/api/index.ts';
import { createAdminToken, initWorkspace, startServer, type RunningServer } from '../../src/server/index.ts';
import { callService, keyRow } from './fixtures.ts';

export class RemoteWorkspace {
  readonly name: string;
  readonly url: string;
  readonly ownerToken: string;
  readonly #dataDir: string;
  readonly #port: number;
  #server: RunningServer | null;

  private constructor(name: string, dataDir: string, ownerToken: string, server: RunningServer) {
    this.name = name;
    this.url = server.url;
    this.ownerToken = ownerToken;
    this.#dataDir = dataDir;
    this.#port = server.port;
    this.#server = server;
  }

  static async start(name: string): Promise<RemoteWorkspace> {
    const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-e2e-remote-'));
    const { ownerToken } = await initWorkspace({ dataDir, name });
    const server = await startServer({ dataDir, host: '127.0.0.1', port: 0 });
    return new RemoteWorkspace(name, dataDir, ownerToken, server);
  }

  /** Creates a key as the workspace's owner; the desktop sees it on its next sync. */
  async createKey(name: string, scope: KeyScope, expiresAt?: string): Promise<void> {
    const created = await callService(this.url, this.ownerToken, 'POST', '/v1/api-keys', { name, scope, expiresAt });
    if (created.status !== 201) throw new Error(`Creating ${name} answered ${created.status}.`);
  }

  /** An admin token for the desktop to connect with. */
  mintAdminToken(name: string): Promise<{ id: string; token: string }> {
    return createAdminToken({ dataDir: this.#dataDir, role: 'admin', name });
  }

  async revokeAdminToken(id: string): Promise<void> {
    const revoked = await callService(this.url, this.ownerToken, 'POST', `/v1/admin-tokens/${id}/revoke`);
    if (revoked.status !== 200) throw new Error(`Revoking admin token ${id} answered ${revoked.status}.`);
  }

  /** Stops answering, as a service that went down; its data stays for `comeBack`. */
  async goAway(): Promise<void> {
    await this.#server?.close();
    this.#server = null;
  }

  /** Answers again on the same address, with the same data. */
  async comeBack(): Promise<void> {
    this.#server = await startServer({ dataDir: this.#dataDir, host: '127.0.0.1', port: this.#port });
  }

  async close(): Promise<void> {
    await this.goAway();
    rmSync(this.#dataDir, { recursive: true, force: true });
  }

  /** The workspace's entry in the app's sidebar. */
  sidebarItem(page: Page): Locator {
    return page
      .getByRole('navigation', { name: 'Workspaces' })
      .getByRole('button', { name: new RegExp(`^${this.name}`) });
  }

  /** Connects the app to this workspace through the Connect dialog and opens it, showing `keyName`. */
  async connectThroughDialog(page: Page, token: string, keyName: string): Promise<void> {
    await page
      .getByRole('navigation', { name: 'Workspaces' })
      .getByRole('button', { name: 'Connect a workspace' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Connect a workspace' });
    await dialog.getByLabel('Workspace URL').fill(this.url);
    await dialog.getByLabel('Admin token').fill(token);
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(dialog).toHaveCount(0);
    await this.sidebarItem(page).click();
    await expect(keyRow(page, keyName)).toContainText('Active');
  }
}

/** The banner a remote workspace shows when its service does not answer. */
export function offlineBanner(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: 'Showing the last known keys' });
}

/** The banner a remote workspace shows when its service refuses the desktop's admin token. */
export function reconnectBanner(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: 'admin token was revoked or expired' });
}
