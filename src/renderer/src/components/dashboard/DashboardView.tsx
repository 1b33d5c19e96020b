/**
 * The dashboard: what needs action first (expired keys, keys expiring within 7 and 30 days,
 * rotations due) across every workspace, each with Rotate, and the next twelve months of expiries.
 */
import { useEffect } from 'react';
import type { DashboardKey } from '../../../../shared/ipc/index.ts';
import { useNow } from '../../state/useAppStore.ts';
import { useDashboard, useDashboardActions } from '../../state/useDashboardStore.ts';
import { useUiActions } from '../../state/useUiStore.ts';
import { WarningIcon } from '../common/icons.tsx';
import { AttentionGroupSection } from './AttentionList.tsx';
import { ExpiryTimeline } from './ExpiryTimeline.tsx';

export function DashboardView() {
  const { summary, loading, error } = useDashboard();
  const { load } = useDashboardActions();
  const { openRotation } = useUiActions();
  const now = useNow();

  useEffect(() => {
    void load();
  }, [load]);

  const rotate = (key: DashboardKey) => openRotation(key.workspaceId, key.keyId);
  const attention = summary?.attentionTotal ?? 0;
  const groups = summary?.groups.filter((group) => group.total > 0) ?? [];

  let body;
  if (!summary && error) {
    body = (
      <div className="empty-state" role="alert">
        <WarningIcon />
        <h3>Couldn't load the dashboard</h3>
        <p>{error.message}</p>
        <button type="button" className="button" onClick={() => void load()}>
          Try again
        </button>
      </div>
    );
  } else if (!summary) {
    body = <p className="muted dashboard__loading">Loading the dashboard…</p>;
  } else {
    body = (
      <div className="dashboard__grid">
        <section className="dashboard__panel" aria-labelledby="attention-title">
          <header className="dashboard__panel-header">
            <h2 id="attention-title">Needs action</h2>
          </header>
          {groups.length === 0 ? (
            <p className="muted">
              Nothing needs your attention: no key has expired, none expires in the next 30 days, and no rotation is
              due.
            </p>
          ) : (
            groups.map((group) => (
              <AttentionGroupSection key={group.group} group={group} nowMs={now} onRotate={rotate} />
            ))
          )}
        </section>
        <ExpiryTimeline summary={summary} />
      </div>
    );
  }

  return (
    <section className="view dashboard" aria-labelledby="dashboard-title" aria-busy={loading && !summary}>
      <header className="view__header">
        <h1 id="dashboard-title" tabIndex={-1}>
          Dashboard
        </h1>
        <p className="muted" aria-live="polite">
          {summary &&
            (attention === 0
              ? 'Every key across your workspaces is in good standing.'
              : `${attention.toLocaleString()} ${attention === 1 ? 'key needs' : 'keys need'} action across your workspaces.`)}
        </p>
      </header>
      {summary && error && (
        <div className="banner banner--error" role="alert">
          <WarningIcon />
          <p>{error.message}</p>
        </div>
      )}
      <div className="view__body">{body}</div>
    </section>
  );
}
