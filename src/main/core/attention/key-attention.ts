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
import type { KeyCacheRepository } from '../store/key-cache-repository.ts';
import { EXTERNAL_WORKSPACE_ID } from '../store/workspace-repository.ts';

const NEXT_CHANGE_JOB = 'attention:next-status-change';

interface TrackedKey {
  workspaceId: string;
  expiresAt: string;
  revokedAt: string | null;
}

export interface KeyAttentionDeps {
  cache: KeyCacheRepository;
  externalKeys: ExternalKeyRepository;
  /** Called on every refresh: key changes, clock jumps, status changes (the reminders' pass). */
  onRefresh: () => void;
  clock: Clock;
  queue: DueJobQueue;
  events: CoreEvents;
}

export class KeyAttention {
  readonly #deps: KeyAttentionDeps;

  constructor(deps: KeyAttentionDeps) {
    this.#deps = deps;
  }

  /** Expiring keys per workspace, at the clock's now. */
  expiringByWorkspace(): Map<string, number> {
    const now = this.#deps.clock.now();
    const counts = new Map<string, number>();
    for (const key of this.#trackedKeys()) {
      if (keyStatusAt(key, now) === 'expiring') counts.set(key.workspaceId, (counts.get(key.workspaceId) ?? 0) + 1);
    }
    return counts;
  }

  /** Re-arms the wake-up for the next status change and tells the reminders (tray, notifications). */
  refresh(): void {
    this.#armNextChange();
    this.#deps.onRefresh();
  }

  #armNextChange(): void {
    const now = this.#deps.clock.now().getTime();
    let next: { at: number; workspaceIds: Set<string> } | null = null;
    for (const key of this.#trackedKeys()) {
      for (const at of transitionsOf(key)) {
        if (at <= now) continue;
        if (!next || at < next.at) next = { at, workspaceIds: new Set([key.workspaceId]) };
        else if (at === next.at) next.workspaceIds.add(key.workspaceId);
      }
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

  #trackedKeys(): TrackedKey[] {
    const cached = this.#deps.cache.listAll().map(({ workspaceId, key }) => ({
      workspaceId,
      expiresAt: key.expiresAt,
      revokedAt: key.revokedAt,
    }));
    const external = this.#deps.externalKeys.list().map((key) => ({
      workspaceId: EXTERNAL_WORKSPACE_ID,
      expiresAt: key.expiresAt,
      revokedAt: null,
    }));
    return [...cached, ...external];
  }
}

function transitionsOf(key: TrackedKey): number[] {
  const expiresAt = Date.parse(key.expiresAt);
  const times = [expiresAt - EXPIRY_WARNING_DAYS * DAY_MS, expiresAt];
  if (key.revokedAt !== null) times.push(Date.parse(key.revokedAt));
  return times;
}
