/**
 * The core's events for the renderer, typed by the IPC contract's event map and checked against
 * it at run time before any transport sees them, as channel outputs are in the dispatcher.
 */
import { ipcEvents, type IpcEventName, type IpcEventPayload } from '../../shared/ipc/index.ts';

export type CoreEventListener = (event: IpcEventName, payload: unknown) => void;

export class CoreEvents {
  readonly #listeners = new Set<CoreEventListener>();

  on(listener: CoreEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Sends what the contract declares and nothing else: a payload that breaks the event's schema
   * is a bug in the emitting service, so it throws here, where the stack names that service,
   * and no window receives it. Fields the schema does not name are dropped, so an object passed
   * whole by mistake cannot carry more (a secret, say) into the renderer.
   */
  emit<E extends IpcEventName>(event: E, payload: IpcEventPayload<E>): void {
    const schema = Object.hasOwn(ipcEvents, event) ? ipcEvents[event] : undefined;
    if (schema === undefined) throw new Error(`"${String(event)}" is not an event of the IPC contract.`);
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
      throw new Error(`The "${event}" event's payload breaks the IPC contract (${issues.join('; ')}).`);
    }
    for (const listener of this.#listeners) {
      // A broken window must not stop the others from hearing about the change.
      try {
        listener(event, parsed.data);
      } catch {
        /* the transport reports its own failures */
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
