/**
 * Rotations as the wizard and the key rows see them: every rotation in progress (loaded at start,
 * so a reloaded window still says "rotation in progress"), each kept up to date by
 * `rotations:changed`, which carries the whole state; the verify step's traffic and the leaked-key
 * audit. Actions answer with the core's failure (or null) and never speak to the user themselves:
 * the wizard decides what to say.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { KeyUses } from '../../../shared/api/index.ts';
import type { IpcInput, IpcResult, KeywardenApi, RotationTraffic, RotationView } from '../../../shared/ipc/index.ts';
import { invoke, keywarden, type IpcFailure } from './bridge.ts';

/** How the wizard says which rotation it shows: the old key's or its successor's. */
export const keyRef = (workspaceId: string, keyId: string) => `${workspaceId}/${keyId}`;

type RetireHow = IpcInput<'rotations:retire'>['how'];

type RotationState = {
  byId: Record<string, RotationView>;
  /** Old keys and successors of the rotations in progress, as `workspaceId/keyId`. */
  rotatingKeys: ReadonlySet<string>;
  loaded: boolean;
  loadError: IpcFailure | null;
  /** The verify step's latest traffic, per rotation. */
  traffic: Record<string, RotationTraffic>;
  trafficError: Record<string, IpcFailure | null>;
  /** The leaked-key path's audit: the old key's requests since the chosen time. */
  audits: Record<string, KeyUses>;
  load(): Promise<void>;
  /** Resolves to the new rotation's id, or the core's failure. */
  start(input: IpcInput<'rotations:start'>): Promise<IpcResult<string>>;
  provideSecret(rotationId: string, secret: string): Promise<IpcFailure | null>;
  distribute(rotationId: string, includeUnknown?: boolean): Promise<IpcFailure | null>;
  retryTarget(rotationId: string, targetId: string): Promise<IpcFailure | null>;
  markTargetDone(rotationId: string, targetId: string): Promise<IpcFailure | null>;
  continueRotation(rotationId: string, acceptIncomplete?: boolean): Promise<IpcFailure | null>;
  retire(rotationId: string, how: RetireHow, confirmInUse?: boolean): Promise<IpcFailure | null>;
  retry(rotationId: string): Promise<IpcFailure | null>;
  reissue(rotationId: string): Promise<IpcFailure | null>;
  cancel(rotationId: string): Promise<IpcFailure | null>;
  loadTraffic(rotationId: string, minutes: number): Promise<void>;
  loadAudit(rotationId: string, since?: string): Promise<IpcFailure | null>;
};

function busyKeys(byId: Record<string, RotationView>): ReadonlySet<string> {
  const busy = new Set<string>();
  for (const rotation of Object.values(byId)) {
    if (rotation.status !== 'in_progress') continue;
    busy.add(keyRef(rotation.workspaceId, rotation.keyId));
    if (rotation.successor) busy.add(keyRef(rotation.workspaceId, rotation.successor.keyId));
  }
  return busy;
}

/**
 * Every save in the core is announced before the call that made it answers, so an answer can be
 * older than an event that overtook it (a leaked-key rotation pushes on by itself). A counter of
 * events per rotation tells: an answer is kept only when no event for its rotation came after the
 * call left.
 */
let eventCount = 0;
const lastEvent = new Map<string, number>();

export const useRotationStore = create<RotationState>()((set) => {
  const upsert = (view: RotationView) =>
    set((s) => {
      const byId = { ...s.byId, [view.id]: view };
      return { byId, rotatingKeys: busyKeys(byId) };
    });

  /** Runs one action on a rotation and keeps its answer unless events already told more. */
  const act = async (
    rotationId: string,
    call: (api: KeywardenApi) => Promise<IpcResult<RotationView>>,
  ): Promise<IpcFailure | null> => {
    const sentAt = eventCount;
    const result = await invoke(call);
    if (!result.ok) return result;
    if ((lastEvent.get(rotationId) ?? -1) <= sentAt) upsert(result.value);
    return null;
  };

  return {
    byId: {},
    rotatingKeys: new Set(),
    loaded: false,
    loadError: null,
    traffic: {},
    trafficError: {},
    audits: {},
    load: async () => {
      const result = await invoke((api) => api.rotations.list());
      if (!result.ok) {
        set({ loaded: true, loadError: result });
        return;
      }
      set((s) => {
        // Finished ones already here (the wizard may be showing one) stay; the list has only those in progress.
        const byId = { ...s.byId };
        for (const view of result.value) byId[view.id] = view;
        return { byId, rotatingKeys: busyKeys(byId), loaded: true, loadError: null };
      });
    },
    start: async (input) => {
      const sentAt = eventCount;
      const result = await invoke((api) => api.rotations.start(input));
      if (!result.ok) return result;
      if ((lastEvent.get(result.value.id) ?? -1) <= sentAt) upsert(result.value);
      return { ok: true, value: result.value.id };
    },
    provideSecret: (rotationId, secret) =>
      act(rotationId, (api) => api.rotations.provideSecret({ rotationId, secret })),
    distribute: (rotationId, includeUnknown) =>
      act(rotationId, (api) =>
        api.rotations.distribute(includeUnknown ? { rotationId, includeUnknown } : { rotationId }),
      ),
    retryTarget: (rotationId, targetId) =>
      act(rotationId, (api) => api.rotations.retryTarget({ rotationId, targetId })),
    markTargetDone: (rotationId, targetId) =>
      act(rotationId, (api) => api.rotations.markTargetDone({ rotationId, targetId })),
    continueRotation: (rotationId, acceptIncomplete) =>
      act(rotationId, (api) =>
        api.rotations.continue(acceptIncomplete ? { rotationId, acceptIncomplete } : { rotationId }),
      ),
    retire: (rotationId, how, confirmInUse) =>
      act(rotationId, (api) =>
        api.rotations.retire(confirmInUse ? { rotationId, how, confirmInUse } : { rotationId, how }),
      ),
    retry: (rotationId) => act(rotationId, (api) => api.rotations.retry({ rotationId })),
    reissue: (rotationId) => act(rotationId, (api) => api.rotations.reissue({ rotationId })),
    cancel: (rotationId) => act(rotationId, (api) => api.rotations.cancel({ rotationId })),
    loadTraffic: async (rotationId, minutes) => {
      const result = await invoke((api) => api.rotations.traffic({ rotationId, minutes }));
      set((s) =>
        result.ok
          ? {
              traffic: { ...s.traffic, [rotationId]: result.value },
              trafficError: { ...s.trafficError, [rotationId]: null },
            }
          : { trafficError: { ...s.trafficError, [rotationId]: result } },
      );
    },
    loadAudit: async (rotationId, since) => {
      const result = await invoke((api) =>
        api.rotations.oldKeyUses(since === undefined ? { rotationId } : { rotationId, since }),
      );
      if (!result.ok) return result;
      set((s) => ({ audits: { ...s.audits, [rotationId]: result.value } }));
      return null;
    },
  };
});

// Subscribed once, when the store module loads.
keywarden().on('rotations:changed', (view) => {
  eventCount += 1;
  lastEvent.set(view.id, eventCount);
  useRotationStore.setState((s) => {
    const byId = { ...s.byId, [view.id]: view };
    return { byId, rotatingKeys: busyKeys(byId) };
  });
});
void useRotationStore.getState().load();

/** The rotation of this key in progress (as the old key or the successor), if any. */
export function findRotation(
  byId: Record<string, RotationView>,
  workspaceId: string,
  keyId: string,
): RotationView | null {
  for (const rotation of Object.values(byId)) {
    if (rotation.status !== 'in_progress' || rotation.workspaceId !== workspaceId) continue;
    if (rotation.keyId === keyId || rotation.successor?.keyId === keyId) return rotation;
  }
  return null;
}

export const useRotation = (rotationId: string | null) =>
  useRotationStore((s) => (rotationId === null ? null : (s.byId[rotationId] ?? null)));
export const useKeyRotation = (workspaceId: string, keyId: string) =>
  useRotationStore((s) => findRotation(s.byId, workspaceId, keyId));
export const useRotatingKeys = () => useRotationStore((s) => s.rotatingKeys);
export const useRotationsLoaded = () => useRotationStore((s) => s.loaded);
export const useTraffic = (rotationId: string) =>
  useRotationStore(
    useShallow((s) => ({ traffic: s.traffic[rotationId] ?? null, error: s.trafficError[rotationId] ?? null })),
  );
export const useAudit = (rotationId: string) => useRotationStore((s) => s.audits[rotationId] ?? null);
export const useRotationActions = () =>
  useRotationStore(
    useShallow((s) => ({
      start: s.start,
      provideSecret: s.provideSecret,
      distribute: s.distribute,
      retryTarget: s.retryTarget,
      markTargetDone: s.markTargetDone,
      continueRotation: s.continueRotation,
      retire: s.retire,
      retry: s.retry,
      reissue: s.reissue,
      cancel: s.cancel,
      loadTraffic: s.loadTraffic,
      loadAudit: s.loadAudit,
    })),
  );
