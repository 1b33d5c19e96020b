/**
 * "Start Keywarden at login", as the OS has it: loaded when the settings show it, and switched
 * through the core, which answers with what the OS now says (and anything the user must still do
 * there, such as approving the app in macOS's Login Items).
 */
import { create } from 'zustand';
import type { StartAtLogin } from '../../../shared/ipc/index.ts';
import { invoke } from './bridge.ts';

type StartAtLoginState = {
  state: StartAtLogin | null;
  error: string | null;
  load(): Promise<void>;
  /** Resolves to the core's error sentence, or null when the OS took the change. */
  set(enabled: boolean): Promise<string | null>;
};

export const useStartAtLoginStore = create<StartAtLoginState>()((set, get) => ({
  state: null,
  error: null,
  load: async () => {
    const result = await invoke((api) => api.settings.startAtLogin());
    set(result.ok ? { state: result.value, error: null } : { error: result.message });
  },
  set: async (enabled) => {
    // The switch moves when clicked, and back if the OS refuses.
    const before = get().state;
    if (before) set({ state: { ...before, enabled } });
    const result = await invoke((api) => api.settings.setStartAtLogin({ enabled }));
    if (!result.ok) {
      set({ state: before });
      return result.message;
    }
    set({ state: result.value, error: null });
    return null;
  },
}));
