/**
 * The keys of managed workspaces (local and remote): listed live when the service answers and from
 * the cache when it doesn't, created with the secret put in the keychain before the call returns,
 * edited and revoked through the service. External keys are handled by ExternalKeyService.
 */
import type {
  ApiKey,
  CreateApiKeyRequest,
  KeyUses,
  RotateApiKeyResponse,
  UpdateApiKeyRequest,
} from '../../../shared/api/index.ts';
import type { Clock } from '../../../shared/clock.ts';
import { errorMessage } from '../../../shared/error-message.ts';
import type { CreatedKeyView, KeyListView, VaultKey } from '../../../shared/ipc/index.ts';
import type { ManagementClient } from '../client/management-client.ts';
import { AppError } from '../errors.ts';
import type { CoreEvents } from '../events.ts';
import type { SecretStore } from '../ports.ts';
import { keySecretAccount } from '../secrets/accounts.ts';
import type { KeyCacheRepository } from '../store/key-cache-repository.ts';
import { entryId, type VaultEntryRepository } from '../store/vault-entry-repository.ts';
import type { WorkspaceRecord, WorkspaceRepository } from '../store/workspace-repository.ts';
import type { WorkspaceClients } from '../workspaces/workspace-clients.ts';
import { vaultKeyFromApiKey } from './vault-key.ts';

/** After a failed sync, lists come straight from the cache for this long, so an offline app stays fast. */
const OFFLINE_GRACE_MS = 15_000;

export interface KeyServiceDeps {
  workspaces: WorkspaceRepository;
  cache: KeyCacheRepository;
  vaultEntries: VaultEntryRepository;
  clients: WorkspaceClients;
  secrets: SecretStore;
  clock: Clock;
  events: CoreEvents;
  keychain: { available: boolean; message: string | null };
  /** Called after anything that changes keys or their workspace's state (tray badge, counts). */
  onKeysChanged: () => void;
}

export class KeyService {
  readonly #deps: KeyServiceDeps;
  /** Real (monotonic) time of each workspace's last failed sync. */
  readonly #lastFailure = new Map<string, number>();

  constructor(deps: KeyServiceDeps) {
    this.#deps = deps;
  }

  async list(workspace: WorkspaceRecord): Promise<KeyListView> {
    const failedAt = this.#lastFailure.get(workspace.id);
    if (
      workspace.connection === 'offline' &&
      failedAt !== undefined &&
      performance.now() - failedAt < OFFLINE_GRACE_MS
    ) {
      return this.#cachedView(workspace, workspace.connectionMessage);
    }
    return this.refresh(workspace);
  }

  /** Asks the service for the whole list; falls back to the cache when it can't be reached. */
  async refresh(workspace: WorkspaceRecord): Promise<KeyListView> {
    const { cache, workspaces, clock, events } = this.#deps;
    try {
      const client = await this.#deps.clients.clientFor(workspace);
      const keys = await client.listKeys();
      // Removed while the list was on the wire: there is nothing left to show or cache.
      if (!workspaces.find(workspace.id)) throw new AppError('not_found', 'This workspace is no longer in Keywarden.');
      const at = clock.now().toISOString();
      const keysChanged = cache.replace(workspace.id, keys, at);
      workspaces.markSynced(workspace.id, at);
      this.#lastFailure.delete(workspace.id);
      if (keysChanged) events.emit('keys:changed', { workspaceId: workspace.id });
      if (keysChanged || workspace.connection !== 'online') {
        events.emit('workspaces:changed', {});
        this.#deps.onKeysChanged();
      }
      return { keys: this.#toVaultKeys(workspace.id), source: 'live', syncedAt: at, staleReason: null };
    } catch (error) {
      if (!this.#noteConnectionFailure(workspace, error)) throw error;
      return this.#cachedView(workspace, (error as AppError).message);
    }
  }

  async create(workspace: WorkspaceRecord, request: CreateApiKeyRequest): Promise<CreatedKeyView> {
    this.#assertWritable(workspace);
    const { apiKey, secret } = await this.#withClient(workspace, (client) => client.createKey(request));
    const now = this.#deps.clock.now();
    let stored = false;
    let keychainWarning: string | null = null;
    try {
      await this.#deps.secrets.set(keySecretAccount(workspace.id, apiKey.id), secret);
      this.#deps.vaultEntries.add(workspace.id, apiKey.id, now.toISOString());
      stored = this.#deps.keychain.available;
      if (!stored) {
        keychainWarning =
          'Your system keychain is not available, so this secret is kept in memory until Keywarden quits. Copy it somewhere safe now: it will not be shown again.';
      }
    } catch (error) {
      keychainWarning = `Keywarden could not save this secret in your system keychain (${errorMessage(error)}). Copy it somewhere safe now: it will not be shown again.`;
    }
    this.#deps.cache.put(workspace.id, apiKey, now.toISOString());
    this.#changed(workspace.id);
    return {
      key: vaultKeyFromApiKey(workspace.id, apiKey, now, this.#hasSecret(workspace.id, apiKey.id)),
      secret,
      storedInKeychain: stored,
      keychainWarning,
    };
  }

  async update(workspace: WorkspaceRecord, keyId: string, patch: UpdateApiKeyRequest): Promise<VaultKey> {
    this.#assertWritable(workspace);
    const key = await this.#withClient(workspace, (client) => client.updateKey(keyId, patch));
    const now = this.#deps.clock.now();
    this.#deps.cache.put(workspace.id, key, now.toISOString());
    this.#changed(workspace.id);
    return vaultKeyFromApiKey(workspace.id, key, now, this.#hasSecret(workspace.id, keyId));
  }

  /**
   * Revokes the key for good. Its secret leaves the keychain too: it can no longer authenticate
   * anything, and a vault holding dead secrets only adds to what could leak.
   */
  async revoke(workspace: WorkspaceRecord, keyId: string, reason?: string): Promise<VaultKey> {
    this.#assertWritable(workspace);
    const key = await this.#withClient(workspace, (client) => client.revokeKey(keyId, reason));
    const now = this.#deps.clock.now();
    this.#deps.cache.put(workspace.id, key, now.toISOString());
    try {
      await this.#deps.secrets.delete(keySecretAccount(workspace.id, keyId));
      this.#deps.vaultEntries.remove(workspace.id, keyId);
    } catch {
      // The key is revoked either way; a leftover entry is removed with the workspace.
    }
    this.#changed(workspace.id);
    return vaultKeyFromApiKey(workspace.id, key, now, this.#hasSecret(workspace.id, keyId));
  }

  /**
   * Issues a successor at the service and caches both keys. The secret is the caller's to keep:
   * RotationService writes it to the keychain and says plainly when it can't.
   */
  async rotate(workspace: WorkspaceRecord, keyId: string, overlapSeconds: number): Promise<RotateApiKeyResponse> {
    this.assertWritable(workspace);
    const rotated = await this.#withClient(workspace, (client) => client.rotateKey(keyId, overlapSeconds));
    const at = this.#deps.clock.now().toISOString();
    this.#deps.cache.put(workspace.id, rotated.previous, at);
    this.#deps.cache.put(workspace.id, rotated.apiKey, at);
    this.#changed(workspace.id);
    return rotated;
  }

  /** One key as the service has it now (its last use, its rotation link), kept in the cache too. */
  async fetch(workspace: WorkspaceRecord, keyId: string): Promise<ApiKey> {
    const key = await this.#withClient(workspace, (client) => client.getKey(keyId));
    this.#deps.cache.put(workspace.id, key, this.#deps.clock.now().toISOString());
    return key;
  }

  /** The key's requests since a time, newest first. */
  uses(workspace: WorkspaceRecord, keyId: string, since: string, limit = 1000): Promise<KeyUses> {
    return this.#withClient(workspace, (client) => client.keyUses(keyId, since, limit));
  }

  /** Refuses, with the sentence the user reads, a change through a read-only (auditor) connection. */
  assertWritable(workspace: WorkspaceRecord): void {
    this.#assertWritable(workspace);
  }

  /** Runs a call against the workspace's service; a lost connection or token shows in the sidebar. */
  async #withClient<T>(workspace: WorkspaceRecord, call: (client: ManagementClient) => Promise<T>): Promise<T> {
    try {
      return await call(await this.#deps.clients.clientFor(workspace));
    } catch (error) {
      this.#noteConnectionFailure(workspace, error);
      throw error;
    }
  }

  /** Records an unreachable service or a refused token on the workspace; false for any other error. */
  #noteConnectionFailure(workspace: WorkspaceRecord, error: unknown): boolean {
    if (!(error instanceof AppError)) return false;
    if (error.code !== 'workspace_unreachable' && error.code !== 'workspace_auth_failed') return false;
    this.#lastFailure.set(workspace.id, performance.now());
    const connection = error.code === 'workspace_unreachable' ? 'offline' : 'auth_failed';
    if (workspace.connection !== connection || workspace.connectionMessage !== error.message) {
      this.#deps.workspaces.setConnection(workspace.id, connection, error.message);
      this.#deps.events.emit('workspaces:changed', {});
    }
    return true;
  }

  #cachedView(workspace: WorkspaceRecord, reason: string | null): KeyListView {
    const fresh = this.#deps.workspaces.find(workspace.id) ?? workspace;
    return {
      keys: this.#toVaultKeys(workspace.id),
      source: 'cache',
      syncedAt: fresh.lastSyncedAt,
      staleReason: reason ?? `${workspace.name} can't be reached; these are the last known keys.`,
    };
  }

  #toVaultKeys(workspaceId: string): VaultKey[] {
    const now = this.#deps.clock.now();
    const inVault = this.#deps.vaultEntries.keys();
    return this.#deps.cache
      .list(workspaceId)
      .map((key) => vaultKeyFromApiKey(workspaceId, key, now, inVault.has(entryId(workspaceId, key.id))));
  }

  #hasSecret(workspaceId: string, keyId: string): boolean {
    return this.#deps.vaultEntries.has(workspaceId, keyId);
  }

  #assertWritable(workspace: WorkspaceRecord): void {
    if (workspace.role === 'auditor') {
      throw new AppError(
        'forbidden',
        `${workspace.name} is connected with an auditor token, which can read keys but not change them. Reconnect it with an admin token to create, edit or revoke keys.`,
      );
    }
  }

  #changed(workspaceId: string): void {
    this.#deps.events.emit('keys:changed', { workspaceId });
    this.#deps.events.emit('workspaces:changed', {});
    this.#deps.onKeysChanged();
  }
}
