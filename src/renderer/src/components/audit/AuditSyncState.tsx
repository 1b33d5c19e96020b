/**
 * Where each workspace's trail stands: a sync's progress, why the last one stopped, and, kept
 * until the workspace is removed, every place its hash chain did not check out, naming the
 * workspace and the seq: someone changed the service's history there.
 */
import type { AuditStatus } from '../../../../shared/ipc/index.ts';
import { formatAgo } from '../../lib/time.ts';
import type { SyncProgress } from '../../state/useAuditStore.ts';
import { WarningIcon } from '../common/icons.tsx';

export function AuditChainWarnings({ status }: { status: AuditStatus | null }) {
  const broken = (status?.workspaces ?? []).filter((workspace) => workspace.breaks.length > 0);
  if (broken.length === 0) return null;
  return (
    <div className="audit-warnings">
      {broken.map((workspace) => (
        <div key={workspace.workspaceId} className="notice notice--error notice--prominent" role="alert">
          <WarningIcon />
          <div>
            <strong>
              The audit trail of {workspace.workspaceName} does not check out at seq{' '}
              {workspace.breaks.map((found) => found.seq).join(', seq ')}.
            </strong>
            <ul className="audit-warnings__list">
              {workspace.breaks.map((found) => (
                <li key={`${found.seq}-${found.reason}`}>{found.message}.</li>
              ))}
            </ul>
            <p>
              Events were changed or removed in the service&apos;s database after they were recorded. Keep the events
              this device synced, export them, and find out who can write to that database.
            </p>
          </div>
        </div>
      ))}
    </div>
  );
}

/** One line per workspace while it syncs or when its last sync failed; nothing when all is well. */
export function AuditSyncLine({
  status,
  progress,
  nowMs,
}: {
  status: AuditStatus | null;
  progress: Record<string, SyncProgress>;
  nowMs: number;
}) {
  const lines = (status?.workspaces ?? []).flatMap((workspace) => {
    const running = progress[workspace.workspaceId];
    if (running && !running.done) {
      return [
        `Syncing ${workspace.workspaceName}: ${running.lastSeq.toLocaleString()} of ${running.headSeq.toLocaleString()} events…`,
      ];
    }
    if (workspace.error) return [`${workspace.workspaceName}: ${workspace.error}`];
    return [];
  });
  const synced = (status?.workspaces ?? []).map((workspace) => workspace.syncedAt).filter((at) => at !== null);
  const latest = synced.sort().at(-1);
  return (
    <p className="audit-sync-line muted" role="status">
      {lines.length > 0
        ? lines.join(' · ')
        : latest
          ? `Synced ${formatAgo(latest, Math.max(nowMs, Date.parse(latest)))}.`
          : ''}
    </p>
  );
}
