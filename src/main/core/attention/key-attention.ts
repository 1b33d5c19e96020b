/**
 * Which keys need the user's attention (expiring within 30 days) across every workspace, for the
 * sidebar's counts. It also wakes at the next moment a key's status changes (enters its warning
 * month, expires) so lists move without a refresh, and hands every refresh on to the reminders,
 * which keep the tray badge and send notifications.
 */
import { DAY_MS, EXPIRY_WARNING_DAYS, keyStatusAt } from '../../../shared/api/index.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { CoreEvents } from '../events.ts';
import type { DueJobQueue } from '../scheduling/due-jobs.ts';
import type { ExternalKeyRepository } from '../store/external-key-repository.ts';
import type { CachedKeys, KeyCacheRepository } from '../store/key-cache-repository.ts';
import { EXTERNAL_WORKSPACE_ID } from '../store/workspace-repository.ts';

const NEXT_CHANGE_JOB = 'attention:next-status-change';

interface TrackedKey {
  expiresAt: string;
  revokedAt: string | null;
}

/** The span of time around a moment in which no status changes, so what holds at the moment holds in all of it. */
interface Span {
  /** The latest status change at or before the moment (or -Infinity). */
  since: number;
  /** The next status change after it (or Infinity). */
  until: number;
}

/** One key at a moment: whether it is expiring. */
interface KeyMoment extends Span {
  expiring: boolean;
}

/** One workspace's keys at a moment: how many are expiring. */
interface WorkspaceMoment extends Span {
  expiring: number;
}

export interface KeyAttentionDeps {
  cache: KeyCacheRepository;
  externalKeys: ExternalKeyRepository;
  /** Called on every refresh: key changes, clock jumps, status changes (it asks the reminders for a pass). */
  onRefresh: () => void;
  clock: Clock;
  queue: DueJobQueue;
  events: CoreEvents;
}

export class KeyAttention {
  readonly #deps: KeyAttentionDeps;
  /** Each cached workspace's attention, by the keys array it was worked out from. */
  readonly #workspaces = new WeakMap<CachedKeys, WorkspaceMoment>();
  /** Each key's, by the key object the cache holds (a changed key is a new object). */
  readonly #keys = new WeakMap<TrackedKey, KeyMoment>();

  constructor(deps: KeyAttentionDeps) {
    this.#deps = deps;
  }

  /** Expiring keys per workspace, at the clock's now. */
  expiringByWorkspace(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [workspaceId, attention] of this.#byWorkspace()) {
      if (attention.expiring > 0) counts.set(workspaceId, attention.expiring);
    }
    return counts;
  }

  /** Re-arms the wake-up for the next status change and tells the reminders (tray, notifications). */
  refresh(): void {
    this.#armNextChange();
    this.#deps.onRefresh();
  }

  #armNextChange(): void {
    let next: { at: number; workspaceIds: Set<string> } | null = null;
    for (const [workspaceId, { until }] of this.#byWorkspace()) {
      if (until === Infinity) continue;
      if (!next || until < next.at) next = { at: until, workspaceIds: new Set([workspaceId]) };
      else if (until === next.at) next.workspaceIds.add(workspaceId);
    }
    this.#deps.queue.cancel(NEXT_CHANGE_JOB);
    if (!next) return;
    const { workspaceIds } = next;
    this.#deps.queue.schedule({
      id: NEXT_CHANGE_JOB,
      dueAt: new Date(next.at),
      run: () => {
        for (const workspaceId of workspaceIds) this.#deps.events.emit('keys:changed', { workspaceId });
        this.#deps.events.emit('workspaces:changed', {});
        this.refresh();
      },
    });
  }

  /**
   * Every workspace's attention at the clock's now. Every key change, and every sidebar list,
   * asks for it, so nothing is worked out twice: a workspace whose keys are the same array as
   * last time (the cache keeps it until they change) is not looked at again, and after a change
   * only the keys that changed (new objects) are; either answer is reused while `now` stays in
   * its span. External keys are few and read afresh.
   */
  #byWorkspace(): Map<string, WorkspaceMoment> {
    const now = this.#deps.clock.now();
    const result = new Map<string, WorkspaceMoment>();
    for (const [workspaceId, keys] of this.#deps.cache.byWorkspace()) {
      let moment = this.#workspaces.get(keys);
      if (!moment || !holds(moment, now)) {
        moment = this.#workspaceAt(keys, now);
        this.#workspaces.set(keys, moment);
      }
      result.set(workspaceId, moment);
    }
    const external = this.#deps.externalKeys.list().map((key) => ({ expiresAt: key.expiresAt, revokedAt: null }));
    result.set(EXTERNAL_WORKSPACE_ID, this.#workspaceAt(external, now));
    return result;
  }

  #workspaceAt(keys: readonly TrackedKey[], now: Date): WorkspaceMoment {
    const moment: WorkspaceMoment = { expiring: 0, since: -Infinity, until: Infinity };
    for (const key of keys) {
      let keyMoment = this.#keys.get(key);
      if (!keyMoment || !holds(keyMoment, now)) {
        keyMoment = keyAt(key, now);
        this.#keys.set(key, keyMoment);
      }
      if (keyMoment.expiring) moment.expiring++;
      moment.since = Math.max(moment.since, keyMoment.since);
      moment.until = Math.min(moment.until, keyMoment.until);
    }
    return moment;
  }
}

function holds(span: Span, now: Date): boolean {
  const at = now.getTime();
  return span.since <= at && at < span.until;
}

/** A key's status changes when it enters its warning month, when it expires, and when it is revoked. */
function keyAt(key: TrackedKey, now: Date): KeyMoment {
  const at = now.getTime();
  const moment: KeyMoment = { expiring: keyStatusAt(key, now) === 'expiring', since: -Infinity, until: Infinity };
  const expiresAt = Date.parse(key.expiresAt);
  const changes = [expiresAt - EXPIRY_WARNING_DAYS * DAY_MS, expiresAt];
  if (key.revokedAt !== null) changes.push(Date.parse(key.revokedAt));
  for (const change of changes) {
    if (change <= at) moment.since = Math.max(moment.since, change);
    else moment.until = Math.min(moment.until, change);
  }
  return moment;
}
