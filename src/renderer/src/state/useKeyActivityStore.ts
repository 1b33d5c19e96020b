/**
 * What the key details panel shows about a key's use and history: its usage from its service
 * (30 days per day, last use, recent requests) and its own audit trail from the log kept on this
 * device. Loaded when the panel opens a key, again on request.
 */
import { create } from 'zustand';
import type { AuditEntry, KeyUsageView } from '../../../shared/ipc/index.ts';
import { invoke, keywarden, type IpcFailure } from './bridge.ts';

/** The key's events listed in its panel; the audit view has the rest. */
const TRAIL_LENGTH = 20;

export type KeyActivity = {
  usage: KeyUsageView | null;
  /** Why the usage could not be read (offline, an external key…). */
  usageError: IpcFailure | null;
  trail: AuditEntry[];
  loading: boolean;
};

type KeyActivityState = {
  byKey: Record<string, KeyActivity>;
  /** The key whose panel asked last: the one kept current as events arrive. */
  shown: { workspaceId: string; keyId: string } | null;
  load(workspaceId: string, keyId: string): Promise<void>;
};

const refOf = (workspaceId: string, keyId: string) => `${workspaceId}/${keyId}`;
const EMPTY: KeyActivity = { usage: null, usageError: null, trail: [], loading: true };

export const useKeyActivityStore = create<KeyActivityState>()((set) => ({
  byKey: {},
  shown: null,
  load: async (workspaceId, keyId) => {
    const ref = refOf(workspaceId, keyId);
    set((s) => ({
      shown: { workspaceId, keyId },
      byKey: { ...s.byKey, [ref]: { ...(s.byKey[ref] ?? EMPTY), loading: true } },
    }));
    const [usage, trail] = await Promise.all([
      invoke((api) => api.keys.usage({ workspaceId, keyId })),
      invoke((api) => api.audit.query({ workspaceId, keyId, limit: TRAIL_LENGTH })),
    ]);
    set((s) => ({
      byKey: {
        ...s.byKey,
        [ref]: {
          usage: usage.ok ? usage.value : (s.byKey[ref]?.usage ?? null),
          usageError: usage.ok ? null : usage,
          trail: trail.ok ? trail.value.entries : (s.byKey[ref]?.trail ?? []),
          loading: false,
        },
      },
    }));
  },
}));

// A synced page or something the app did may concern the key whose panel is open: one reload per burst.
let reloadTimer: ReturnType<typeof setTimeout> | null = null;
keywarden().on('audit:changed', ({ workspaceId }) => {
  if (reloadTimer !== null || useKeyActivityStore.getState().shown?.workspaceId !== workspaceId) return;
  reloadTimer = setTimeout(() => {
    reloadTimer = null;
    const { shown, load } = useKeyActivityStore.getState();
    if (shown) void load(shown.workspaceId, shown.keyId);
  }, 300);
});

export const useKeyActivity = (workspaceId: string, keyId: string) =>
  useKeyActivityStore((s) => s.byKey[refOf(workspaceId, keyId)] ?? EMPTY);
export const useKeyActivityActions = () => useKeyActivityStore((s) => s.load);
