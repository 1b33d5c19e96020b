/**
 * The IPC channels, each a thin call into a service. Input arrives validated by the dispatcher;
 * what a channel may do with which kind of workspace is the services' business (VaultKeys for
 * keys), so nothing here branches on it.
 */
import type { Clock } from '../../shared/clock.ts';
import type { IpcHandlers, KeychainStatus } from '../../shared/ipc/index.ts';
import type { AuditChannel } from './audit/audit-handlers.ts';
import type { LocalAuditRecorder } from './audit/local-audit.ts';
import type { ClipboardGuard } from './clipboard/clipboard-guard.ts';
import type { DashboardService } from './dashboard/dashboard-service.ts';
import type { ExternalKeyService } from './external/external-key-service.ts';
import type { KeyService } from './keys/key-service.ts';
import type { StartAtLoginService } from './login-item/start-at-login.ts';
import type { VaultKeys } from './keys/vault-keys.ts';
import type { RemindersService } from './reminders/reminders-service.ts';
import type { RotationService } from './rotation/rotation-service.ts';
import type { SecretTargetService } from './secret-managers/secret-target-service.ts';
import { targetView } from './secret-managers/target-view.ts';
import type { SettingsRepository } from './store/settings-repository.ts';
import type { WorkspaceService } from './workspaces/workspace-service.ts';

export interface HandlerDeps {
  workspaces: WorkspaceService;
  keys: KeyService;
  vaultKeys: VaultKeys;
  externalKeys: ExternalKeyService;
  clipboard: ClipboardGuard;
  dashboard: DashboardService;
  reminders: RemindersService;
  settings: SettingsRepository;
  startAtLogin: StartAtLoginService;
  clock: Clock;
  keychain: KeychainStatus;
  app: { version: string; platform: string };
  secretTargets: SecretTargetService;
  rotations: RotationService;
  /** What the app does with a secret or a workspace goes into the audit log, marked local. */
  localAudit: LocalAuditRecorder;
  /** The audit log's, a key's usage and the webhooks' channels (audit/audit-handlers.ts). */
  audit: Pick<IpcHandlers, AuditChannel>;
}

export function buildHandlers(deps: HandlerDeps): IpcHandlers {
  const { workspaces, keys, vaultKeys, externalKeys, clipboard, settings, clock } = deps;

  return {
    'app:info': async () => ({
      version: deps.app.version,
      platform: deps.app.platform,
      now: clock.now().toISOString(),
      keychain: deps.keychain,
      settings: settings.get(),
    }),
    'settings:update': async (patch) => settings.update(patch),
    'settings:startAtLogin': () => deps.startAtLogin.get(),
    'settings:setStartAtLogin': ({ enabled }) => deps.startAtLogin.set(enabled),

    'workspaces:list': async () => workspaces.list(),
    'workspaces:connect': async (input) => {
      const workspace = await workspaces.connect(input);
      deps.localAudit.record({
        workspaceId: workspace.id,
        type: 'workspace.connected',
        details: { name: workspace.name, url: workspace.url },
      });
      // Fill the cache at once so the new workspace shows its keys (and works offline) right away.
      await keys.refresh(workspace);
      return workspaces.view(workspace.id);
    },
    'workspaces:remove': async ({ workspaceId }) => workspaces.remove(workspaceId),

    'keys:list': async ({ workspaceId }) => vaultKeys.list(workspaceId),
    'keys:refresh': async ({ workspaceId }) => vaultKeys.refresh(workspaceId),
    'keys:create': async ({ workspaceId, request }) => vaultKeys.create(workspaceId, request),
    'keys:update': async ({ workspaceId, keyId, patch }) => vaultKeys.update(workspaceId, keyId, patch),
    'keys:revoke': async ({ workspaceId, keyId, reason }) => vaultKeys.revoke(workspaceId, keyId, reason),
    'keys:reveal': async ({ workspaceId, keyId }) => {
      const secret = await vaultKeys.secret(workspaceId, keyId);
      deps.localAudit.record({ workspaceId, keyId, type: 'secret.revealed' });
      return { secret };
    },
    'keys:copy': async ({ workspaceId, keyId }) => {
      const copied = clipboard.copy(await vaultKeys.secret(workspaceId, keyId));
      deps.localAudit.record({ workspaceId, keyId, type: 'secret.copied', details: { clearsAt: copied.clearsAt } });
      return copied;
    },
    'clipboard:copySecret': async ({ secret }) => clipboard.copy(secret),

    'externalKeys:add': async (input) => externalKeys.add(input),
    'externalKeys:remove': async ({ workspaceId, keyId }) => vaultKeys.removeExternal(workspaceId, keyId),

    'dashboard:summary': async () => deps.dashboard.summary(),
    'reminders:overview': async () => deps.reminders.overview(),
    'reminders:preferences': async () => deps.reminders.preferences(),
    'reminders:updatePreferences': async (patch) => deps.reminders.updatePreferences(patch),
    'reminders:pause': async () => deps.reminders.pauseForADay(),
    'reminders:resume': async () => deps.reminders.resume(),
    'reminders:thresholds': async ({ workspaceId }) => deps.reminders.thresholds(workspaceId),
    'reminders:setThresholds': async (input) => deps.reminders.setThresholds(input),
    'reminders:setRotationPolicy': async (policy) => deps.reminders.setRotationPolicy(policy),
    'reminders:syncNow': async () => deps.reminders.syncNow(),

    'targets:list': async (owner) => deps.secretTargets.list(owner).map(targetView),
    'targets:add': async (input) => targetView(deps.secretTargets.add(input)),
    'targets:update': async ({ targetId, label, config }) =>
      targetView(
        deps.secretTargets.update(targetId, {
          ...(label === undefined ? {} : { label }),
          ...(config === undefined ? {} : { config }),
        }),
      ),
    'targets:remove': async ({ targetId }) => {
      deps.secretTargets.remove(targetId);
      return { removed: true };
    },
    'targets:test': (input) => deps.secretTargets.checkSignIn('targetId' in input ? input.targetId : input),
    'targets:copyCommand': async ({ targetId }) => deps.secretTargets.copyCommand(targetId),
    'keys:pushHistory': async ({ workspaceId, keyId, limit }) =>
      deps.secretTargets.history({ workspaceId, keyId }, limit),

    'rotations:list': async (filter) => deps.rotations.list(filter),
    'rotations:get': async ({ rotationId }) => deps.rotations.get(rotationId),
    'rotations:start': (input) => deps.rotations.start(input),
    'rotations:provideSecret': ({ rotationId, secret, expiresAt }) =>
      deps.rotations.provideSecret(rotationId, secret, expiresAt),
    'rotations:distribute': ({ rotationId, includeUnknown }) =>
      deps.rotations.distribute(rotationId, { includeUnknown: includeUnknown === true }),
    'rotations:retryTarget': ({ rotationId, targetId }) => deps.rotations.retryTarget(rotationId, targetId),
    'rotations:markTargetDone': ({ rotationId, targetId }) => deps.rotations.markTargetDone(rotationId, targetId),
    'rotations:continue': ({ rotationId, acceptIncomplete }) =>
      deps.rotations.continue(rotationId, { acceptIncomplete: acceptIncomplete === true }),
    'rotations:traffic': ({ rotationId, minutes }) => deps.rotations.traffic(rotationId, minutes),
    'rotations:retire': ({ rotationId, how, confirmInUse }) =>
      deps.rotations.retire(rotationId, how, confirmInUse === true),
    'rotations:retry': ({ rotationId }) => deps.rotations.retry(rotationId),
    'rotations:reissue': ({ rotationId }) => deps.rotations.reissue(rotationId),
    'rotations:cancel': ({ rotationId }) => deps.rotations.cancel(rotationId),
    'rotations:oldKeyUses': ({ rotationId, since }) => deps.rotations.oldKeyUses(rotationId, since),

    ...deps.audit,
  };
}
