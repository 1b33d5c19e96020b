/**
 * Time always comes from an injected clock, so expiry, reminders, overlaps and purges can be
 * tested by moving the clock instead of waiting. Runs anywhere.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

type ClockListener = (now: Date) => void;

/**
 * A clock that runs with real time plus an offset the caller can move. Used by the tests and
 * the browser harness; listeners hear about every jump so jobs can catch up at once.
 */
export class ManualClock implements Clock {
  #offsetMs = 0;
  readonly #listeners = new Set<ClockListener>();
  readonly #base: () => number;

  constructor(start?: Date, base: () => number = Date.now) {
    this.#base = base;
    if (start) this.#offsetMs = start.getTime() - base();
  }

  now(): Date {
    return new Date(this.#base() + this.#offsetMs);
  }

  set(time: Date): Date {
    this.#offsetMs = time.getTime() - this.#base();
    return this.#notify();
  }

  advance(ms: number): Date {
    this.#offsetMs += ms;
    return this.#notify();
  }

  onChange(listener: ClockListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): Date {
    const now = this.now();
    for (const listener of this.#listeners) listener(now);
    return now;
  }
}
