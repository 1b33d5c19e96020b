/**
 * What the user is looking at: the view (Keys, Dashboard, Audit, Settings), the selected key, the
 * table's search, filters and sort, the open dialog, and toasts. No IPC here.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { KeyFilter, KeySort, ScopeFilter, SortColumn, StatusFilter } from '../lib/key-table.ts';
import { nextSort } from '../lib/key-table.ts';
import type { AppView } from '../lib/shortcuts.ts';

export type { AppView };

export type Dialog =
  | { kind: 'createKey' }
  | { kind: 'addExternalKey' }
  | { kind: 'connectWorkspace'; url?: string; name?: string }
  | { kind: 'removeWorkspace'; workspaceId: string }
  | { kind: 'revokeKey'; workspaceId: string; keyId: string }
  | { kind: 'removeExternalKey'; workspaceId: string; keyId: string }
  /** The rotation wizard: the key's rotation in progress, or a new one (`leaked`: the emergency path). */
  | { kind: 'rotateKey'; workspaceId: string; keyId: string; mode?: 'standard' | 'leaked' }
  /** Adds a destination to the key (no targetId) or edits one. */
  | { kind: 'editTarget'; workspaceId: string; keyId: string; targetId?: string }
  | { kind: 'removeTarget'; workspaceId: string; keyId: string; targetId: string };

/** A key whose rotation was asked for (Rotate on the dashboard, a reminder's click). */
export type RotationRequest = { workspaceId: string; keyId: string };

export type ToastTone = 'success' | 'error' | 'info';
export type Toast = { id: number; tone: ToastTone; message: string };

type UiState = {
  /** Null until the start view is chosen (the dashboard when something needs attention, else Keys). */
  view: AppView | null;
  rotationRequest: RotationRequest | null;
  selectedKeyId: string | null;
  filter: KeyFilter;
  sort: KeySort;
  dialog: Dialog | null;
  toasts: Toast[];
  showView(view: AppView): void;
  /** Chooses the start view unless the user already went somewhere. */
  chooseStartView(view: AppView): void;
  /**
   * Opens a key for rotation: the Keys view with the key's details. The workspace store follows
   * `rotationRequest` to select its workspace; the rotation wizard opens from it.
   */
  openRotation(workspaceId: string, keyId: string): void;
  /** The rotation wizard took the request (or the user moved on). */
  clearRotationRequest(): void;
  selectKey(keyId: string | null): void;
  setQuery(query: string): void;
  setStatusFilter(status: StatusFilter): void;
  setScopeFilter(scope: ScopeFilter): void;
  clearFilters(): void;
  sortBy(column: SortColumn): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  toast(message: string, tone?: ToastTone): void;
  dismissToast(id: number): void;
};

const TOAST_MS = 5000;
let nextToastId = 1;

export const useUiStore = create<UiState>()((set, get) => ({
  view: null,
  rotationRequest: null,
  selectedKeyId: null,
  filter: { query: '', status: 'all', scope: 'all' },
  sort: { column: 'expiresAt', direction: 'ascending' },
  dialog: null,
  toasts: [],
  showView: (view) => set({ view }),
  chooseStartView: (view) => set((s) => (s.view === null ? { view } : {})),
  openRotation: (workspaceId, keyId) =>
    set({ view: 'keys', selectedKeyId: keyId, rotationRequest: { workspaceId, keyId }, dialog: null }),
  clearRotationRequest: () => set({ rotationRequest: null }),
  selectKey: (selectedKeyId) => set({ selectedKeyId }),
  setQuery: (query) => set((s) => ({ filter: { ...s.filter, query } })),
  setStatusFilter: (status) => set((s) => ({ filter: { ...s.filter, status } })),
  setScopeFilter: (scope) => set((s) => ({ filter: { ...s.filter, scope } })),
  clearFilters: () => set({ filter: { query: '', status: 'all', scope: 'all' } }),
  sortBy: (column) => set((s) => ({ sort: nextSort(s.sort, column) })),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  toast: (message, tone = 'info') => {
    const id = nextToastId++;
    set((s) => ({ toasts: [...s.toasts.slice(-2), { id, tone, message }] }));
    setTimeout(() => get().dismissToast(id), tone === 'error' ? TOAST_MS * 2 : TOAST_MS);
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export const toast = (message: string, tone?: ToastTone) => useUiStore.getState().toast(message, tone);

export const useView = () => useUiStore((s) => s.view);
export const useRotationRequest = () => useUiStore((s) => s.rotationRequest);
export const useSelectedKeyId = () => useUiStore((s) => s.selectedKeyId);
export const useKeyFilter = () => useUiStore(useShallow((s) => s.filter));
export const useKeySort = () => useUiStore(useShallow((s) => s.sort));
export const useDialog = () => useUiStore((s) => s.dialog);
export const useToasts = () => useUiStore((s) => s.toasts);
export const useUiActions = () =>
  useUiStore(
    useShallow((s) => ({
      showView: s.showView,
      openRotation: s.openRotation,
      selectKey: s.selectKey,
      setQuery: s.setQuery,
      setStatusFilter: s.setStatusFilter,
      setScopeFilter: s.setScopeFilter,
      clearFilters: s.clearFilters,
      sortBy: s.sortBy,
      openDialog: s.openDialog,
      closeDialog: s.closeDialog,
      dismissToast: s.dismissToast,
    })),
  );
