/**
 * Answers `dashboard:summary` from the vault: the keys reminders watch (every cached key neither
 * revoked nor rotated, and every external key, in one query) summarised at the clock's now.
 */
import type { Clock } from '../../../shared/clock.ts';
import type { DashboardSummary } from '../../../shared/ipc/dashboard.ts';
import type { WatchedKeyRepository } from '../store/watched-key-repository.ts';
import type { WorkspaceRepository } from '../store/workspace-repository.ts';
import { summarizeDashboard } from './dashboard-summary.ts';

/** Whether a key is being rotated right now (the rotation service answers this once it is wired). */
export interface DashboardRotations {
  isRotationInProgress(workspaceId: string, keyId: string): boolean;
}

export interface DashboardServiceDeps {
  watchedKeys: WatchedKeyRepository;
  workspaces: WorkspaceRepository;
  clock: Clock;
  rotations?: DashboardRotations;
}

export class DashboardService {
  readonly #deps: DashboardServiceDeps;

  constructor(deps: DashboardServiceDeps) {
    this.#deps = deps;
  }

  summary(): DashboardSummary {
    const { watchedKeys, workspaces, clock, rotations } = this.#deps;
    return summarizeDashboard({
      keys: watchedKeys.list(),
      now: clock.now().getTime(),
      workspaceOrder: workspaces.list().map((workspace) => workspace.id),
      isRotationInProgress: (workspaceId, keyId) => rotations?.isRotationInProgress(workspaceId, keyId) ?? false,
    });
  }
}
