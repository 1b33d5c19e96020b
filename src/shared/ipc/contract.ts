/**
 * The whole IPC map in one place: every channel with its zod input and output, and every event
 * with its payload. The main side (Electron's ipcMain, or the browser harness's WebSocket)
 * validates each input and the sender before calling the core's handler, and each output before
 * it leaves; `window.keywarden` (`'keys:list'` becomes `keywarden.keys.list(input)`) is generated
 * from this map. The schemas themselves live in one file per resource next to this one.
 */
import { z } from 'zod';
import { isoTime } from '../api/index.ts';
import { AppInfo } from './app.ts';
import { auditChannels, auditEvents } from './audit.ts';
import { CopyResult, CopySecretInput } from './clipboard.ts';
import { DashboardSummary } from './dashboard.ts';
import { ExternalKeyInput, RemovedExternalKey } from './external-keys.ts';
import {
  CreatedKeyView,
  CreateKeyInput,
  KeyListView,
  KeyRef,
  RevealedSecret,
  RevokeKeyInput,
  UpdateKeyInput,
  VaultKey,
} from './keys.ts';
import { reminderChannels, reminderEvents } from './reminders.ts';
import {
  ContinueRotationInput,
  DistributeInput,
  ListRotationsInput,
  OldKeyUses,
  OldKeyUsesInput,
  ProvideSecretInput,
  RetireInput,
  RotationRef,
  RotationTargetRef,
  RotationTraffic,
  RotationView,
  StartRotationInput,
  TrafficInput,
} from './rotations.ts';
import { SetStartAtLoginInput, Settings, SettingsPatch, StartAtLogin } from './settings.ts';
import {
  AddTargetInput,
  CopyCommandView,
  PushHistoryInput,
  PushRecordView,
  RemovedTarget,
  SignInView,
  TargetRef,
  TargetView,
  TestTargetInput,
  UpdateTargetInput,
} from './targets.ts';
import { webhookChannels } from './webhooks.ts';
import { ConnectWorkspaceInput, RemovedWorkspace, WorkspaceRef, WorkspaceView } from './workspaces.ts';

// ---------------------------------------------------------------- channels (renderer → main)

const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });
const none = z.undefined();

export const ipcContract = {
  'app:info': channel(none, AppInfo),
  'settings:update': channel(SettingsPatch, Settings),
  /** Whether the OS starts the app at login (off by default), and what the user must still do there. */
  'settings:startAtLogin': channel(none, StartAtLogin),
  'settings:setStartAtLogin': channel(SetStartAtLoginInput, StartAtLogin),

  'workspaces:list': channel(none, z.array(WorkspaceView)),
  'workspaces:connect': channel(ConnectWorkspaceInput, WorkspaceView),
  'workspaces:remove': channel(WorkspaceRef, RemovedWorkspace),

  'keys:list': channel(WorkspaceRef, KeyListView),
  'keys:refresh': channel(WorkspaceRef, KeyListView),
  'keys:create': channel(CreateKeyInput, CreatedKeyView),
  'keys:update': channel(UpdateKeyInput, VaultKey),
  'keys:revoke': channel(RevokeKeyInput, VaultKey),
  /** Returns the secret from the vault, for the details panel's reveal. */
  'keys:reveal': channel(KeyRef, RevealedSecret),
  /** Copies the key's secret from the vault to the clipboard without it crossing into the renderer. */
  'keys:copy': channel(KeyRef, CopyResult),
  /** Copies a secret the renderer already shows (the show-once view), with the same auto-clear. */
  'clipboard:copySecret': channel(CopySecretInput, CopyResult),

  'externalKeys:add': channel(ExternalKeyInput, VaultKey),
  'externalKeys:remove': channel(KeyRef, RemovedExternalKey),

  /** The keys needing action across every workspace, and the next twelve months of expiries. */
  'dashboard:summary': channel(none, DashboardSummary),
  /** Reminder preferences, thresholds per workspace, rotation policies, sync now. */
  ...reminderChannels,

  /** A key's destinations (secret-manager targets), in the order they were added. */
  'targets:list': channel(KeyRef, z.array(TargetView)),
  'targets:add': channel(AddTargetInput, TargetView),
  'targets:update': channel(UpdateTargetInput, TargetView),
  'targets:remove': channel(TargetRef, RemovedTarget),
  /** Checks the CLI is installed and signed in (a `.env` folder writable); writes nothing anywhere. */
  'targets:test': channel(TestTargetInput, SignInView),
  /** The command to run by hand, without the secret; copy the secret with keys:copy. */
  'targets:copyCommand': channel(TargetRef, CopyCommandView),
  /** The key's pushes, newest first: target, time, outcome, exit code, sentence. Never the secret. */
  'keys:pushHistory': channel(PushHistoryInput, z.array(PushRecordView)),

  /** Rotations in progress (or, with includeFinished, the recent ones too), for the key rows and the wizard. */
  'rotations:list': channel(ListRotationsInput, z.array(RotationView)),
  'rotations:get': channel(RotationRef, RotationView),
  /** Managed keys: makes the successor at once (its secret into the keychain first). External: a checklist. */
  'rotations:start': channel(StartRotationInput, RotationView),
  /** External keys: the new secret pasted from the provider's dashboard, checked by the key's preset. */
  'rotations:provideSecret': channel(ProvideSecretInput, RotationView),
  /** Pushes to every destination waiting or failed, in parallel; answers when they have all ended. */
  'rotations:distribute': channel(DistributeInput, RotationView),
  /** Pushes to one destination again (failed, unknown, or on purpose). */
  'rotations:retryTarget': channel(RotationTargetRef, RotationView),
  /** The admin set the secret there by hand: the destination counts as done. */
  'rotations:markTargetDone': channel(RotationTargetRef, RotationView),
  /** Leaves the distribute step (optionally without some destinations) or the verify step. */
  'rotations:continue': channel(ContinueRotationInput, RotationView),
  /** Per-minute requests of the old and the new key, for the verify step's chart; poll it. */
  'rotations:traffic': channel(TrafficInput, RotationTraffic),
  /** Revoke now (refused with `conflict` while recently used, unless confirmInUse), let the overlap end, or (external) confirm revoked at the provider. */
  'rotations:retire': channel(RetireInput, RotationView),
  /** Retries the step that failed (network loss, a locked keychain). */
  'rotations:retry': channel(RotationRef, RotationView),
  /** Replaces a successor whose secret never reached the vault: revokes it and makes another. */
  'rotations:reissue': channel(RotationRef, RotationView),
  /** Stops the rotation; the view's cancelNote says beforehand what stays as it is. */
  'rotations:cancel': channel(RotationRef, RotationView),
  /** The old key's requests since a time, masked IPs: the leaked-key path's audit. */
  'rotations:oldKeyUses': channel(OldKeyUsesInput, OldKeyUses),

  /** The audit log kept on this device (filters, free text, export, sync) and a key's usage. */
  ...auditChannels,
  /** A workspace's webhooks and their deliveries. */
  ...webhookChannels,
} as const;

export type IpcContract = typeof ipcContract;
export type IpcChannel = keyof IpcContract;
export type IpcInput<C extends IpcChannel> = z.input<IpcContract[C]['input']>;
export type IpcOutput<C extends IpcChannel> = z.output<IpcContract[C]['output']>;
export const IPC_CHANNELS = Object.keys(ipcContract) as IpcChannel[];

/** What the core implements: one async function per channel, input already validated. */
export type IpcHandlers = {
  [C in IpcChannel]: (input: z.output<IpcContract[C]['input']>) => Promise<IpcOutput<C>>;
};

// ---------------------------------------------------------------- events (main → renderer)

/**
 * The core checks each payload against its schema before sending it (src/main/core/events.ts),
 * and sends only the fields named here.
 */
export const ipcEvents = {
  /** A workspace was added, removed, synced, or its connection state changed. */
  'workspaces:changed': z.object({}),
  /** A workspace's keys changed (created, revoked, refreshed, expired). */
  'keys:changed': z.object({ workspaceId: z.string() }),
  /** The core's clock jumped (harness, or the system clock changed): recompute countdowns. */
  'clock:changed': z.object({ now: isoTime }),
  /** The clipboard was cleared of a secret the app put there. */
  'clipboard:cleared': z.object({ at: isoTime }),
  /** A rotation changed (a step, a push, the traffic seen): its whole state, so a reloaded window catches up. */
  'rotations:changed': RotationView,
  ...reminderEvents,
  ...auditEvents,
} as const;

export type IpcEventName = keyof typeof ipcEvents;
export type IpcEventPayload<E extends IpcEventName> = z.output<(typeof ipcEvents)[E]>;
export type IpcEventListener<E extends IpcEventName> = (payload: IpcEventPayload<E>) => void;
export const IPC_EVENTS = Object.keys(ipcEvents) as IpcEventName[];

/** The single Electron channel names used underneath the typed API. */
export const IPC_INVOKE_CHANNEL_PREFIX = 'keywarden:';
export const IPC_EVENT_CHANNEL = 'keywarden:event';
