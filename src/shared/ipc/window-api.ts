/**
 * `window.keywarden`, generated from the contract: one function per channel, grouped by the part
 * before the colon, and `on(event, listener)`. The preload and the browser harness bridge both
 * build it here from their own transport, so the renderer sees the same shape from either.
 */
import {
  IPC_CHANNELS,
  IPC_EVENTS,
  type IpcChannel,
  type IpcEventListener,
  type IpcEventName,
  type IpcInput,
  type IpcOutput,
} from './contract.ts';
import type { IpcResult } from './errors.ts';

type Namespace<C> = C extends `${infer N}:${string}` ? N : never;
type Method<C, N extends string> = C extends `${N}:${infer M}` ? M : never;

export type KeywardenApi = {
  [N in Namespace<IpcChannel>]: {
    [M in Method<IpcChannel, N>]: `${N}:${M}` extends infer C extends IpcChannel
      ? undefined extends IpcInput<C>
        ? (input?: IpcInput<C>) => Promise<IpcResult<IpcOutput<C>>>
        : (input: IpcInput<C>) => Promise<IpcResult<IpcOutput<C>>>
      : never;
  };
} & {
  /** Subscribe to a main-process event; returns the unsubscribe function. */
  on<E extends IpcEventName>(event: E, listener: IpcEventListener<E>): () => void;
};

/**
 * The renderer-side listeners of main-process events, shared by the preload and the harness
 * bridge. One failing listener is reported and does not silence the others.
 */
export function createEventListeners() {
  const listeners = new Map<IpcEventName, Set<(payload: unknown) => void>>();
  return {
    subscribe(event: IpcEventName, listener: (payload: unknown) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(event: IpcEventName, payload: unknown): void {
      for (const listener of listeners.get(event) ?? []) {
        try {
          listener(payload);
        } catch (error) {
          console.error(`A keywarden "${event}" listener failed:`, error);
        }
      }
    },
  };
}

/**
 * Builds `window.keywarden` from one generic transport. The preload passes ipcRenderer-based
 * functions; the browser harness passes WebSocket-based ones. Both get the same shape.
 */
export function buildKeywardenApi(transport: {
  invoke(channel: IpcChannel, input: unknown): Promise<IpcResult<unknown>>;
  subscribe(event: IpcEventName, listener: (payload: unknown) => void): () => void;
}): KeywardenApi {
  const api: Record<string, unknown> = {};
  for (const name of IPC_CHANNELS) {
    const [namespace, method] = name.split(':') as [string, string];
    const group = (api[namespace] ??= {}) as Record<string, unknown>;
    group[method] = (input?: unknown) => transport.invoke(name, input);
  }
  api.on = (event: IpcEventName, listener: (payload: unknown) => void) => {
    if (!IPC_EVENTS.includes(event)) throw new Error(`Unknown Keywarden event: ${String(event)}`);
    return transport.subscribe(event, listener);
  };
  return api as KeywardenApi;
}
