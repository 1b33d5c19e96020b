/**
 * One management client per workspace, built from its saved address and the admin token in the
 * keychain. Tokens are read from the keychain once per session, then kept in memory.
 */
import { ManagementClient } from '../client/management-client.ts';
import { AppError, keychainUnavailable } from '../errors.ts';
import type { SecretStore } from '../ports.ts';
import { adminTokenAccount } from '../secrets/accounts.ts';
import type { WorkspaceRecord } from '../store/workspace-repository.ts';

export class WorkspaceClients {
  readonly #secrets: SecretStore;
  readonly #fetch: typeof fetch;
  readonly #tokens = new Map<string, string>();

  constructor(secrets: SecretStore, fetchPort: typeof fetch) {
    this.#secrets = secrets;
    this.#fetch = fetchPort;
  }

  /** A client for a URL and token that are not saved yet (checking a workspace before connecting). */
  forAddress(
    baseUrl: string,
    token: string,
    options: { timeoutMs?: number; readRetries?: number } = {},
  ): ManagementClient {
    return new ManagementClient({ baseUrl, token, fetch: this.#fetch, ...options });
  }

  async clientFor(workspace: WorkspaceRecord): Promise<ManagementClient> {
    if (!workspace.url) throw new AppError('unsupported', `${workspace.name} has no management service.`);
    let token = this.#tokens.get(workspace.id);
    if (token === undefined) {
      token = (await this.#readToken(workspace)) ?? undefined;
      if (token === undefined) {
        throw new AppError(
          'workspace_auth_failed',
          `The admin token for ${workspace.name} is not in this device's keychain: reconnect the workspace with its token.`,
        );
      }
      this.#tokens.set(workspace.id, token);
    }
    return this.forAddress(workspace.url, token);
  }

  remember(workspaceId: string, token: string): void {
    this.#tokens.set(workspaceId, token);
  }

  forget(workspaceId: string): void {
    this.#tokens.delete(workspaceId);
  }

  async #readToken(workspace: WorkspaceRecord): Promise<string | null> {
    try {
      return await this.#secrets.get(adminTokenAccount(workspace.id));
    } catch (error) {
      throw keychainUnavailable(`read ${workspace.name}'s admin token from your system keychain`, error);
    }
  }
}
