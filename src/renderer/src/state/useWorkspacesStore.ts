/**
 * Workspaces in the sidebar (local, remote, External keys), which one is open, and connecting
 * or removing one. Reloads on `workspaces:changed`.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { IpcInput, WorkspaceView } from '../../../shared/ipc/index.ts';
import { invoke, keywarden, type IpcFailure } from './bridge.ts';
import { toast, useUiStore } from './useUiStore.ts';

type WorkspacesState = {
  workspaces: WorkspaceView[];
  loaded: boolean;
  error: string | null;
  selectedId: string | null;
  load(): Promise<void>;
  select(workspaceId: string): void;
  /** Returns the failure so the dialog can show its sentence next to the form. */
  connect(input: IpcInput<'workspaces:connect'>): Promise<IpcFailure | null>;
  remove(workspaceId: string): Promise<void>;
};

export const useWorkspacesStore = create<WorkspacesState>()((set, get) => ({
  workspaces: [],
  loaded: false,
  error: null,
  selectedId: null,
  load: async () => {
    const result = await invoke((api) => api.workspaces.list());
    if (!result.ok) {
      set({ error: result.message, loaded: true });
      return;
    }
    const workspaces = result.value;
    const selected = get().selectedId;
    const stillThere = workspaces.some((w) => w.id === selected);
    set({
      workspaces,
      loaded: true,
      error: null,
      selectedId: stillThere ? selected : ((workspaces.find((w) => w.kind === 'local') ?? workspaces[0])?.id ?? null),
    });
  },
  select: (workspaceId) => {
    if (get().selectedId === workspaceId) return;
    set({ selectedId: workspaceId });
    useUiStore.getState().selectKey(null);
  },
  connect: async (input) => {
    const result = await invoke((api) => api.workspaces.connect(input));
    if (!result.ok) return result;
    const workspace = result.value;
    set((s) => ({
      workspaces: [...s.workspaces.filter((w) => w.id !== workspace.id), workspace],
      selectedId: workspace.id,
    }));
    useUiStore.getState().selectKey(null);
    useUiStore.getState().showView('keys');
    toast(`Connected to ${workspace.name}.`, 'success');
    return null;
  },
  remove: async (workspaceId) => {
    const workspace = get().workspaces.find((w) => w.id === workspaceId);
    const result = await invoke((api) => api.workspaces.remove({ workspaceId }));
    if (!result.ok) {
      toast(result.message, 'error');
      return;
    }
    const secrets = result.value.removedSecrets;
    toast(
      `Removed ${workspace?.name ?? 'the workspace'}${secrets > 0 ? ` and ${secrets} secret${secrets === 1 ? '' : 's'} from this device` : ''}.`,
      'success',
    );
    await get().load();
  },
}));

keywarden().on('workspaces:changed', () => void useWorkspacesStore.getState().load());

// A key opened for rotation (from the dashboard or a reminder) brings its workspace along; the key
// stays selected, unlike a click on the workspace, which starts with no key open.
useUiStore.subscribe((ui, previous) => {
  const request = ui.rotationRequest;
  if (
    request &&
    request !== previous.rotationRequest &&
    useWorkspacesStore.getState().selectedId !== request.workspaceId
  ) {
    useWorkspacesStore.setState({ selectedId: request.workspaceId });
  }
});

export const useWorkspaces = () =>
  useWorkspacesStore(useShallow((s) => ({ workspaces: s.workspaces, loaded: s.loaded, error: s.error })));
export const useSelectedWorkspace = () =>
  useWorkspacesStore((s) => s.workspaces.find((w) => w.id === s.selectedId) ?? null);
export const useWorkspaceActions = () =>
  useWorkspacesStore(useShallow((s) => ({ load: s.load, select: s.select, connect: s.connect, remove: s.remove })));
