/**
 * Which keys need the user's attention (expiring within 30 days) across every workspace, kept on
 * the tray badge. It also wakes at the next moment a key's status changes (enters its warning
 * month, expires) so lists and the badge move without a refresh. Expiry reminders with
 * notifications will hang off the same transitions.
 */
import { DAY_MS, EXPIRY_WARNING_DAYS, keyStatusAt } from '../../../shared/api/index.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { CoreEvents } from '../events.ts';
import type { TrayPort } from '../ports.ts';
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
  tray: TrayPort;
  clock: Clock;
  queue: DueJobQueue;
  events: CoreEvents;
}

export class KeyAttention {
  readonly #deps: KeyAttentionDeps;
  #lastBadge: string | null = null;

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

  /** Recomputes the badge and re-arms the wake-up for the next status change. */
  refresh(): void {
    let total = 0;
    for (const count of this.expiringByWorkspace().values()) total += count;
    const tooltip =
      total === 0
        ? 'Keywarden: no keys expire in the next 30 days'
        : `Keywarden: ${total} ${total === 1 ? 'key expires' : 'keys expire'} within 30 days`;
    const badge = `${total}|${tooltip}`;
    if (badge !== this.#lastBadge) {
      this.#lastBadge = badge;
      this.#deps.tray.setAttention(total, tooltip);
    }
    this.#armNextChange();
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
