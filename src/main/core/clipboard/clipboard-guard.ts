/**
 * Copies secrets to the clipboard and clears them again after the user's delay, but only if the
 * clipboard still holds that secret: whatever the user copied since is theirs.
 */
import type { Clock } from '../../../shared/clock.ts';
import type { Settings } from '../../../shared/ipc/index.ts';
import type { CoreEvents } from '../events.ts';
import type { ClipboardPort } from '../ports.ts';
import type { DueJobQueue } from '../scheduling/due-jobs.ts';

/** One clipboard, one pending clear: a new copy replaces the previous job. */
const CLEAR_JOB = 'clipboard:clear';

export interface ClipboardGuardDeps {
  clipboard: ClipboardPort;
  queue: DueJobQueue;
  clock: Clock;
  events: CoreEvents;
  settings: () => Settings;
}

export class ClipboardGuard {
  readonly #deps: ClipboardGuardDeps;
  /** The secret a pending clear is waiting to remove; null when there is none. */
  #pending: string | null = null;

  constructor(deps: ClipboardGuardDeps) {
    this.#deps = deps;
  }

  copy(secret: string): { clearsAt: string | null } {
    const { clipboard, queue, clock, events } = this.#deps;
    clipboard.writeSecret(secret);
    const seconds = this.#deps.settings().clipboardClearSeconds;
    if (seconds === 0) {
      queue.cancel(CLEAR_JOB);
      this.#pending = null;
      return { clearsAt: null };
    }
    this.#pending = secret;
    const clearsAt = new Date(clock.now().getTime() + seconds * 1000);
    queue.schedule({
      id: CLEAR_JOB,
      dueAt: clearsAt,
      maxRealDelayMs: seconds * 1000,
      run: async (now) => {
        if (this.#pending === secret) this.#pending = null;
        if ((await clipboard.readText()) !== secret) return;
        clipboard.clear();
        events.emit('clipboard:cleared', { at: now.toISOString() });
      },
    });
    return { clearsAt: clearsAt.toISOString() };
  }

  /**
   * Quitting must not leave a secret behind that was waiting to be cleared: the queue's timer
   * dies with the app, and the clipboard outlives it.
   */
  async dispose(): Promise<void> {
    const secret = this.#pending;
    this.#pending = null;
    this.#deps.queue.cancel(CLEAR_JOB);
    if (secret !== null && (await this.#deps.clipboard.readText()) === secret) this.#deps.clipboard.clear();
  }
}
