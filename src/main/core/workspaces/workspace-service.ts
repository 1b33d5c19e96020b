/**
 * The workspaces side by side in the sidebar: the local one, connected remote ones, and the
 * external-keys collection. Connecting checks the address and token against the service before
 * anything is saved; removing takes the workspace's secrets out of the keychain with it.
 */
import type { Clock } from '../../../shared/clock.ts';
import type { WorkspaceView } from '../../../shared/ipc/index.ts';
import type { KeyAttention } from '../attention/key-attention.ts';
import { AppError, keychainUnavailable } from '../errors.ts';
import type { CoreEvents } from '../events.ts';
import type { SecretStore } from '../ports.ts';
import { adminTokenAccount, parseAccount } from '../secrets/accounts.ts';
import type { ExternalKeyRepository } from '../store/external-key-repository.ts';
import type { KeyCacheRepository } from '../store/key-cache-repository.ts';
import {
  EXTERNAL_WORKSPACE_ID,
  type WorkspaceRecord,
  type WorkspaceRepository,
} from '../store/workspace-repository.ts';
import type { WorkspaceClients } from './workspace-clients.ts';
import { normaliseWorkspaceUrl } from './workspace-url.ts';

/** Connecting is interactive: answer fast instead of retrying a wrong address for long. */
const CONNECT_TIMEOUT_MS = 8000;

export interface WorkspaceServiceDeps {
  workspaces: WorkspaceRepository;
  cache: KeyCacheRepository;
  externalKeys: ExternalKeyRepository;
  clients: WorkspaceClients;
  secrets: SecretStore;
  clock: Clock;
  events: CoreEvents;
  attention: KeyAttention;
}

export class WorkspaceService {
  readonly #deps: WorkspaceServiceDeps;
  /** Changes running against each workspace; removal waits for them (see `change`). */
  readonly #changes = new Map<string, Set<Promise<unknown>>>();
  readonly #removing = new Set<string>();

  constructor(deps: WorkspaceServiceDeps) {
    this.#deps = deps;
  }

  /** The workspace, or `not_found` with a sentence. */
  get(workspaceId: string): WorkspaceRecord {
    const workspace = this.#removing.has(workspaceId) ? null : this.#deps.workspaces.find(workspaceId);
    if (!workspace) throw gone();
    return workspace;
  }

  /**
   * Runs a change (create, edit, revoke) against a workspace. Removing the workspace waits for
   * the changes already on the wire, so a key created meanwhile can't put its secret in the
   * keychain after removal has swept it, and refuses new ones.
   */
  async change<T>(workspaceId: string, run: (workspace: WorkspaceRecord) => Promise<T>): Promise<T> {
    const running = run(this.get(workspaceId));
    const changes = this.#changes.get(workspaceId) ?? new Set<Promise<unknown>>();
    this.#changes.set(workspaceId, changes);
    changes.add(running);
    try {
      return await running;
    } finally {
      changes.delete(running);
      if (changes.size === 0) this.#changes.delete(workspaceId);
    }
  }

  list(): WorkspaceView[] {
    const expiring = this.#deps.attention.expiringByWorkspace();
    const keyCounts = new Map<string, number>();
    for (const [workspaceId, keys] of this.#deps.cache.byWorkspace()) keyCounts.set(workspaceId, keys.length);
    keyCounts.set(EXTERNAL_WORKSPACE_ID, this.#deps.externalKeys.count());
    return this.#deps.workspaces.list().map((workspace) => ({
      id: workspace.id,
      name: workspace.name,
      kind: workspace.kind,
      url: workspace.url,
      connection: workspace.kind === 'external' ? 'online' : workspace.connection,
      connectionMessage: workspace.connection === 'online' ? null : workspace.connectionMessage,
      lastSyncedAt: workspace.lastSyncedAt,
      keyCount: keyCounts.get(workspace.id) ?? 0,
      expiringCount: expiring.get(workspace.id) ?? 0,
    }));
  }

  view(workspaceId: string): WorkspaceView {
    const view = this.list().find((workspace) => workspace.id === workspaceId);
    if (!view) throw gone();
    return view;
  }

  /**
   * Checks the address (health), the token (who it is) and the workspace, then saves it. Connecting
   * a workspace that is already there replaces its address and token: that is how a user
   * reconnects after its token was revoked.
   *
   * Roles: owner and admin tokens manage keys; an auditor token connects read-only (changes are
   * refused up front); a verifier token only checks keys, so it is refused.
   */
  async connect(input: { url: string; token: string; name?: string | undefined }): Promise<WorkspaceRecord> {
    const url = normaliseWorkspaceUrl(input.url);
    const client = this.#deps.clients.forAddress(url, input.token, { timeoutMs: CONNECT_TIMEOUT_MS, readRetries: 1 });
    await client.health();
    const tokenInfo = await client.adminToken().catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'workspace_auth_failed') {
        throw new AppError(
          'workspace_auth_failed',
          `${client.host} did not accept this admin token: it is wrong, revoked or expired. Check that you copied all of it, or create a new one.`,
        );
      }
      throw error;
    });
    if (tokenInfo.role === 'verifier') {
      throw new AppError(
        'forbidden',
        'This is a verifier token: it can only check keys, not list or manage them. Connect with an owner, admin or auditor token.',
      );
    }
    const remote = await client.workspace();
    const existing = this.#deps.workspaces.find(remote.id);
    if (existing && existing.kind !== 'remote') {
      throw new AppError('conflict', `This is ${existing.name}, which is already in Keywarden.`);
    }
    try {
      await this.#deps.secrets.set(adminTokenAccount(remote.id), input.token);
    } catch (error) {
      throw keychainUnavailable('save the admin token in your system keychain', error);
    }
    this.#deps.clients.remember(remote.id, input.token);
    this.#deps.workspaces.save({
      id: remote.id,
      name: input.name?.trim() || remote.name,
      kind: 'remote',
      url,
      role: tokenInfo.role,
      createdAt: existing?.createdAt ?? this.#deps.clock.now().toISOString(),
    });
    this.#deps.events.emit('workspaces:changed', {});
    return this.get(remote.id);
  }

  /** Saves the embedded local workspace at its address for this run. */
  saveLocal(workspaceId: string, name: string, url: string): void {
    const existing = this.#deps.workspaces.find(workspaceId);
    this.#deps.workspaces.save({
      id: workspaceId,
      name: existing?.name ?? name,
      kind: 'local',
      url,
      role: 'owner',
      createdAt: existing?.createdAt ?? this.#deps.clock.now().toISOString(),
    });
  }

  /** Removes a remote workspace, its cached keys and every secret of it from the keychain. */
  async remove(workspaceId: string): Promise<{ removedSecrets: number }> {
    const workspace = this.get(workspaceId);
    if (workspace.kind === 'local') {
      throw new AppError('unsupported', 'The local workspace is part of Keywarden and cannot be removed.');
    }
    if (workspace.kind === 'external') {
      throw new AppError('unsupported', 'The external keys collection is always there: remove its keys one by one.');
    }
    this.#removing.add(workspaceId);
    try {
      await Promise.allSettled(this.#changes.get(workspaceId) ?? []);
      return await this.#removeNow(workspace);
    } finally {
      this.#removing.delete(workspaceId);
    }
  }

  async #removeNow(workspace: WorkspaceRecord): Promise<{ removedSecrets: number }> {
    const workspaceId = workspace.id;
    let accounts: string[];
    try {
      accounts = await this.#deps.secrets.list();
    } catch (error) {
      // Removing the workspace but leaving its secrets behind would be worse than not removing it.
      throw keychainUnavailable(`reach your system keychain to remove ${workspace.name}'s secrets`, error);
    }
    let removedSecrets = 0;
    for (const account of accounts) {
      if (parseAccount(account)?.workspaceId !== workspaceId) continue;
      if (await this.#deps.secrets.delete(account)) removedSecrets++;
    }
    this.#deps.clients.forget(workspaceId);
    this.#deps.workspaces.delete(workspaceId);
    this.#deps.events.emit('workspaces:changed', {});
    this.#deps.attention.refresh();
    return { removedSecrets };
  }
}

function gone(): AppError {
  return new AppError('not_found', 'This workspace is no longer in Keywarden.');
}
