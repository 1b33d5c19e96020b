/**
 * The audit log of every workspace, kept on this device so it reads offline: who did what to
 * which key, when and from where, and what this app did itself (marked local), newest
 * first. Filters combine and stay set; a row opens the event's details; Export CSV saves the
 * filtered rows. Opening the view syncs every workspace's new events; a trail that no longer
 * checks out says so above everything else until the workspace is removed.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { hasAuditFilters } from '../../lib/audit.ts';
import { useNow } from '../../state/useAppStore.ts';
import {
  useAuditActions,
  useAuditFilters,
  useAuditRows,
  useAuditStore,
  useAuditSync,
  useSelectedAuditEntry,
} from '../../state/useAuditStore.ts';
import { toast } from '../../state/useUiStore.ts';
import { useWorkspaces } from '../../state/useWorkspacesStore.ts';
import { RefreshIcon } from '../common/icons.tsx';
import { SkeletonRows } from '../keys/KeysTable.tsx';
import { AuditEventDetails } from './AuditEventDetails.tsx';
import { AuditFiltersBar } from './AuditFiltersBar.tsx';
import { AuditChainWarnings, AuditSyncLine } from './AuditSyncState.tsx';
import { AuditTable } from './AuditTable.tsx';

export function AuditView() {
  const { workspaces } = useWorkspaces();
  const { entries, nextCursor, loading, error } = useAuditRows();
  const filters = useAuditFilters();
  const selected = useSelectedAuditEntry();
  const selectedId = useAuditStore((s) => s.selectedId);
  const { status, progress, syncing } = useAuditSync();
  const { load, loadMore, loadFacets, loadStatus, select, sync, exportCsv, clearFilters } = useAuditActions();
  const now = useNow();
  const [exporting, setExporting] = useState(false);
  const workspaceNames = useMemo(() => new Map(workspaces.map((w) => [w.id, w.name])), [workspaces]);

  useEffect(() => {
    void load();
    void loadFacets();
    void loadStatus();
    // New events since the last visit; the rows reload as pages arrive.
    void sync();
  }, [load, loadFacets, loadStatus, sync]);

  const runSync = async (recheck: boolean) => {
    const failure = await sync(recheck);
    if (failure) toast(failure.message, 'error');
    else if (recheck) toast('Checked every workspace’s whole trail against this device’s copy.', 'success');
  };

  const runExport = async () => {
    setExporting(true);
    const result = await exportCsv();
    setExporting(false);
    if ('ok' in result) toast(result.message, 'error');
    else if (result.saved) {
      toast(
        `Saved ${result.rows.toLocaleString()} ${result.rows === 1 ? 'event' : 'events'} to ${result.path}.`,
        'success',
      );
    }
  };

  const onNearEnd = useCallback(() => void loadMore(), [loadMore]);
  const breaks = status?.workspaces.find((workspace) => workspace.workspaceId === selected?.workspaceId)?.breaks;

  let body;
  if (loading && entries.length === 0) body = <SkeletonRows />;
  else if (error && entries.length === 0) {
    body = (
      <div className="empty-state" role="alert">
        <h3>Couldn&apos;t read the audit log</h3>
        <p>{error.message}</p>
        <button type="button" className="button" onClick={() => void load()}>
          Try again
        </button>
      </div>
    );
  } else if (entries.length === 0) {
    body = hasAuditFilters(filters) ? (
      <div className="empty-state">
        <h3>No events match</h3>
        <p>No event kept on this device matches these filters.</p>
        <button type="button" className="button" onClick={clearFilters}>
          Clear filters
        </button>
      </div>
    ) : (
      <div className="empty-state">
        <h3>No audit events yet</h3>
        <p>Keys created, revoked and rotated appear here with who did it and from where, once each workspace syncs.</p>
      </div>
    );
  } else {
    body = (
      <AuditTable
        entries={entries}
        nowMs={now}
        workspaceNames={workspaceNames}
        selectedId={selectedId}
        hasMore={nextCursor !== null}
        onSelect={select}
        onNearEnd={onNearEnd}
      />
    );
  }

  return (
    <section className="view audit" aria-labelledby="audit-title">
      <header className="view__header audit__header">
        <div className="audit__title">
          <h1 id="audit-title" tabIndex={-1}>
            Audit
          </h1>
          <p className="muted">Who did what to your keys, when and from where, on every workspace and this device.</p>
        </div>
        <div className="button-row">
          <button type="button" className="button" disabled={syncing} onClick={() => void runSync(false)}>
            <RefreshIcon />
            {syncing ? 'Syncing…' : 'Sync now'}
          </button>
          <button type="button" className="button" disabled={syncing} onClick={() => void runSync(true)}>
            Check whole trail
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={exporting || entries.length === 0}
            onClick={() => void runExport()}
          >
            {exporting ? 'Exporting…' : 'Export CSV…'}
          </button>
        </div>
      </header>
      <AuditChainWarnings status={status} />
      <AuditFiltersBar workspaces={workspaces} />
      <AuditSyncLine status={status} progress={progress} nowMs={now} />
      <div className={`audit__layout${selected ? ' audit__layout--with-details' : ''}`}>
        <div className="audit__rows">{body}</div>
        {selected && (
          <AuditEventDetails
            entry={selected}
            workspaceName={workspaceNames.get(selected.workspaceId) ?? selected.workspaceId}
            breaks={breaks ?? []}
            onClose={() => select(null)}
          />
        )}
      </div>
    </section>
  );
}
