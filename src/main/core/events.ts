/** The core's events for the renderer, typed by the IPC contract's event map. */
import type { IpcEventName, IpcEventPayload } from '../../shared/ipc/index.ts';

export type CoreEventListener = (event: IpcEventName, payload: unknown) => void;

export class CoreEvents {
  readonly #listeners = new Set<CoreEventListener>();

  on(listener: CoreEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<E extends IpcEventName>(event: E, payload: IpcEventPayload<E>): void {
    for (const listener of this.#listeners) {
      // A broken window must not stop the others from hearing about the change.
      try {
        listener(event, payload);
      } catch {
        /* the transport reports its own failures */
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
