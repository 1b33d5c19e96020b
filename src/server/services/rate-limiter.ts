import type { Clock } from '../../shared/clock.ts';

export interface RateLimit {
  /** Failed authentications allowed per address per window. */
  failures: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { failures: 20, windowMs: 60_000 };

/**
 * Counts failed authentications per client address in fixed windows. Once an address has used
 * up its window, every authenticated request from it is refused until the window ends, which
 * makes guessing keys pointless.
 */
export class FailedAuthLimiter {
  readonly #clock: Clock;
  readonly #limit: RateLimit;
  readonly #windows = new Map<string, { startedAt: number; failures: number }>();

  constructor(clock: Clock, limit: RateLimit) {
    this.#clock = clock;
    this.#limit = limit;
  }

  /** Seconds to wait before trying again, or null when the address may try now. */
  retryAfterSeconds(address: string): number | null {
    const window = this.#windows.get(address);
    if (!window || window.failures < this.#limit.failures) return null;
    const remainingMs = window.startedAt + this.#limit.windowMs - this.#clock.now().getTime();
    if (remainingMs <= 0) {
      this.#windows.delete(address);
      return null;
    }
    return Math.ceil(remainingMs / 1000);
  }

  recordFailure(address: string): void {
    const now = this.#clock.now().getTime();
    const window = this.#windows.get(address);
    if (!window || now - window.startedAt >= this.#limit.windowMs) {
      if (this.#windows.size > 10_000) this.#prune(now);
      this.#windows.set(address, { startedAt: now, failures: 1 });
    } else {
      window.failures += 1;
    }
  }

  #prune(now: number): void {
    for (const [address, window] of this.#windows) {
      if (now - window.startedAt >= this.#limit.windowMs) this.#windows.delete(address);
    }
  }
}
