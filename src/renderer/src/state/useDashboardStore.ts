/**
 * The dashboard's summary from the core: the keys needing action and the next twelve months of
 * expiries. Loaded at start (it decides the start view) and again whenever keys, workspaces or the
 * clock or reminders change, a burst of changes folded into one reload.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { DashboardSummary } from '../../../shared/ipc/index.ts';
import { invoke, keywarden, type IpcFailure } from './bridge.ts';

type DashboardState = {
  summary: DashboardSummary | null;
  loading: boolean;
  error: IpcFailure | null;
  /** Resolves to the summary, or null when the core could not give one. */
  load(): Promise<DashboardSummary | null>;
};

export const useDashboardStore = create<DashboardState>()((set) => ({
  summary: null,
  loading: false,
  error: null,
  load: async () => {
    set({ loading: true });
    const result = await invoke((api) => api.dashboard.summary());
    if (!result.ok) {
      set({ loading: false, error: result });
      return null;
    }
    set({ summary: result.value, loading: false, error: null });
    return result.value;
  },
}));

// A key change fires keys:changed for its workspace and workspaces:changed: one reload for both.
const RELOAD_DELAY_MS = 50;
let reloadTimer: ReturnType<typeof setTimeout> | null = null;
function reloadSoon(): void {
  if (reloadTimer !== null) return;
  reloadTimer = setTimeout(() => {
    reloadTimer = null;
    void useDashboardStore.getState().load();
  }, RELOAD_DELAY_MS);
}

// Subscribed once, when the store module loads, so every component shares one subscription.
const api = keywarden();
api.on('workspaces:changed', reloadSoon);
api.on('keys:changed', reloadSoon);
api.on('clock:changed', reloadSoon);
// A rotation policy or a workspace's thresholds changed what counts as due.
api.on('reminders:changed', reloadSoon);

export const useDashboard = () =>
  useDashboardStore(useShallow((s) => ({ summary: s.summary, loading: s.loading, error: s.error })));
export const useAttentionTotal = () => useDashboardStore((s) => s.summary?.attentionTotal ?? 0);
export const useDashboardActions = () => useDashboardStore(useShallow((s) => ({ load: s.load })));
