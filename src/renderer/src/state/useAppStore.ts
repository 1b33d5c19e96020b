/**
 * App info, keychain status, settings, and the one shared clock of the UI. `now` follows the
 * core's clock (offset = core now − Date.now(), from app:info and clock:changed) and ticks once a
 * minute for every countdown at once: no per-row timers.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AppInfo, KeychainStatus, Settings } from '../../../shared/ipc/index.ts';
import { msUntilNextMinute } from '../lib/time.ts';
import { invoke, keywarden } from './bridge.ts';

type AppState = {
  info: AppInfo | null;
  keychain: KeychainStatus | null;
  settings: Settings | null;
  clockOffsetMs: number;
  /** The core's "now", in ms, refreshed every minute and on every clock jump. */
  now: number;
  loadError: string | null;
  load(): Promise<void>;
  /** Saves the patch in the core; resolves to the core's error sentence, or null when saved. */
  updateSettings(patch: Partial<Settings>): Promise<string | null>;
  syncClock(coreNowIso: string): void;
  tick(): void;
};

export const useAppStore = create<AppState>()((set, get) => ({
  info: null,
  keychain: null,
  settings: null,
  clockOffsetMs: 0,
  now: Date.now(),
  loadError: null,
  load: async () => {
    const result = await invoke((api) => api.app.info());
    if (!result.ok) {
      set({ loadError: result.message });
      return;
    }
    set({ info: result.value, keychain: result.value.keychain, settings: result.value.settings, loadError: null });
    get().syncClock(result.value.now);
  },
  updateSettings: async (patch) => {
    const result = await invoke((api) => api.settings.update(patch));
    if (!result.ok) return result.message;
    set({ settings: result.value });
    return null;
  },
  syncClock: (coreNowIso) => {
    const clockOffsetMs = Date.parse(coreNowIso) - Date.now();
    set({ clockOffsetMs, now: Date.now() + clockOffsetMs });
  },
  tick: () => set({ now: Date.now() + get().clockOffsetMs }),
}));

// Subscribed once, when the store module loads so every component sees the same stream without subscribing twice.
const api = keywarden();
api.on('clock:changed', ({ now }) => useAppStore.getState().syncClock(now));

function scheduleTick(): void {
  const { clockOffsetMs } = useAppStore.getState();
  setTimeout(
    () => {
      useAppStore.getState().tick();
      scheduleTick();
    },
    msUntilNextMinute(Date.now() + clockOffsetMs) + 50,
  );
}
scheduleTick();

export const useNow = () => useAppStore((s) => s.now);
export const useKeychain = () => useAppStore((s) => s.keychain);
export const useAppInfo = () =>
  useAppStore(useShallow((s) => ({ info: s.info, settings: s.settings, loadError: s.loadError })));
