/**
 * The IPC channels, each a thin call into a service. Input arrives validated by the dispatcher;
 * this layer only routes by workspace kind (external keys vs managed ones) and shapes answers.
 */
import type { Clock } from '../../shared/clock.ts';
import type { IpcHandlers, KeychainStatus } from '../../shared/ipc/index.ts';
import type { ClipboardGuard } from './clipboard/clipboard-guard.ts';
import type { DashboardService } from './dashboard/dashboard-service.ts';
import { AppError, keychainUnavailable } from './errors.ts';
import type { ExternalKeyService } from './external/external-key-service.ts';
import type { KeyService } from './keys/key-service.ts';
import type { SecretStore } from './ports.ts';
import { keySecretAccount } from './secrets/accounts.ts';
import type { SettingsRepository } from './store/settings-repository.ts';
import { EXTERNAL_WORKSPACE_ID } from './store/workspace-repository.ts';
import type { WorkspaceService } from './workspaces/workspace-service.ts';

export interface HandlerDeps {
  workspaces: WorkspaceService;
  keys: KeyService;
  externalKeys: ExternalKeyService;
  clipboard: ClipboardGuard;
  dashboard: DashboardService;
  settings: SettingsRepository;
  secrets: SecretStore;
  clock: Clock;
  keychain: KeychainStatus;
  app: { version: string; platform: string };
}

export function buildHandlers(deps: HandlerDeps): IpcHandlers {
  const { workspaces, keys, externalKeys, clipboard, settings, secrets, clock } = deps;

  const reveal = async (workspaceId: string, keyId: string): Promise<string> => {
    workspaces.get(workspaceId);
    const account = keySecretAccount(workspaceId, keyId);
    let secret: string | null;
    try {
      secret = await secrets.get(account);
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
  };

  return {
    'app:info': async () => ({
      version: deps.app.version,
      platform: deps.app.platform,
      now: clock.now().toISOString(),
      keychain: deps.keychain,
      settings: settings.get(),
    }),
    'settings:update': async (patch) => settings.update(patch),

    'workspaces:list': async () => workspaces.list(),
    'workspaces:connect': async (input) => {
      const workspace = await workspaces.connect(input);
      // Fill the cache at once so the new workspace shows its keys (and works offline) right away.
      await keys.refresh(workspace);
      return workspaces.view(workspace.id);
    },
    'workspaces:remove': async ({ workspaceId }) => workspaces.remove(workspaceId),

    'keys:list': async ({ workspaceId }) => {
      const workspace = workspaces.get(workspaceId);
      if (workspace.kind === 'external') return externalView(externalKeys);
      return keys.list(workspace);
    },
    'keys:refresh': async ({ workspaceId }) => {
      const workspace = workspaces.get(workspaceId);
      if (workspace.kind === 'external') return externalView(externalKeys);
      return keys.refresh(workspace);
    },
    'keys:create': ({ workspaceId, request }) =>
      workspaces.change(workspaceId, async (workspace) => {
        if (workspace.kind === 'external') {
          throw new AppError('unsupported', 'External keys are issued elsewhere: add one with its secret instead.');
        }
        return keys.create(workspace, request);
      }),
    'keys:update': async ({ workspaceId, keyId, patch }) => {
      const workspace = workspaces.get(workspaceId);
      if (workspace.kind !== 'external')
        return workspaces.change(workspaceId, (kept) => keys.update(kept, keyId, patch));
      if (patch.options !== undefined) {
        throw new AppError('unsupported', 'On Premise options belong to keys managed by Keywarden, not external keys.');
      }
      if (patch.name === undefined) throw new AppError('invalid_input', 'Nothing to change: give the key a new name.');
      return externalKeys.rename(keyId, patch.name);
    },
    'keys:revoke': async ({ workspaceId, keyId, reason }) => {
      const workspace = workspaces.get(workspaceId);
      if (workspace.kind === 'external') {
        throw new AppError(
          'unsupported',
          "Keywarden can't revoke a key at the service that issued it: revoke it there, then remove it from the vault.",
        );
      }
      return workspaces.change(workspaceId, (kept) => keys.revoke(kept, keyId, reason));
    },
    'keys:reveal': async ({ workspaceId, keyId }) => ({ secret: await reveal(workspaceId, keyId) }),
    'keys:copy': async ({ workspaceId, keyId }) => clipboard.copy(await reveal(workspaceId, keyId)),
    'clipboard:copySecret': async ({ secret }) => clipboard.copy(secret),

    'externalKeys:add': async (input) => externalKeys.add(input),
    'externalKeys:remove': async ({ workspaceId, keyId }) => {
      if (workspaceId !== EXTERNAL_WORKSPACE_ID) {
        throw new AppError('unsupported', 'Only external keys are removed this way; revoke a managed key instead.');
      }
      return externalKeys.remove(keyId);
    },

    'dashboard:summary': async () => deps.dashboard.summary(),
  };
}

function externalView(externalKeys: ExternalKeyService) {
  return { keys: externalKeys.list(), source: 'live' as const, syncedAt: null, staleReason: null };
}
