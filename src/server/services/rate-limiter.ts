import type { Clock } from '../../shared/clock.ts';
import { ipv6Prefix } from '../domain/ip.ts';
import type { AuthFailureCounter } from '../storage/repositories.ts';

export interface RateLimit {
  /** Failed authentications allowed per address per window. */
  failures: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { failures: 20, windowMs: 60_000 };

/** Addresses tracked at most; beyond it the oldest windows are dropped, so memory stays bounded. */
const MAX_TRACKED = 50_000;

/** What the Authenticator asks about a failed authentication. */
export interface FailureLimiter {
  /**
   * Counts the failure unless the client's window is used up; returns the seconds to wait when it
   * is (the failure is then refused as `rate_limited`), else null.
   */
  refuse(address: string): number | null | Promise<number | null>;
  /** Drops the windows that ended, so what is kept stays bounded by one window's clients; returns how many. */
  forgetEndedWindows(): number | Promise<number>;
}

/**
 * Counts failed authentications per client in fixed windows. Once a client has used up its
 * window, its guesses are refused until the window ends, which makes guessing keys pointless
 * (valid credentials from it are still served: see the Authenticator). An IPv6 client is counted by its /64: one host holds a whole /64, so
 * counting single addresses would give it 2^64 fresh windows.
 */
export class FailedAuthLimiter implements FailureLimiter {
  readonly #clock: Clock;
  readonly #limit: RateLimit;
  readonly #windows = new Map<string, { startedAt: number; failures: number }>();
  readonly #maxTracked: number;
  #prunedAt = -Infinity;

  constructor(clock: Clock, limit: RateLimit, maxTracked = MAX_TRACKED) {
    this.#clock = clock;
    this.#limit = limit;
    this.#maxTracked = maxTracked;
  }

  /** How many clients are being counted (bounded by `maxTracked`). */
  get trackedClients(): number {
    return this.#windows.size;
  }

  /** Seconds to wait before trying again, or null when the address may try now. */
  retryAfterSeconds(address: string): number | null {
    const client = clientOf(address);
    const window = this.#windows.get(client);
    if (!window || window.failures < this.#limit.failures) return null;
    const remainingMs = window.startedAt + this.#limit.windowMs - this.#clock.now().getTime();
    if (remainingMs <= 0) {
      this.#windows.delete(client);
      return null;
    }
    return Math.ceil(remainingMs / 1000);
  }

  refuse(address: string): number | null {
    const retryAfterSeconds = this.retryAfterSeconds(address);
    if (retryAfterSeconds === null) this.recordFailure(address);
    return retryAfterSeconds;
  }

  recordFailure(address: string): void {
    const client = clientOf(address);
    const now = this.#clock.now().getTime();
    const window = this.#windows.get(client);
    if (window && now - window.startedAt < this.#limit.windowMs) {
      window.failures += 1;
      return;
    }
    // A new window goes to the end of the map, so the map stays ordered by window start.
    this.#windows.delete(client);
    if (this.#windows.size >= this.#maxTracked) this.#makeRoom(now);
    this.#windows.set(client, { startedAt: now, failures: 1 });
  }

  forgetEndedWindows(): number {
    return this.#forgetEndedAt(this.#clock.now().getTime());
  }

  #forgetEndedAt(now: number): number {
    let forgotten = 0;
    // The map is ordered by window start: the ended windows are at its front.
    for (const [client, window] of this.#windows) {
      if (now - window.startedAt < this.#limit.windowMs) break;
      this.#windows.delete(client);
      forgotten += 1;
    }
    return forgotten;
  }

  #makeRoom(now: number): void {
    // At most once per window, so a flood of new clients does not walk the map on every failure.
    if (now - this.#prunedAt >= this.#limit.windowMs) {
      this.#prunedAt = now;
      this.#forgetEndedAt(now);
    }
    const excess = this.#windows.size - this.#maxTracked + 1;
    if (excess <= 0) return;
    let dropped = 0;
    for (const client of this.#windows.keys()) {
      if (dropped++ >= excess) break;
      this.#windows.delete(client);
    }
  }
}

/** The unit a client is counted by: an IPv4 address, or an IPv6 /64. */
export function clientOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!address.includes(':')) return address;
  return ipv6Prefix(address, 4) ?? address;
}

/**
 * The same windows counted in the database every node shares, so a client alternating between
 * nodes behind a load balancer is counted once, not once per node.
 */
export class SharedFailedAuthLimiter implements FailureLimiter {
  readonly #counter: AuthFailureCounter;
  readonly #clock: Clock;
  readonly #limit: RateLimit;

  constructor(counter: AuthFailureCounter, clock: Clock, limit: RateLimit) {
    this.#counter = counter;
    this.#clock = clock;
    this.#limit = limit;
  }

  refuse(address: string): Promise<number | null> {
    return this.#counter.countFailure(clientOf(address), this.#clock.now().getTime(), this.#limit);
  }

  forgetEndedWindows(): Promise<number> {
    return this.#counter.forgetEndedWindows(this.#clock.now().getTime(), this.#limit.windowMs);
  }
}
