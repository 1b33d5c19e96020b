/**
 * Runs a job once the current turn of the event loop is done, however often it was asked for in
 * that turn: what many changes each ask for (a reminder pass after every key change) is done once
 * for all of them, after their own work, instead of once per change on the way.
 */
export class TurnCoalescer {
  readonly #run: () => void;
  readonly #onError: (error: unknown) => void;
  #pending: { immediate: ReturnType<typeof setImmediate>; done: PromiseWithResolvers<void> } | null = null;

  constructor(run: () => void, onError: (error: unknown) => void) {
    this.#run = run;
    this.#onError = onError;
  }

  /** Asks for the job; it runs once, at the end of this turn, for every request made until then. */
  request(): void {
    if (this.#pending) return;
    const immediate = setImmediate(() => {
      this.settle();
      try {
        this.#run();
      } catch (error) {
        this.#onError(error);
      }
    });
    this.#pending = { immediate, done: Promise.withResolvers() };
  }

  /** Resolves once the job asked for (if any) has run. */
  whenDone(): Promise<void> {
    return this.#pending?.done.promise ?? Promise.resolve();
  }

  /** The job ran by other means (or must not run any more): what was asked for is answered. */
  settle(): void {
    if (!this.#pending) return;
    clearImmediate(this.#pending.immediate);
    this.#pending.done.resolve();
    this.#pending = null;
  }
}
