/**
 * The one IPC contract between the renderer and the main process, typed once.
 *
 * Every channel has a zod input and output schema. The main side (Electron's ipcMain, or the
 * browser harness's WebSocket) validates the input and the sender before calling the core's
 * handler, and validates the output before it leaves. The preload exposes one function per
 * channel on `window.keywarden` (`'keys:list'` becomes `keywarden.keys.list(input)`), never
 * ipcRenderer itself. Errors cross as values, `{ ok: false, code, message }`, because Electron's
 * invoke keeps only an error's message. Runs anywhere.
 */
import { z } from 'zod';
import { ApiKey, CreateApiKeyRequest, KeyEnvironment, KeyScope, UpdateApiKeyRequest } from './api.ts';

const isoTime = z.iso.datetime({ offset: true });

// ---------------------------------------------------------------- errors

export const IpcErrorCode = z.enum([
  /** The input did not match the channel's schema, or the service refused a field. */
  'invalid_input',
  /** The call came from a frame that is not the app's own. */
  'forbidden_sender',
  'not_found',
  'conflict',
  'forbidden',
  'rate_limited',
  /** The workspace's URL could not be reached (offline, wrong address, TLS failure, timeout). */
  'workspace_unreachable',
  /** The workspace's admin token was revoked or expired: reconnect. */
  'workspace_auth_failed',
  /** The address is not a Keywarden service. */
  'not_a_workspace',
  /** The OS keychain is unavailable; the secret is kept in memory for this session only. */
  'keychain_unavailable',
  /** The secret is not in this device's vault. */
  'secret_not_in_vault',
  'unsupported',
  'internal',
]);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: IpcErrorCode; message: string };

// ---------------------------------------------------------------- shared view types

export const WorkspaceKind = z.enum(['local', 'remote', 'external']);
export type WorkspaceKind = z.infer<typeof WorkspaceKind>;

export const ConnectionState = z.enum(['online', 'offline', 'auth_failed']);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const WorkspaceView = z.object({
  id: z.string(),
  name: z.string(),
  kind: WorkspaceKind,
  /** The service's base URL; null for the external-keys collection. */
  url: z.string().nullable(),
  connection: ConnectionState,
  /** Plain sentence for the sidebar when the connection is not online. */
  connectionMessage: z.string().nullable(),
  lastSyncedAt: isoTime.nullable(),
  keyCount: z.number().int(),
  /** Keys that expire within 30 days (status `expiring`). */
  expiringCount: z.number().int(),
});
export type WorkspaceView = z.infer<typeof WorkspaceView>;

/**
 * A key as the vault shows it: the service's ApiKey (or an external key mapped onto it), plus
 * where it lives and whether this device holds its secret.
 */
export const VaultKey = ApiKey.omit({ scope: true, createdBy: true, revokedBy: true }).extend({
  workspaceId: z.string(),
  /** Null for external keys, whose scope is free text (`scopeLabel`). */
  scope: KeyScope.nullable(),
  scopeLabel: z.string(),
  /** External keys: the product that issued it, e.g. "Letsignit". Null for managed keys. */
  provider: z.string().nullable(),
  hasSecret: z.boolean(),
  createdByName: z.string().nullable(),
  revokedByName: z.string().nullable(),
});
export type VaultKey = z.infer<typeof VaultKey>;

export const KeyListView = z.object({
  keys: z.array(VaultKey),
  /** `cache`: the service could not be reached; these are the last known keys. */
  source: z.enum(['live', 'cache']),
  syncedAt: isoTime.nullable(),
  /** Why the list comes from the cache, in a sentence. */
  staleReason: z.string().nullable(),
});
export type KeyListView = z.infer<typeof KeyListView>;

export const KeychainStatus = z.object({
  available: z.boolean(),
  /** e.g. "Secret Service (GNOME Keyring)", "macOS Keychain", "Windows Credential Manager". */
  backend: z.string(),
  message: z.string().nullable(),
});
export type KeychainStatus = z.infer<typeof KeychainStatus>;

export const Settings = z.object({
  /** Seconds after which a copied secret is cleared from the clipboard (0 = never). */
  clipboardClearSeconds: z.number().int().min(0).max(600),
});
export type Settings = z.infer<typeof Settings>;

export const AppInfo = z.object({
  version: z.string(),
  platform: z.string(),
  now: isoTime,
  keychain: KeychainStatus,
  settings: Settings,
});
export type AppInfo = z.infer<typeof AppInfo>;

export const CreatedKeyView = z.object({
  key: VaultKey,
  /** Shown once. The renderer drops it when the show-once view closes. */
  secret: z.string(),
  storedInKeychain: z.boolean(),
  /** Why the secret could not be stored, in a sentence; null when stored. */
  keychainWarning: z.string().nullable(),
});
export type CreatedKeyView = z.infer<typeof CreatedKeyView>;

export const CopyResult = z.object({
  /** When the clipboard will be cleared (if it still holds this secret); null when never. */
  clearsAt: isoTime.nullable(),
});

const WorkspaceRef = z.strictObject({ workspaceId: z.string().min(1) });
const KeyRef = z.strictObject({ workspaceId: z.string().min(1), keyId: z.string().min(1) });

export const ExternalKeyInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  provider: z.string().trim().min(1).max(100),
  scopeLabel: z.string().trim().max(100),
  environment: KeyEnvironment.optional(),
  secret: z.string().min(1).max(10_000),
  expiresAt: isoTime,
  /** Preset id from src/shared/presets.ts, whose policy (format check, deletion delay) applies. */
  presetId: z.string().optional(),
});
export type ExternalKeyInput = z.infer<typeof ExternalKeyInput>;

// ---------------------------------------------------------------- channels

const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });
const none = z.undefined();

export const ipcContract = {
  'app:info': channel(none, AppInfo),
  'settings:update': channel(Settings.partial().strict(), Settings),

  'workspaces:list': channel(none, z.array(WorkspaceView)),
  'workspaces:connect': channel(
    z.strictObject({
      url: z.string().trim().min(1).max(2000),
      token: z.string().trim().min(1).max(200),
      name: z.string().trim().max(100).optional(),
    }),
    WorkspaceView,
  ),
  'workspaces:remove': channel(WorkspaceRef, z.strictObject({ removedSecrets: z.number().int() })),

  'keys:list': channel(WorkspaceRef, KeyListView),
  'keys:refresh': channel(WorkspaceRef, KeyListView),
  'keys:create': channel(
    z.strictObject({ workspaceId: z.string().min(1), request: CreateApiKeyRequest }),
    CreatedKeyView,
  ),
  'keys:update': channel(KeyRef.extend({ patch: UpdateApiKeyRequest }), VaultKey),
  'keys:revoke': channel(KeyRef.extend({ reason: z.string().max(500).optional() }), VaultKey),
  /** Returns the secret from the vault, for the details panel's reveal. */
  'keys:reveal': channel(KeyRef, z.object({ secret: z.string() })),
  /** Copies the key's secret from the vault to the clipboard without it crossing into the renderer. */
  'keys:copy': channel(KeyRef, CopyResult),
  /** Copies a secret the renderer already shows (the show-once view), with the same auto-clear. */
  'clipboard:copySecret': channel(z.strictObject({ secret: z.string().min(1).max(10_000) }), CopyResult),

  'externalKeys:add': channel(ExternalKeyInput, VaultKey),
  'externalKeys:remove': channel(KeyRef, z.strictObject({ removed: z.boolean() })),
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

export const ipcEvents = {
  /** A workspace was added, removed, synced, or its connection state changed. */
  'workspaces:changed': z.object({}),
  /** A workspace's keys changed (created, revoked, refreshed, expired). */
  'keys:changed': z.object({ workspaceId: z.string() }),
  /** The core's clock jumped (harness, or the system clock changed): recompute countdowns. */
  'clock:changed': z.object({ now: isoTime }),
  'keychain:changed': KeychainStatus,
  /** The clipboard was cleared of a secret the app put there. */
  'clipboard:cleared': z.object({ at: isoTime }),
} as const;

export type IpcEventName = keyof typeof ipcEvents;
export type IpcEventPayload<E extends IpcEventName> = z.output<(typeof ipcEvents)[E]>;
export type IpcEventListener<E extends IpcEventName> = (payload: IpcEventPayload<E>) => void;
export const IPC_EVENTS = Object.keys(ipcEvents) as IpcEventName[];

/** The single Electron channel names used underneath the typed API. */
export const IPC_INVOKE_CHANNEL_PREFIX = 'keywarden:';
export const IPC_EVENT_CHANNEL = 'keywarden:event';

// ---------------------------------------------------------------- window.keywarden

type Namespace<C> = C extends `${infer N}:${string}` ? N : never;
type Method<C, N extends string> = C extends `${N}:${infer M}` ? M : never;

export type KeywardenApi = {
  [N in Namespace<IpcChannel>]: {
    [M in Method<IpcChannel, N>]: `${N}:${M}` extends infer C extends IpcChannel
      ? undefined extends IpcInput<C>
        ? (input?: IpcInput<C>) => Promise<IpcResult<IpcOutput<C>>>
        : (input: IpcInput<C>) => Promise<IpcResult<IpcOutput<C>>>
      : never;
  };
} & {
  /** Subscribe to a main-process event; returns the unsubscribe function. */
  on<E extends IpcEventName>(event: E, listener: IpcEventListener<E>): () => void;
};

/**
 * The renderer-side listeners of main-process events, shared by the preload and the harness
 * bridge. One failing listener is reported and does not silence the others.
 */
export function createEventListeners() {
  const listeners = new Map<IpcEventName, Set<(payload: unknown) => void>>();
  return {
    subscribe(event: IpcEventName, listener: (payload: unknown) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(event: IpcEventName, payload: unknown): void {
      for (const listener of listeners.get(event) ?? []) {
        try {
          listener(payload);
        } catch (error) {
          console.error(`A keywarden "${event}" listener failed:`, error);
        }
      }
    },
  };
}

/**
 * Builds `window.keywarden` from one generic transport. The preload passes ipcRenderer-based
 * functions; the browser harness passes WebSocket-based ones. Both get the same shape.
 */
export function buildKeywardenApi(transport: {
  invoke(channel: IpcChannel, input: unknown): Promise<IpcResult<unknown>>;
  subscribe(event: IpcEventName, listener: (payload: unknown) => void): () => void;
}): KeywardenApi {
  const api: Record<string, unknown> = {};
  for (const name of IPC_CHANNELS) {
    const [namespace, method] = name.split(':') as [string, string];
    const group = (api[namespace] ??= {}) as Record<string, unknown>;
    group[method] = (input?: unknown) => transport.invoke(name, input);
  }
  api.on = (event: IpcEventName, listener: (payload: unknown) => void) => {
    if (!IPC_EVENTS.includes(event)) throw new Error(`Unknown Keywarden event: ${String(event)}`);
    return transport.subscribe(event, listener);
  };
  return api as KeywardenApi;
}
