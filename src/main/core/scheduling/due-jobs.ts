/**
 * A small queue of jobs that fall due at a point in the injected clock's time (clipboard clearing
 * today; expiry reminders and overlap ends later). Timers can't follow a clock that jumps, so the
 * queue checks on a short real interval AND immediately when the clock reports a jump.
 */
import type { Clock } from '../../../shared/clock.ts';

/** A clock that may announce jumps (ManualClock does; the system clock does not). */
export type WatchableClock = Clock & { onChange?(listener: (now: Date) => void): () => void };

export interface DueJob {
  id: string;
  dueAt: Date;
  /**
   * For delays the user chose (clear the clipboard in 30 s): the job is also due once this much
   * real time has passed, so setting the system clock back can't stretch the delay.
   */
  maxRealDelayMs?: number;
  run(now: Date): void | Promise<void>;
}

export interface DueJobQueueOptions {
  /** How often the real-time check runs. */
  intervalMs?: number;
  /** Jobs that throw are reported here and dropped; one bad job never stops the others. */
  onJobError?: (jobId: string, error: unknown) => void;
  /** Monotonic milliseconds; injectable for tests. */
  monotonicNow?: () => number;
}

export class DueJobQueue {
  readonly #clock: WatchableClock;
  readonly #jobs = new Map<string, DueJob>();
  /** Monotonic deadlines of jobs scheduled with `maxRealDelayMs`. */
  readonly #realDeadlines = new WeakMap<DueJob, number>();
  readonly #monotonicNow: () => number;
  readonly #onJobError: (jobId: string, error: unknown) => void;
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #unwatch: () => void;
  #disposed = false;
  /** Checks run one after another, so a slow job and the next tick never race for the same job. */
  #running: Promise<unknown> = Promise.resolve();

  constructor(clock: WatchableClock, options: DueJobQueueOptions = {}) {
    this.#clock = clock;
    this.#onJobError = options.onJobError ?? (() => undefined);
    this.#monotonicNow = options.monotonicNow ?? (() => performance.now());
    this.#timer = setInterval(() => void this.runDue(), options.intervalMs ?? 1000);
    // The queue must never keep a quitting app (or a test worker) alive.
    this.#timer.unref?.();
    this.#unwatch = clock.onChange?.(() => void this.runDue()) ?? (() => undefined);
  }

  /** Adds a job, replacing any job with the same id. A job already due runs at the next check. */
  schedule(job: DueJob): void {
    if (this.#disposed) return;
    if (job.maxRealDelayMs !== undefined) this.#realDeadlines.set(job, this.#monotonicNow() + job.maxRealDelayMs);
    this.#jobs.set(job.id, job);
  }

  cancel(id: string): boolean {
    return this.#jobs.delete(id);
  }

  has(id: string): boolean {
    return this.#jobs.has(id);
  }

  /** Runs every job whose time has come, earliest first; returns the ids that ran. */
  runDue(): Promise<string[]> {
    const check = this.#running.then(() => this.#runDueNow());
    this.#running = check.catch(() => undefined);
    return check;
  }

  async #runDueNow(): Promise<string[]> {
    if (this.#disposed) return [];
    const now = this.#clock.now();
    const monotonic = this.#monotonicNow();
    const due = [...this.#jobs.values()]
      .filter((job) => job.dueAt.getTime() <= now.getTime() || (this.#realDeadlines.get(job) ?? Infinity) <= monotonic)
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    const ran: string[] = [];
    for (const job of due) {
      // A job rescheduled under the same id while we waited is a different job: leave it.
      if (this.#jobs.get(job.id) !== job) continue;
      this.#jobs.delete(job.id);
      ran.push(job.id);
      try {
        await job.run(now);
      } catch (error) {
        this.#onJobError(job.id, error);
      }
    }
    return ran;
  }

  dispose(): void {
    this.#disposed = true;
    clearInterval(this.#timer);
    this.#unwatch();
    this.#jobs.clear();
  }
}
