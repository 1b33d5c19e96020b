/**
 * Keys from services with no management API: the user pastes the secret with its name, provider,
 * scope and expiry. The secret goes to the keychain, the rest to SQLite, and the key gets the same
 * statuses and countdowns as a managed one.
 */
import { checkExternalKey, deletionDateFor, findPreset } from '../../../shared/presets.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { ExternalKeyInput, VaultKey } from '../../../shared/ipc/index.ts';
import { AppError, keychainUnavailable } from '../errors.ts';
import type { CoreEvents } from '../events.ts';
import type { SecretStore } from '../ports.ts';
import { keySecretAccount } from '../secrets/accounts.ts';
import type { ExternalKeyRepository } from '../store/external-key-repository.ts';
import { entryId, type VaultEntryRepository } from '../store/vault-entry-repository.ts';
import { EXTERNAL_WORKSPACE_ID } from '../store/workspace-repository.ts';
import { vaultKeyFromExternal } from '../keys/vault-key.ts';

export interface ExternalKeyServiceDeps {
  externalKeys: ExternalKeyRepository;
  vaultEntries: VaultEntryRepository;
  secrets: SecretStore;
  clock: Clock;
  events: CoreEvents;
  onKeysChanged: () => void;
}

export class ExternalKeyService {
  readonly #deps: ExternalKeyServiceDeps;

  constructor(deps: ExternalKeyServiceDeps) {
    this.#deps = deps;
  }

  list(): VaultKey[] {
    const now = this.#deps.clock.now();
    const inVault = this.#deps.vaultEntries.keys();
    return this.#deps.externalKeys
      .list()
      .map((record) => vaultKeyFromExternal(record, now, inVault.has(entryId(EXTERNAL_WORKSPACE_ID, record.id))));
  }

  async add(input: ExternalKeyInput): Promise<VaultKey> {
    const preset = input.presetId === undefined ? null : findPreset(input.presetId);
    if (input.presetId !== undefined && !preset) {
      throw new AppError('invalid_input', `There is no preset called “${input.presetId}”.`);
    }
    const check = checkExternalKey(preset, input);
    if (!check.ok) throw new AppError('invalid_input', check.message);

    const now = this.#deps.clock.now();
    const id = `ext_${crypto.randomUUID().replaceAll('-', '')}`;
    try {
      // Secret first: metadata without its secret would be a key the vault can't give back.
      await this.#deps.secrets.set(keySecretAccount(EXTERNAL_WORKSPACE_ID, id), input.secret);
    } catch (error) {
      throw keychainUnavailable('save this key in your system keychain', error);
    }
    const record = {
      id,
      name: input.name,
      provider: preset?.provider ?? input.provider,
      presetId: preset?.id ?? null,
      scopeLabel: input.scopeLabel,
      environment: check.environment,
      label: check.label,
      createdAt: now.toISOString(),
      expiresAt: new Date(input.expiresAt).toISOString(),
      deletesAt: deletionDateFor(preset, input.expiresAt),
    };
    this.#deps.externalKeys.add(record);
    this.#deps.vaultEntries.add(EXTERNAL_WORKSPACE_ID, id, record.createdAt);
    this.#changed();
    return vaultKeyFromExternal(record, now, true);
  }

  rename(keyId: string, name: string): VaultKey {
    if (!this.#deps.externalKeys.rename(keyId, name)) throw notFound();
    const record = this.#deps.externalKeys.find(keyId);
    if (!record) throw notFound();
    this.#changed();
    const inVault = this.#deps.vaultEntries.has(EXTERNAL_WORKSPACE_ID, keyId);
    return vaultKeyFromExternal(record, this.#deps.clock.now(), inVault);
  }

  async remove(keyId: string): Promise<{ removed: boolean }> {
    const existed = this.#deps.externalKeys.find(keyId) !== null;
    const secretRemoved = await this.#deps.secrets.delete(keySecretAccount(EXTERNAL_WORKSPACE_ID, keyId));
    this.#deps.externalKeys.delete(keyId);
    this.#deps.vaultEntries.remove(EXTERNAL_WORKSPACE_ID, keyId);
    const removed = existed || secretRemoved;
    if (removed) this.#changed();
    return { removed };
  }

  #changed(): void {
    this.#deps.events.emit('keys:changed', { workspaceId: EXTERNAL_WORKSPACE_ID });
    this.#deps.events.emit('workspaces:changed', {});
    this.#deps.onKeysChanged();
  }
}

function notFound(): AppError {
  return new AppError('not_found', 'This external key is no longer in the vault.');
}
