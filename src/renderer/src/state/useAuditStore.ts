/**
 * The audit log view's state: its filters (kept while the user visits other views), the rows
 * loaded so far (newest first, a page at a time), the event open in the detail panel, what the
 * filters can choose from, each workspace's sync state and progress. New events (a sync's page,
 * something the app did) reload the first page, a burst folded into one reload.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type {
  AuditEntry,
  AuditExportResult,
  AuditFacets,
  AuditStatus,
  IpcEventPayload,
} from '../../../shared/ipc/index.ts';
import { NO_AUDIT_FILTERS, toAuditFilters, type AuditViewFilters } from '../lib/audit.ts';
import { invoke, keywarden, type IpcFailure } from './bridge.ts';

const PAGE_SIZE = 200;

export type SyncProgress = IpcEventPayload<'audit:syncProgress'>;

type AuditState = {
  filters: AuditViewFilters;
  entries: AuditEntry[];
  nextCursor: string | null;
  /** True until the first page for the current filters has arrived. */
  loading: boolean;
  loadingMore: boolean;
  error: IpcFailure | null;
  selectedId: string | null;
  facets: AuditFacets;
  status: AuditStatus | null;
  progress: Record<string, SyncProgress>;
  syncing: boolean;
  setFilters(patch: Partial<AuditViewFilters>): void;
  clearFilters(): void;
  /** The first page for the current filters. */
  load(): Promise<void>;
  loadMore(): Promise<void>;
  select(entryId: string | null): void;
  loadFacets(): Promise<void>;
  loadStatus(): Promise<void>;
  /** Syncs every workspace (or walks the whole trail again with `recheck`); resolves with the failure, if any. */
  sync(recheck?: boolean): Promise<IpcFailure | null>;
  /** Saves the filtered rows to a CSV file the user picks. */
  exportCsv(): Promise<AuditExportResult | IpcFailure>;
};

let loadRound = 0;
const TYPING_PAUSE_MS = 250;
let textTimer: ReturnType<typeof setTimeout> | null = null;

export const useAuditStore = create<AuditState>()((set, get) => ({
  filters: NO_AUDIT_FILTERS,
  entries: [],
  nextCursor: null,
  loading: true,
  loadingMore: false,
  error: null,
  selectedId: null,
  facets: { actors: [], keys: [] },
  status: null,
  progress: {},
  syncing: false,
  setFilters: (patch) => {
    set((s) => ({ filters: { ...s.filters, ...patch } }));
    // Free text is asked for once typing pauses; every other filter at once.
    if (textTimer !== null) clearTimeout(textTimer);
    textTimer = null;
    const typing = Object.keys(patch).length === 1 && 'text' in patch;
    if (!typing) return void get().load();
    textTimer = setTimeout(() => {
      textTimer = null;
      void get().load();
    }, TYPING_PAUSE_MS);
  },
  clearFilters: () => get().setFilters(NO_AUDIT_FILTERS),
  load: async () => {
    // A later filter change wins over an answer still on its way.
    const round = ++loadRound;
    set({ loading: true });
    const result = await invoke((api) => api.audit.query({ ...toAuditFilters(get().filters), limit: PAGE_SIZE }));
    if (round !== loadRound) return;
    if (!result.ok) {
      set({ loading: false, error: result });
      return;
    }
    const { entries, nextCursor } = result.value;
    set((s) => ({
      entries,
      nextCursor,
      loading: false,
      error: null,
      selectedId: entries.some((entry) => entry.id === s.selectedId) ? s.selectedId : null,
    }));
  },
  loadMore: async () => {
    const { nextCursor, loadingMore, filters } = get();
    if (nextCursor === null || loadingMore) return;
    const round = loadRound;
    set({ loadingMore: true });
    const result = await invoke((api) =>
      api.audit.query({ ...toAuditFilters(filters), limit: PAGE_SIZE, cursor: nextCursor }),
    );
    if (round !== loadRound) return set({ loadingMore: false });
    if (!result.ok) return set({ loadingMore: false, error: result });
    set((s) => ({
      entries: [...s.entries, ...result.value.entries],
      nextCursor: result.value.nextCursor,
      loadingMore: false,
    }));
  },
  select: (selectedId) => set({ selectedId }),
  loadFacets: async () => {
    const result = await invoke((api) => api.audit.facets());
    if (result.ok) set({ facets: result.value });
  },
  loadStatus: async () => {
    const result = await invoke((api) => api.audit.status());
    if (result.ok) set({ status: result.value });
  },
  sync: async (recheck = false) => {
    set({ syncing: true });
    const result = await invoke((api) => api.audit.sync(recheck ? { recheck } : undefined));
    set({ syncing: false, ...(result.ok ? { status: result.value } : {}) });
    return result.ok ? null : result;
  },
  exportCsv: async () => {
    const result = await invoke((api) => api.audit.export(toAuditFilters(get().filters)));
    return result.ok ? result.value : result;
  },
}));

// Syncs store a page at a time and the app records what it does: one reload per burst.
const RELOAD_DELAY_MS = 150;
let reloadTimer: ReturnType<typeof setTimeout> | null = null;
function reloadSoon(): void {
  if (reloadTimer !== null) return;
  reloadTimer = setTimeout(() => {
    reloadTimer = null;
    const audit = useAuditStore.getState();
    void audit.load();
    void audit.loadStatus();
    void audit.loadFacets();
  }, RELOAD_DELAY_MS);
}

// Subscribed once, when the store module loads.
const api = keywarden();
api.on('audit:changed', reloadSoon);
api.on('workspaces:changed', reloadSoon);
api.on('audit:syncProgress', (progress) =>
  useAuditStore.setState((s) => ({ progress: { ...s.progress, [progress.workspaceId]: progress } })),
);

export const useAuditFilters = () => useAuditStore(useShallow((s) => s.filters));
export const useAuditRows = () =>
  useAuditStore(
    useShallow((s) => ({
      entries: s.entries,
      nextCursor: s.nextCursor,
      loading: s.loading,
      loadingMore: s.loadingMore,
      error: s.error,
    })),
  );
export const useSelectedAuditEntry = () =>
  useAuditStore((s) => s.entries.find((entry) => entry.id === s.selectedId) ?? null);
export const useAuditFacets = () => useAuditStore((s) => s.facets);
export const useAuditSync = () =>
  useAuditStore(useShallow((s) => ({ status: s.status, progress: s.progress, syncing: s.syncing })));
export const useAuditActions = () =>
  useAuditStore(
    useShallow((s) => ({
      setFilters: s.setFilters,
      clearFilters: s.clearFilters,
      load: s.load,
      loadMore: s.loadMore,
      select: s.select,
      loadFacets: s.loadFacets,
      loadStatus: s.loadStatus,
      sync: s.sync,
      exportCsv: s.exportCsv,
    })),
  );
