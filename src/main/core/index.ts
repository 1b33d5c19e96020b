/**
 * The core's composition root: every main-process service built by hand from the host's ports.
 * The Electron shell, the browser harness and the tests all start the app through createCore.
 */
import type { IpcEventName, IpcHandlers } from '../../shared/ipc/index.ts';
import { KeyAttention } from './attention/key-attention.ts';
import { createAuditLog } from './audit/audit-log.ts';
import { LocalAudit, vaultKeyDescriber } from './audit/local-audit.ts';
import { ClipboardGuard } from './clipboard/clipboard-guard.ts';
import { DashboardService } from './dashboard/dashboard-service.ts';
import { CoreEvents } from './events.ts';
import { ExternalKeyService } from './external/external-key-service.ts';
import { buildHandlers } from './handlers.ts';
import { KeyService } from './keys/key-service.ts';
import { VaultKeys } from './keys/vault-keys.ts';
import { StartAtLoginService } from './login-item/start-at-login.ts';
import type { CorePorts, SecretStore } from './ports.ts';
import { BackgroundSync } from './reminders/background-sync.ts';
import { RemindersService } from './reminders/reminders-service.ts';
import { RotationService } from './rotation/rotation-service.ts';
import { rotationTargets } from './rotation/secret-target-adapter.ts';
import { watchClockJumps } from './scheduling/clock-jumps.ts';
import { DueJobQueue, type WatchableClock } from './scheduling/due-jobs.ts';
import { SecretTargetService } from './secret-managers/secret-target-service.ts';
import { adminTokenAccount, parseAccount } from './secrets/accounts.ts';
import { AuditRepository } from './store/audit-repository.ts';
import { openVaultDatabase } from './store/database.ts';
import { ExternalKeyRepository } from './store/external-key-repository.ts';
import { KeyCacheRepository } from './store/key-cache-repository.ts';
import { ReminderRepository } from './store/reminder-repository.ts';
import { RotationRepository } from './store/rotation-repository.ts';
import { SecretTargetRepository } from './store/secret-target-repository.ts';
import { SettingsRepository } from './store/settings-repository.ts';
import { VaultEntryRepository, type VaultEntry } from './store/vault-entry-repository.ts';
import { WatchedKeyRepository } from './store/watched-key-repository.ts';
import { WorkspaceRepository } from './store/workspace-repository.ts';
import {
  LOCAL_WORKSPACE_NAME,
  startEmbeddedWorkspace,
  type EmbeddedWorkspace,
} from './workspaces/embedded-workspace.ts';
import { WorkspaceClients } from './workspaces/workspace-clients.ts';
import { WorkspaceService } from './workspaces/workspace-service.ts';

export { openSecretStore, type OpenedSecretStore } from './secrets/open-secret-store.ts';
export { createDispatch, type Dispatch, type DispatchOptions } from './ipc-dispatch.ts';
export { AppError } from './errors.ts';
export type * from './ports.ts';

/** How long the catch-up waits for the first sync before reminding from the keys it already knows. */
const FIRST_SYNC_WAIT_MS = 10_000;

export interface CoreOptions {
  /** Run the local workspace in-process (default true). */
  embeddedWorkspace?: boolean;
  /** What openSecretStore found, for app:info and the keychain warning (default: available). */
  keychain?: { available: boolean; message: string | null };
  /** Unexpected failures in background jobs (never called with a secret). */
  onBackgroundError?: (error: unknown) => void;
}

export interface Core {
  handlers: IpcHandlers;
  /** Expiry and rotation reminders, the tray, background sync (IPC channels: src/shared/reminders.ts). */
  reminders: RemindersService;
  onEvent(listener: (event: IpcEventName, payload: unknown) => void): () => void;
  dispose(): Promise<void>;
}

export async function createCore(ports: CorePorts, options: CoreOptions = {}): Promise<Core> {
  const keychain = options.keychain ?? { available: true, message: null };
  const clock: WatchableClock = ports.clock;
  const onBackgroundError = options.onBackgroundError ?? (() => undefined);
  const db = openVaultDatabase(ports.dataDir);
  const workspaceRepository = new WorkspaceRepository(db);
  const cache = new KeyCacheRepository(db);
  const externalKeyRepository = new ExternalKeyRepository(db);
  const settings = new SettingsRepository(db);
  const vaultEntries = new VaultEntryRepository(db);

  const events = new CoreEvents();
  // What the app does with secrets and workspaces joins the audit log, marked local.
  const auditRepository = new AuditRepository(db);
  const localAudit = new LocalAudit({
    repository: auditRepository,
    clock,
    events,
    describeKey: vaultKeyDescriber(cache, externalKeyRepository),
    onError: onBackgroundError,
  });
  const queue = new DueJobQueue(clock, { onJobError: (_id, error) => onBackgroundError(error) });
  const reminderRepository = new ReminderRepository(db);
  const sync = new BackgroundSync({
    workspaces: workspaceRepository,
    refresh: async (workspace) => {
      const view = await keys.refresh(workspace);
      // A service that answered for its keys is asked for its new audit events too, in the background.
      if (view.source === 'live') void audit.sync.sync(workspace.id);
      return view;
    },
    clock,
    queue,
    system: ports.system,
    intervalMs: () => reminderRepository.preferences().syncIntervalMinutes * 60_000,
    onError: onBackgroundError,
  });
  const reminders = new RemindersService({
    repository: reminderRepository,
    cache,
    externalKeys: externalKeyRepository,
    watchedKeys: new WatchedKeyRepository(db),
    workspaces: workspaceRepository,
    notifier: ports.notifier,
    tray: ports.tray,
    clock,
    queue,
    // Built below (it needs the key services, which need these reminders); asked only after start.
    rotations: { isRotationInProgress: (workspaceId, keyId) => rotations.isRotationInProgress(workspaceId, keyId) },
    sync,
    audit: localAudit,
    // A failing reminder pass must never fail the key change that asked for it.
    onError: onBackgroundError,
  });
  // The dashboard and the settings reload when what needs attention or the preferences change.
  reminders.onChange(() => events.emit('reminders:changed', {}));
  // A clicked reminder opens its key with the rotation wizard (or the dashboard) in the window.
  reminders.onOpen((target) => events.emit('reminders:open', target));
  const attention = new KeyAttention({
    cache,
    externalKeys: externalKeyRepository,
    clock,
    queue,
    events,
    // The change is answered first; the pass follows, once for a burst of changes.
    onRefresh: () => reminders.requestPass(),
  });
  const onKeysChanged = () => attention.refresh();
  const clients = new WorkspaceClients(ports.secrets, ports.fetch);
  const workspaces = new WorkspaceService({
    workspaces: workspaceRepository,
    cache,
    externalKeys: externalKeyRepository,
    clients,
    secrets: ports.secrets,
    clock,
    events,
    attention,
  });
  const keys = new KeyService({
    workspaces: workspaceRepository,
    cache,
    vaultEntries,
    clients,
    secrets: ports.secrets,
    clock,
    events,
    keychain,
    onKeysChanged,
  });
  const externalKeys = new ExternalKeyService({
    externalKeys: externalKeyRepository,
    vaultEntries,
    secrets: ports.secrets,
    clock,
    events,
    onKeysChanged,
  });
  const vaultKeys = new VaultKeys({ workspaces, managed: keys, external: externalKeys, secrets: ports.secrets });
  const clipboard = new ClipboardGuard({
    clipboard: ports.clipboard,
    queue,
    clock,
    events,
    settings: () => settings.get(),
  });
  const dashboard = new DashboardService({
    watchedKeys: new WatchedKeyRepository(db),
    workspaces: workspaceRepository,
    clock,
    rotations: { isRotationInProgress: (workspaceId, keyId) => rotations.isRotationInProgress(workspaceId, keyId) },
  });
  // The CLIs see the app's own PATH and sign-in locations (see host-env.ts), never a secret.
  const secretTargetRepository = new SecretTargetRepository(db);
  const secretTargets = new SecretTargetService({
    targets: secretTargetRepository,
    exec: ports.exec,
    clock,
    hostEnv: process.env,
    platform: process.platform,
    audit: localAudit,
  });
  const rotations = new RotationService({
    repository: new RotationRepository(db),
    workspaces,
    keys,
    externalKeys,
    externalKeyRecords: externalKeyRepository,
    vaultEntries,
    secrets: ports.secrets,
    targets: rotationTargets(secretTargets, secretTargetRepository),
    clock,
    events,
    queue,
    onKeysChanged,
    onBackgroundError,
  });
  // A key starting or ending a rotation changes what its reminders and the tray say.
  rotations.onChange(() => attention.refresh());

  const audit = createAuditLog({
    db,
    repository: auditRepository,
    workspaceRepository,
    workspaces,
    cache,
    clients,
    secrets: ports.secrets,
    saveFile: ports.saveFile,
    clock,
    events,
    onError: onBackgroundError,
  });

  let embedded: EmbeddedWorkspace | null = null;
  try {
    if (options.embeddedWorkspace !== false) {
      embedded = await startLocalWorkspace();
    }
    await reconcileVaultIndex(ports.secrets, vaultEntries, clock.now().toISOString());
    attention.refresh();
    // What fell due while the app was closed fires once the first sync has brought the keys up to date.
    reminders.startAfter(sync.start(), FIRST_SYNC_WAIT_MS);
    // Unfinished rotations pick up where they stopped (a create on the wire is looked up first).
    void rotations.resume();
  } catch (error) {
    await sync.dispose();
    await audit.dispose();
    // A reminder pass asked for meanwhile must not run on the closed vault.
    reminders.dispose();
    queue.dispose();
    await embedded?.close();
    db.close();
    throw error;
  }

  const stopWatchingClock = watchClockJumps(clock, (now) => {
    events.emit('clock:changed', { now: now.toISOString() });
    attention.refresh();
    void queue.runDue();
  });

  const handlers = buildHandlers({
    workspaces,
    keys,
    vaultKeys,
    externalKeys,
    clipboard,
    dashboard,
    reminders,
    settings,
    startAtLogin: new StartAtLoginService(ports.loginItem),
    clock,
    keychain: { available: keychain.available, backend: ports.keychainBackend, message: keychain.message },
    app: { version: ports.appVersion, platform: ports.platform },
    secretTargets,
    rotations,
    localAudit,
    audit: audit.handlers,
  });

  let disposing: Promise<void> | null = null;
  return {
    handlers,
    reminders,
    onEvent: (listener) => events.on(listener),
    dispose: () =>
      (disposing ??= (async () => {
        stopWatchingClock();
        await sync.dispose();
        await audit.dispose();
        reminders.dispose();
        rotations.dispose();
        await clipboard.dispose().catch(onBackgroundError);
        queue.dispose();
        events.clear();
        await embedded?.close();
        db.close();
      })()),
  };

  async function startLocalWorkspace(): Promise<EmbeddedWorkspace> {
    const known = workspaceRepository.list().find((workspace) => workspace.kind === 'local') ?? null;
    const started = await startEmbeddedWorkspace({
      dataDir: ports.dataDir,
      clock,
      secrets: ports.secrets,
      knownWorkspaceId: known?.id ?? null,
    });
    try {
      let workspaceId = started.workspaceId;
      if (workspaceId === null) {
        // The vault's database was reset but the local workspace survived: ask it who it is.
        workspaceId = (await clients.forAddress(started.url, started.token).adminToken()).workspaceId;
        await ports.secrets.set(adminTokenAccount(workspaceId), started.token).catch(() => undefined);
      }
      if (known && known.id !== workspaceId) workspaceRepository.delete(known.id);
      workspaces.saveLocal(workspaceId, LOCAL_WORKSPACE_NAME, started.url);
      clients.remember(workspaceId, started.token);
      return started;
    } catch (error) {
      await started.close();
      throw error;
    }
  }
}

/** The keychain is the truth about which secrets this device holds; the index follows it. */
async function reconcileVaultIndex(
  secrets: SecretStore,
  vaultEntries: VaultEntryRepository,
  at: string,
): Promise<void> {
  let accounts: string[];
  try {
    accounts = await secrets.list();
  } catch {
    return; // A locked keychain says nothing about what it holds: keep the last known index.
  }
  const entries: VaultEntry[] = [];
  for (const account of accounts) {
    const parsed = parseAccount(account);
    if (parsed?.kind === 'key') entries.push({ workspaceId: parsed.workspaceId, keyId: parsed.keyId });
  }
  vaultEntries.replaceAll(entries, at);
}
