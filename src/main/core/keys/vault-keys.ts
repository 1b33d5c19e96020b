/**
 * The keys of any workspace, whatever its kind: the one place that knows what each kind allows.
 * Keys of managed workspaces (local and remote) are issued, edited and revoked by their service
 * through KeyService; external keys were issued elsewhere, so they are only added with their
 * secret, renamed and removed, through ExternalKeyService. Every secret is read from the keychain
 * the same way.
 */
import type { CreateApiKeyRequest, UpdateApiKeyRequest } from '../../../shared/api/index.ts';
import type { CreatedKeyView, KeyListView, VaultKey } from '../../../shared/ipc/index.ts';
import { AppError, keychainUnavailable } from '../errors.ts';
import type { ExternalKeyService } from '../external/external-key-service.ts';
import type { SecretStore } from '../ports.ts';
import { keySecretAccount } from '../secrets/accounts.ts';
import { EXTERNAL_WORKSPACE_ID } from '../store/workspace-repository.ts';
import type { WorkspaceService } from '../workspaces/workspace-service.ts';
import type { KeyService } from './key-service.ts';

export interface VaultKeysDeps {
  workspaces: WorkspaceService;
  managed: KeyService;
  external: ExternalKeyService;
  secrets: SecretStore;
}

export class VaultKeys {
  readonly #deps: VaultKeysDeps;

  constructor(deps: VaultKeysDeps) {
    this.#deps = deps;
  }

  /** The workspace's keys: live when its service answers, else the cache; external keys always live. */
  async list(workspaceId: string): Promise<KeyListView> {
    const workspace = this.#deps.workspaces.get(workspaceId);
    if (workspace.kind === 'external') return this.#externalView();
    return this.#deps.managed.list(workspace);
  }

  /** Asks the workspace's service again, whatever the cache holds. */
  async refresh(workspaceId: string): Promise<KeyListView> {
    const workspace = this.#deps.workspaces.get(workspaceId);
    if (workspace.kind === 'external') return this.#externalView();
    return this.#deps.managed.refresh(workspace);
  }

  create(workspaceId: string, request: CreateApiKeyRequest): Promise<CreatedKeyView> {
    return this.#deps.workspaces.change(workspaceId, async (workspace) => {
      if (workspace.kind === 'external') {
        throw new AppError('unsupported', 'External keys are issued elsewhere: add one with its secret instead.');
      }
      return this.#deps.managed.create(workspace, request);
    });
  }

  /** Renames or edits a managed key; an external key can only be renamed. */
  async update(workspaceId: string, keyId: string, patch: UpdateApiKeyRequest): Promise<VaultKey> {
    const workspace = this.#deps.workspaces.get(workspaceId);
    if (workspace.kind !== 'external') {
      return this.#deps.workspaces.change(workspaceId, (kept) => this.#deps.managed.update(kept, keyId, patch));
    }
    if (patch.options !== undefined) {
      throw new AppError('unsupported', 'On Premise options belong to keys managed by Keywarden, not external keys.');
    }
    if (patch.name === undefined) throw new AppError('invalid_input', 'Nothing to change: give the key a new name.');
    return this.#deps.external.rename(keyId, patch.name);
  }

  async revoke(workspaceId: string, keyId: string, reason?: string): Promise<VaultKey> {
    const workspace = this.#deps.workspaces.get(workspaceId);
    if (workspace.kind === 'external') {
      throw new AppError(
        'unsupported',
        "Keywarden can't revoke a key at the service that issued it: revoke it there, then remove it from the vault.",
      );
    }
    return this.#deps.workspaces.change(workspaceId, (kept) => this.#deps.managed.revoke(kept, keyId, reason));
  }

  /** Takes an external key and its secret out of the vault; a managed key is revoked instead. */
  async removeExternal(workspaceId: string, keyId: string): Promise<{ removed: boolean }> {
    if (workspaceId !== EXTERNAL_WORKSPACE_ID) {
      throw new AppError('unsupported', 'Only external keys are removed this way; revoke a managed key instead.');
    }
    return this.#deps.external.remove(keyId);
  }

  /** The key's secret from this device's keychain, for revealing or copying it. */
  async secret(workspaceId: string, keyId: string): Promise<string> {
    this.#deps.workspaces.get(workspaceId);
    const account = keySecretAccount(workspaceId, keyId);
    let secret: string | null;
    try {
      secret = await this.#deps.secrets.get(account);
    } catch (error) {
      throw keychainUnavailable('read your system keychain', error);
    }
    if (secret === null) {
      throw new AppError(
        'secret_not_in_vault',
        "This key's secret is not in this device's vault: it was created elsewhere, or its vault entry was removed.",
      );
    }
    return secret;
  }

  #externalView(): KeyListView {
    return { keys: this.#deps.external.list(), source: 'live', syncedAt: null, staleReason: null };
  }
}
