/**
 * A key's destinations (the secret managers and `.env` files its secret is pushed to) and its push
 * history, per key once asked for. A rotation hands the destinations over to the new key and
 * pushes to them, so both lists are read again (once per burst) when a rotation of a shown key
 * changes. Actions answer with the core's failure, or what the form shows; no toasts here.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { IpcInput, IpcResult, PushRecordView, SignInView, TargetView } from '../../../shared/ipc/index.ts';
import { invoke, keywarden, type IpcFailure } from './bridge.ts';

export type KeyOwner = { workspaceId: string; keyId: string };

const ownerRef = (owner: KeyOwner) => `${owner.workspaceId}/${owner.keyId}`;

export type Loaded<T> = { items: T[]; loading: boolean; error: IpcFailure | null };

/** The command to run by hand, on the clipboard; the secret follows with the key's own copy. */
export type CopiedCommand = {
  command: string;
  stdin: 'secret' | 'item-json' | 'none';
  note: string | null;
  clearsAt: string | null;
};

const HISTORY_LIMIT = 50;

type TargetsState = {
  targets: Record<string, Loaded<TargetView>>;
  history: Record<string, Loaded<PushRecordView>>;
  load(owner: KeyOwner): Promise<void>;
  loadHistory(owner: KeyOwner): Promise<void>;
  add(input: IpcInput<'targets:add'>): Promise<IpcFailure | null>;
  update(owner: KeyOwner, input: IpcInput<'targets:update'>): Promise<IpcFailure | null>;
  remove(owner: KeyOwner, targetId: string): Promise<IpcFailure | null>;
  /** Checks the CLI and its sign-in (a `.env` folder: writable) for a saved target or a draft; writes nothing. */
  test(input: IpcInput<'targets:test'>): Promise<IpcResult<SignInView>>;
  /**
   * Puts the target's command (never the secret) on the clipboard. The window may not touch the
   * clipboard itself (every permission is refused), so it goes through the core's clipboard port,
   * which clears it after the usual delay like any other copy.
   */
  copyCommand(targetId: string): Promise<IpcResult<CopiedCommand>>;
};

const EMPTY = { items: [], loading: false, error: null };

export const useTargetsStore = create<TargetsState>()((set, get) => {
  const patch = (list: 'targets' | 'history', ref: string, change: Partial<Loaded<unknown>>) =>
    set((s) => ({ [list]: { ...s[list], [ref]: { ...EMPTY, ...s[list][ref], ...change } } }) as Partial<TargetsState>);

  return {
    targets: {},
    history: {},
    load: async (owner) => {
      const ref = ownerRef(owner);
      patch('targets', ref, { loading: true });
      const result = await invoke((api) => api.targets.list(owner));
      patch(
        'targets',
        ref,
        result.ok ? { items: result.value, loading: false, error: null } : { loading: false, error: result },
      );
    },
    loadHistory: async (owner) => {
      const ref = ownerRef(owner);
      patch('history', ref, { loading: true });
      const result = await invoke((api) => api.keys.pushHistory({ ...owner, limit: HISTORY_LIMIT }));
      patch(
        'history',
        ref,
        result.ok ? { items: result.value, loading: false, error: null } : { loading: false, error: result },
      );
    },
    add: async (input) => {
      const result = await invoke((api) => api.targets.add(input));
      if (!result.ok) return result;
      await get().load(input.owner);
      return null;
    },
    update: async (owner, input) => {
      const result = await invoke((api) => api.targets.update(input));
      if (!result.ok) return result;
      await get().load(owner);
      return null;
    },
    remove: async (owner, targetId) => {
      const result = await invoke((api) => api.targets.remove({ targetId }));
      if (!result.ok) return result;
      await get().load(owner);
      return null;
    },
    test: (input) => invoke((api) => api.targets.test(input)),
    copyCommand: async (targetId) => {
      const command = await invoke((api) => api.targets.copyCommand({ targetId }));
      if (!command.ok) return command;
      const copied = await invoke((api) => api.clipboard.copySecret({ secret: command.value.command }));
      if (!copied.ok) return copied;
      return { ok: true, value: { ...command.value, clearsAt: copied.value.clearsAt } };
    },
  };
});

// A rotation moves the destinations to the new key and records pushes: read the shown keys' lists
// again, once per burst of changes (every push of a distribution announces itself).
const RELOAD_DELAY_MS = 150;
const dueOwners = new Map<string, KeyOwner>();
let reloadTimer: ReturnType<typeof setTimeout> | null = null;

keywarden().on('rotations:changed', (view) => {
  const keyIds = [view.keyId, view.successor?.keyId].filter((id): id is string => id !== undefined);
  for (const keyId of keyIds)
    dueOwners.set(ownerRef({ workspaceId: view.workspaceId, keyId }), { workspaceId: view.workspaceId, keyId });
  reloadTimer ??= setTimeout(() => {
    reloadTimer = null;
    const { targets, history, load, loadHistory } = useTargetsStore.getState();
    for (const [ref, owner] of dueOwners) {
      if (targets[ref]) void load(owner);
      if (history[ref]) void loadHistory(owner);
    }
    dueOwners.clear();
  }, RELOAD_DELAY_MS);
});

const NO_ITEMS: Loaded<never> = EMPTY;

export const useTargets = (owner: KeyOwner) => useTargetsStore((s) => s.targets[ownerRef(owner)] ?? NO_ITEMS);
export const usePushHistory = (owner: KeyOwner) => useTargetsStore((s) => s.history[ownerRef(owner)] ?? NO_ITEMS);
export const useTargetActions = () =>
  useTargetsStore(
    useShallow((s) => ({
      load: s.load,
      loadHistory: s.loadHistory,
      add: s.add,
      update: s.update,
      remove: s.remove,
      test: s.test,
      copyCommand: s.copyCommand,
    })),
  );
