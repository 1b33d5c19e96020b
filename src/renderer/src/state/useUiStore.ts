/**
 * What the user is looking at: the selected key, the table's search, filters and sort, the open
 * dialog, and toasts. No IPC here.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { KeyFilter, KeySort, ScopeFilter, SortColumn, StatusFilter } from '../lib/key-table.ts';
import { nextSort } from '../lib/key-table.ts';

export type Dialog =
  | { kind: 'createKey' }
  | { kind: 'addExternalKey' }
  | { kind: 'connectWorkspace'; url?: string; name?: string }
  | { kind: 'removeWorkspace'; workspaceId: string }
  | { kind: 'revokeKey'; workspaceId: string; keyId: string }
  | { kind: 'removeExternalKey'; workspaceId: string; keyId: string }
  | { kind: 'settings' };

export type ToastTone = 'success' | 'error' | 'info';
export type Toast = { id: number; tone: ToastTone; message: string };

type UiState = {
  selectedKeyId: string | null;
  filter: KeyFilter;
  sort: KeySort;
  dialog: Dialog | null;
  toasts: Toast[];
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
  selectedKeyId: null,
  filter: { query: '', status: 'all', scope: 'all' },
  sort: { column: 'expiresAt', direction: 'ascending' },
  dialog: null,
  toasts: [],
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

export const useSelectedKeyId = () => useUiStore((s) => s.selectedKeyId);
export const useKeyFilter = () => useUiStore(useShallow((s) => s.filter));
export const useKeySort = () => useUiStore(useShallow((s) => s.sort));
export const useDialog = () => useUiStore((s) => s.dialog);
export const useToasts = () => useUiStore((s) => s.toasts);
export const useUiActions = () =>
  useUiStore(
    useShallow((s) => ({
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
