/**
 * Keeps every managed workspace's keys as fresh as its service, without a click: a sync at start,
 * then one per workspace every interval (15 minutes by default), and at once when the computer
 * wakes from sleep or comes back online. A workspace whose service can't be reached is retried
 * sooner at first, then less and less often (30 s, 1 min, 2 min … up to an hour, or the interval
 * when that is longer), so a service that is down is not hammered and one that is back is seen soon.
 *
 * Times come from the injected clock through the due-job queue, so moving the clock runs a sync
 * that fell due. The sync itself runs beside the queue, never inside it: a slow service must not
 * hold up the queue's other jobs (the clipboard clearing a secret).
 */
import type { Clock } from '../../../shared/clock.ts';
import type { KeyListView } from '../../../shared/ipc/index.ts';
import { AppError } from '../errors.ts';
import type { SystemEventsPort } from '../ports.ts';
import type { DueJobQueue } from '../scheduling/due-jobs.ts';
import type { WorkspaceRecord, WorkspaceRepository } from '../store/workspace-repository.ts';

const SYNC_JOB = 'reminders:background-sync';
export const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60_000;

export interface BackgroundSyncDeps {
  workspaces: WorkspaceRepository;
  /** Asks the workspace's service for its keys; answers from the cache (`source: 'cache'`) when it can't. */
  refresh(workspace: WorkspaceRecord): Promise<KeyListView>;
  clock: Clock;
  queue: DueJobQueue;
  system?: SystemEventsPort | undefined;
  intervalMs(): number;
  /** Failures that are not a service being unreachable (never called with a secret). */
  onError(error: unknown): void;
}

export interface SyncRound {
  synced: number;
  unreachable: number;
}

interface WorkspaceSchedule {
  nextAt: number;
  failures: number;
}

export class BackgroundSync {
  readonly #deps: BackgroundSyncDeps;
  readonly #schedules = new Map<string, WorkspaceSchedule>();
  #round: Promise<SyncRound> | null = null;
  #again = false;
  #disposed = false;
  readonly #stopListening: () => void;

  constructor(deps: BackgroundSyncDeps) {
    this.#deps = deps;
    this.#stopListening = deps.system?.onWake(() => void this.syncNow()) ?? (() => undefined);
  }

  /** The sync at start; resolves when it is done (every workspace answered or failed). */
  start(): Promise<SyncRound> {
    return this.syncNow();
  }

  /** Syncs every workspace now, forgetting any backoff: the network may well be back. */
  syncNow(): Promise<SyncRound> {
    for (const schedule of this.#schedules.values()) {
      schedule.nextAt = 0;
      schedule.failures = 0;
    }
    return this.#runRound();
  }

  /** The interval changed: the next syncs follow the new one. */
  rearm(): void {
    const now = this.#deps.clock.now().getTime();
    const interval = this.#deps.intervalMs();
    for (const schedule of this.#schedules.values()) {
      if (schedule.failures === 0) schedule.nextAt = Math.min(schedule.nextAt, now + interval);
    }
    this.#arm();
  }

  /** Stops the timers; waits (briefly) for a sync on the wire so it doesn't write to a closed database. */
  async dispose(maxWaitMs = 2000): Promise<void> {
    this.#disposed = true;
    this.#stopListening();
    this.#deps.queue.cancel(SYNC_JOB);
    const round = this.#round;
    if (!round) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      round.catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, maxWaitMs))),
    ]);
    clearTimeout(timer);
  }

  #runRound(): Promise<SyncRound> {
    if (this.#round) {
      // A wake or a due time during a round: one more round right after, never two at once.
      this.#again = true;
      return this.#round;
    }
    const round = (async () => {
      let total: SyncRound = { synced: 0, unreachable: 0 };
      do {
        this.#again = false;
        const result = await this.#syncDue();
        total = { synced: total.synced + result.synced, unreachable: total.unreachable + result.unreachable };
      } while (this.#again && !this.#disposed);
      return total;
    })();
    this.#round = round;
    void round.finally(() => {
      this.#round = null;
      this.#arm();
    });
    return round;
  }

  async #syncDue(): Promise<SyncRound> {
    const now = this.#deps.clock.now().getTime();
    const managed = this.#deps.workspaces.list().filter((workspace) => workspace.kind !== 'external');
    const known = new Set(managed.map((workspace) => workspace.id));
    for (const id of this.#schedules.keys()) if (!known.has(id)) this.#schedules.delete(id);
    const due = managed.filter((workspace) => (this.#schedules.get(workspace.id)?.nextAt ?? 0) <= now);
    const outcomes = await Promise.all(due.map((workspace) => this.#syncOne(workspace)));
    return {
      synced: outcomes.filter((outcome) => outcome === 'live').length,
      unreachable: outcomes.filter((outcome) => outcome === 'unreachable').length,
    };
  }

  async #syncOne(workspace: WorkspaceRecord): Promise<'live' | 'unreachable' | 'gone'> {
    let outcome: 'live' | 'unreachable' | 'gone';
    try {
      const view = await this.#deps.refresh(workspace);
      outcome = view.source === 'live' ? 'live' : 'unreachable';
    } catch (error) {
      if (this.#disposed) return 'gone';
      // Removed while its list was on the wire: nothing to sync any more.
      if (error instanceof AppError && error.code === 'not_found') {
        this.#schedules.delete(workspace.id);
        return 'gone';
      }
      this.#deps.onError(error);
      outcome = 'unreachable';
    }
    const now = this.#deps.clock.now().getTime();
    const previous = this.#schedules.get(workspace.id);
    const failures = outcome === 'live' ? 0 : (previous?.failures ?? 0) + 1;
    this.#schedules.set(workspace.id, { failures, nextAt: now + this.#delayAfter(failures) });
    return outcome;
  }

  #delayAfter(failures: number): number {
    const interval = this.#deps.intervalMs();
    if (failures === 0) return interval;
    const longest = Math.max(interval, LONGEST_RETRY_MS);
    return Math.min(FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 30), longest);
  }

  #arm(): void {
    if (this.#disposed) return;
    const now = this.#deps.clock.now().getTime();
    const longest = Math.max(this.#deps.intervalMs(), LONGEST_RETRY_MS);
    let next: number | null = null;
    for (const schedule of this.#schedules.values()) {
      // The clock was set back: a time further ahead than any delay we'd choose is a stale one.
      if (schedule.nextAt > now + longest) schedule.nextAt = now + this.#deps.intervalMs();
      if (next === null || schedule.nextAt < next) next = schedule.nextAt;
    }
    // A workspace connected since the last round is picked up by the next one at the latest.
    next ??= now + this.#deps.intervalMs();
    this.#deps.queue.schedule({ id: SYNC_JOB, dueAt: new Date(next), run: () => void this.#runRound() });
  }
}
