/**
 * Reminder settings kept by the core: whether reminders are on, paused, how often every workspace
 * is synced in the background, and each workspace's thresholds. Reloads the preferences on
 * `reminders:changed` (the tray's "pause for a day" changes them too), and opens what a clicked
 * reminder points at (`reminders:open`).
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { ReminderPreferences, ReminderPreferencesPatch } from '../../../shared/ipc/index.ts';
import { invoke, keywarden, type IpcFailure } from './bridge.ts';
import { useUiStore } from './useUiStore.ts';

export type SyncRound = { synced: number; unreachable: number };

type RemindersState = {
  preferences: ReminderPreferences | null;
  error: IpcFailure | null;
  /** Each workspace's thresholds (days before expiry), once asked for. */
  thresholds: Record<string, number[]>;
  load(): Promise<void>;
  /** Resolves to the core's error sentence, or null when saved. */
  updatePreferences(patch: ReminderPreferencesPatch): Promise<string | null>;
  pause(): Promise<string | null>;
  resume(): Promise<string | null>;
  loadThresholds(workspaceId: string): Promise<void>;
  setThresholds(workspaceId: string, thresholdDays: number[]): Promise<string | null>;
  syncNow(): Promise<SyncRound | IpcFailure>;
};

export const useRemindersStore = create<RemindersState>()((set, get) => {
  const savePreferences = async (
    call: () => Promise<{ ok: true; value: ReminderPreferences } | IpcFailure>,
  ): Promise<string | null> => {
    const result = await call();
    if (!result.ok) return result.message;
    set({ preferences: result.value });
    return null;
  };

  return {
    preferences: null,
    error: null,
    thresholds: {},
    load: async () => {
      const result = await invoke((api) => api.reminders.preferences());
      if (!result.ok) {
        set({ error: result });
        return;
      }
      set({ preferences: result.value, error: null });
    },
    updatePreferences: async (patch) => {
      // Shown at once (a switch must move when clicked); put back if the core refuses.
      const before = get().preferences;
      if (before) set({ preferences: { ...before, ...patch } });
      const failure = await savePreferences(() => invoke((api) => api.reminders.updatePreferences(patch)));
      if (failure && before) set({ preferences: before });
      return failure;
    },
    pause: () => savePreferences(() => invoke((api) => api.reminders.pause())),
    resume: () => savePreferences(() => invoke((api) => api.reminders.resume())),
    loadThresholds: async (workspaceId) => {
      const result = await invoke((api) => api.reminders.thresholds({ workspaceId }));
      if (!result.ok) return;
      set((s) => ({ thresholds: { ...s.thresholds, [workspaceId]: result.value.thresholdDays } }));
    },
    setThresholds: async (workspaceId, thresholdDays) => {
      const result = await invoke((api) => api.reminders.setThresholds({ workspaceId, thresholdDays }));
      if (!result.ok) return result.message;
      set((s) => ({ thresholds: { ...s.thresholds, [workspaceId]: result.value.thresholdDays } }));
      return null;
    },
    syncNow: async () => {
      const result = await invoke((api) => api.reminders.syncNow());
      return result.ok ? result.value : result;
    },
  };
});

// Subscribed once, when the store module loads, so every component shares one subscription; only a store someone opened reloads.
const api = keywarden();
api.on('reminders:changed', () => {
  if (useRemindersStore.getState().preferences !== null) void useRemindersStore.getState().load();
});
// A reminder was clicked (notification or tray): its key, ready to rotate, or the dashboard for a summary.
api.on('reminders:open', (target) => {
  const ui = useUiStore.getState();
  if (target.action === 'dashboard') ui.showView('dashboard');
  else ui.openRotation(target.workspaceId, target.keyId);
});

export const useReminderPreferences = () =>
  useRemindersStore(useShallow((s) => ({ preferences: s.preferences, error: s.error })));
export const useWorkspaceThresholds = (workspaceId: string) => useRemindersStore((s) => s.thresholds[workspaceId]);
export const useReminderActions = () =>
  useRemindersStore(
    useShallow((s) => ({
      load: s.load,
      updatePreferences: s.updatePreferences,
      pause: s.pause,
      resume: s.resume,
      loadThresholds: s.loadThresholds,
      setThresholds: s.setThresholds,
      syncNow: s.syncNow,
    })),
  );
