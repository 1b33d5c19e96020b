/**
 * Keys per workspace, with loading, offline (cache) and error states, and every key action:
 * create (with the show-once secret), update, revoke, copy, reveal, external keys.
 * Reloads a loaded workspace on `keys:changed`.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { CreateApiKeyRequest, UpdateApiKeyRequest } from '../../../shared/api/index.ts';
import type { CreatedKeyView, ExternalKeyInput, KeyListView, VaultKey } from '../../../shared/ipc/index.ts';
import { DEFAULT_CLIPBOARD_CLEAR_SECONDS, formatClipboardDelay } from '../lib/time.ts';
import { invoke, keywarden, type IpcFailure } from './bridge.ts';
import { useAppStore } from './useAppStore.ts';
import { toast, useUiStore } from './useUiStore.ts';

export type WorkspaceKeys = {
  keys: VaultKey[];
  source: KeyListView['source'];
  syncedAt: string | null;
  staleReason: string | null;
  /** First load with nothing to show yet: skeleton rows. */
  loading: boolean;
  refreshing: boolean;
  error: IpcFailure | null;
};

/** The secret of a key just created, shown once and dropped when the view closes. */
export type ShowOnce = CreatedKeyView & { workspaceId: string; copiedUntil: string | null };

type KeysState = {
  byWorkspace: Record<string, WorkspaceKeys>;
  showOnce: ShowOnce | null;
  revealed: { keyId: string; secret: string } | null;
  /** Which key's secret sits on the clipboard, and until when. */
  copied: { keyId: string; clearsAt: string | null } | null;
  load(workspaceId: string, mode?: 'list' | 'refresh'): Promise<void>;
  create(workspaceId: string, request: CreateApiKeyRequest): Promise<IpcFailure | null>;
  copyShowOnceSecret(): Promise<void>;
  dismissShowOnce(): void;
  update(workspaceId: string, keyId: string, patch: UpdateApiKeyRequest): Promise<boolean>;
  revoke(workspaceId: string, keyId: string, reason?: string): Promise<boolean>;
  copy(workspaceId: string, keyId: string): Promise<void>;
  reveal(workspaceId: string, keyId: string): Promise<void>;
  hideRevealed(): void;
  addExternal(input: ExternalKeyInput): Promise<IpcFailure | null>;
  removeExternal(workspaceId: string, keyId: string): Promise<boolean>;
};

const EMPTY: WorkspaceKeys = {
  keys: [],
  source: 'live',
  syncedAt: null,
  staleReason: null,
  loading: false,
  refreshing: false,
  error: null,
};

export const useKeysStore = create<KeysState>()((set, get) => {
  const patchWorkspace = (workspaceId: string, patch: Partial<WorkspaceKeys>) => {
    // Keys fresh from the core are judged on a fresh "now", not the last minute tick.
    if (patch.keys) useAppStore.getState().tick();
    set((s) => ({
      byWorkspace: { ...s.byWorkspace, [workspaceId]: { ...(s.byWorkspace[workspaceId] ?? EMPTY), ...patch } },
    }));
  };

  const replaceKey = (key: VaultKey) => {
    const current = get().byWorkspace[key.workspaceId];
    if (!current) return;
    const exists = current.keys.some((k) => k.id === key.id);
    patchWorkspace(key.workspaceId, {
      keys: exists ? current.keys.map((k) => (k.id === key.id ? key : k)) : [...current.keys, key],
    });
  };

  return {
    byWorkspace: {},
    showOnce: null,
    revealed: null,
    copied: null,
    load: async (workspaceId, mode = 'list') => {
      const current = get().byWorkspace[workspaceId];
      const selectedBefore = current?.keys.find((k) => k.id === useUiStore.getState().selectedKeyId);
      const hasData = current !== undefined && !current.loading && current.error === null;
      patchWorkspace(
        workspaceId,
        hasData || current?.keys.length ? { refreshing: true } : { loading: true, error: null },
      );
      const result = await invoke((api) =>
        mode === 'refresh' ? api.keys.refresh({ workspaceId }) : api.keys.list({ workspaceId }),
      );
      if (!result.ok) {
        patchWorkspace(workspaceId, { loading: false, refreshing: false, error: result });
        if (mode === 'refresh') toast(result.message, 'error');
        return;
      }
      const { keys, source, syncedAt, staleReason } = result.value;
      // The open key was deleted (3 months after it expired): close its panel and say why.
      if (selectedBefore && !keys.some((k) => k.id === selectedBefore.id)) {
        useUiStore.getState().selectKey(null);
        toast(`${selectedBefore.name} (${selectedBefore.prefix}…) was deleted automatically after it expired.`, 'info');
      }
      patchWorkspace(workspaceId, {
        keys,
        source,
        syncedAt,
        staleReason,
        loading: false,
        refreshing: false,
        error: null,
      });
    },
    create: async (workspaceId, request) => {
      const result = await invoke((api) => api.keys.create({ workspaceId, request }));
      if (!result.ok) return result;
      replaceKey(result.value.key);
      set({ showOnce: { ...result.value, workspaceId, copiedUntil: null } });
      return null;
    },
    copyShowOnceSecret: async () => {
      const showOnce = get().showOnce;
      if (!showOnce) return;
      const result = await invoke((api) => api.clipboard.copySecret({ secret: showOnce.secret }));
      if (!result.ok) {
        toast(result.message, 'error');
        return;
      }
      set((s) => (s.showOnce ? { showOnce: { ...s.showOnce, copiedUntil: result.value.clearsAt ?? 'never' } } : {}));
    },
    dismissShowOnce: () => {
      const showOnce = get().showOnce;
      set({ showOnce: null });
      if (showOnce) toast(`Created ${showOnce.key.name} (${showOnce.key.prefix}…).`, 'success');
    },
    update: async (workspaceId, keyId, patch) => {
      const result = await invoke((api) => api.keys.update({ workspaceId, keyId, patch }));
      if (!result.ok) {
        toast(result.message, 'error');
        return false;
      }
      replaceKey(result.value);
      toast(`Saved ${result.value.name}.`, 'success');
      return true;
    },
    revoke: async (workspaceId, keyId, reason) => {
      const result = await invoke((api) =>
        api.keys.revoke(reason ? { workspaceId, keyId, reason } : { workspaceId, keyId }),
      );
      if (!result.ok) {
        toast(result.message, 'error');
        return false;
      }
      replaceKey(result.value);
      if (get().revealed?.keyId === keyId) set({ revealed: null });
      toast(`Revoked ${result.value.name}. Requests with it now get 401 invalid_key.`, 'success');
      return true;
    },
    copy: async (workspaceId, keyId) => {
      const result = await invoke((api) => api.keys.copy({ workspaceId, keyId }));
      if (!result.ok) {
        toast(result.message, 'error');
        return;
      }
      set({ copied: { keyId, clearsAt: result.value.clearsAt } });
      const clearSeconds = useAppStore.getState().settings?.clipboardClearSeconds ?? DEFAULT_CLIPBOARD_CLEAR_SECONDS;
      toast(
        result.value.clearsAt
          ? `Secret copied. The clipboard clears in ${formatClipboardDelay(clearSeconds)}.`
          : 'Secret copied.',
        'success',
      );
    },
    reveal: async (workspaceId, keyId) => {
      const result = await invoke((api) => api.keys.reveal({ workspaceId, keyId }));
      if (!result.ok) {
        toast(result.message, 'error');
        return;
      }
      // The panel was closed or moved to another key while the secret was on its way: drop it.
      if (useUiStore.getState().selectedKeyId !== keyId) return;
      set({ revealed: { keyId, secret: result.value.secret } });
    },
    hideRevealed: () => set({ revealed: null }),
    addExternal: async (input) => {
      const result = await invoke((api) => api.externalKeys.add(input));
      if (!result.ok) return result;
      replaceKey(result.value);
      useUiStore.getState().selectKey(result.value.id);
      toast(`Added ${result.value.name} to your vault.`, 'success');
      return null;
    },
    removeExternal: async (workspaceId, keyId) => {
      const result = await invoke((api) => api.externalKeys.remove({ workspaceId, keyId }));
      if (!result.ok) {
        toast(result.message, 'error');
        return false;
      }
      const current = get().byWorkspace[workspaceId];
      if (current) patchWorkspace(workspaceId, { keys: current.keys.filter((k) => k.id !== keyId) });
      if (useUiStore.getState().selectedKeyId === keyId) useUiStore.getState().selectKey(null);
      toast('Removed the key and its secret from this device.', 'success');
      return true;
    },
  };
});

const api = keywarden();
api.on('keys:changed', ({ workspaceId }) => {
  if (useKeysStore.getState().byWorkspace[workspaceId]) void useKeysStore.getState().load(workspaceId);
});
// A clock jump can expire or delete keys (the service deletes them 3 months after expiry): reload
// every workspace on screen so a deleted key does not linger until a manual Refresh.
api.on('clock:changed', () => {
  for (const workspaceId of Object.keys(useKeysStore.getState().byWorkspace)) {
    void useKeysStore.getState().load(workspaceId);
  }
});
api.on('clipboard:cleared', () => {
  const { copied, showOnce } = useKeysStore.getState();
  if (copied || showOnce?.copiedUntil) {
    useKeysStore.setState((s) => ({
      copied: null,
      showOnce: s.showOnce ? { ...s.showOnce, copiedUntil: null } : null,
    }));
    toast('Clipboard cleared.', 'info');
  }
});

// A revealed secret belongs to the panel that showed it: closing the panel or opening another key
// drops it, so reopening the key shows "Reveal" again instead of the secret.
useUiStore.subscribe((ui, previous) => {
  if (ui.selectedKeyId !== previous.selectedKeyId && useKeysStore.getState().revealed !== null) {
    useKeysStore.setState({ revealed: null });
  }
});

export const useWorkspaceKeys = (workspaceId: string | null) =>
  useKeysStore((s) => (workspaceId === null ? undefined : s.byWorkspace[workspaceId]));
export const useShowOnce = () => useKeysStore((s) => s.showOnce);
export const useRevealed = () => useKeysStore((s) => s.revealed);
export const useCopied = () => useKeysStore((s) => s.copied);
export const useKeyActions = () =>
  useKeysStore(
    useShallow((s) => ({
      load: s.load,
      create: s.create,
      copyShowOnceSecret: s.copyShowOnceSecret,
      dismissShowOnce: s.dismissShowOnce,
      update: s.update,
      revoke: s.revoke,
      copy: s.copy,
      reveal: s.reveal,
      hideRevealed: s.hideRevealed,
      addExternal: s.addExternal,
      removeExternal: s.removeExternal,
    })),
  );
