/** The main pane: workspace header, toolbar, offline/error banners and the table or its empty state. */
import { useEffect } from 'react';
import type { WorkspaceView } from '../../../../shared/ipc/index.ts';
import { formatDateTime } from '../../lib/time.ts';
import { useNow } from '../../state/useAppStore.ts';
import { useKeyActions, useWorkspaceKeys } from '../../state/useKeysStore.ts';
import { useKeyFilter, useKeySort, useUiActions } from '../../state/useUiStore.ts';
import { PlusIcon, WarningIcon } from '../common/icons.tsx';
import { KeysTable, SkeletonRows } from './KeysTable.tsx';
import { KeysToolbar } from './KeysToolbar.tsx';
import { useVisibleKeyRows } from './useVisibleKeyRows.ts';

export function KeysView({ workspace }: { workspace: WorkspaceView }) {
  const state = useWorkspaceKeys(workspace.id);
  const now = useNow();
  const filter = useKeyFilter();
  const sort = useKeySort();
  const { load } = useKeyActions();
  const { openDialog, clearFilters } = useUiActions();
  const { visible, total } = useVisibleKeyRows(state?.keys, now, filter, sort);
  const external = workspace.kind === 'external';

  useEffect(() => {
    void load(workspace.id);
  }, [workspace.id, load]);

  const openCreate = () => openDialog(external ? { kind: 'addExternalKey' } : { kind: 'createKey' });
  const reconnect = () => openDialog({ kind: 'connectWorkspace', url: workspace.url ?? '', name: workspace.name });
  const error = state?.error ?? null;

  let body;
  if (!state || (state.loading && state.keys.length === 0)) {
    body = <SkeletonRows />;
  } else if (error && state.keys.length === 0) {
    const authFailed = error.code === 'workspace_auth_failed';
    body = (
      <div className="empty-state" role="alert">
        <WarningIcon />
        <h3>{authFailed ? `Reconnect ${workspace.name}` : `Couldn't load the keys of ${workspace.name}`}</h3>
        <p>{error.message}</p>
        {authFailed ? (
          <p>Ask an administrator of the workspace for a new admin token, then reconnect.</p>
        ) : (
          <p>Check your connection, then try again.</p>
        )}
        <div className="button-row">
          {authFailed && workspace.kind === 'remote' && (
            <button type="button" className="button button--primary" onClick={reconnect}>
              Reconnect…
            </button>
          )}
          <button type="button" className="button" onClick={() => void load(workspace.id, 'refresh')}>
            Try again
          </button>
        </div>
      </div>
    );
  } else if (total === 0) {
    body = (
      <div className="empty-state">
        <h3>{external ? 'No external keys yet' : 'No API keys yet'}</h3>
        <p>
          {external
            ? 'Keep keys issued by other services (Letsignit, letssign.now, …) in your vault to see when they expire.'
            : 'Create one to connect SCIM provisioning, an on-premise script or the public API.'}
        </p>
        <button type="button" className="button button--primary" onClick={openCreate}>
          <PlusIcon />
          {external ? 'Add external key' : 'Create key'}
        </button>
      </div>
    );
  } else if (visible.length === 0) {
    body = (
      <div className="empty-state">
        <h3>No keys match</h3>
        <p>No key in {workspace.name} matches this search and these filters.</p>
        <button type="button" className="button" onClick={clearFilters}>
          Clear search and filters
        </button>
      </div>
    );
  } else {
    body = <KeysTable rows={visible} nowMs={now} label={`API keys in ${workspace.name}`} external={external} />;
  }

  return (
    <section className="keys-view" aria-labelledby="keys-view-title">
      <header className="keys-view__header">
        <div>
          <h1 id="keys-view-title" tabIndex={-1}>
            {workspace.name}
          </h1>
          <p className="muted">
            {external ? 'Keys issued by other services, kept in this vault' : workspace.url}
            {state && total > 0 && (
              <span aria-live="polite">
                {' '}
                ·{' '}
                {visible.length === total
                  ? `${total.toLocaleString()} key${total === 1 ? '' : 's'}`
                  : `${visible.length.toLocaleString()} of ${total.toLocaleString()} keys`}
              </span>
            )}
          </p>
        </div>
      </header>
      <KeysToolbar
        external={external}
        refreshing={state?.refreshing ?? false}
        onRefresh={() => void load(workspace.id, 'refresh')}
        onCreate={openCreate}
      />
      {state?.source === 'cache' && (
        <div className="banner banner--offline" role="status">
          <WarningIcon />
          <p>
            Showing the last known keys from {state.syncedAt ? formatDateTime(state.syncedAt) : 'an earlier session'}
            {state.staleReason ? `: ${state.staleReason.replace(/\.$/, '')}.` : '.'}
          </p>
          <RecoverButton
            needsReconnect={workspace.connection === 'auth_failed' && workspace.kind === 'remote'}
            onReconnect={reconnect}
            onRetry={() => void load(workspace.id, 'refresh')}
          />
        </div>
      )}
      {error && state && state.keys.length > 0 && (
        <div className="banner banner--error" role="alert">
          <WarningIcon />
          <p>{error.message}</p>
          <RecoverButton
            needsReconnect={error.code === 'workspace_auth_failed' && workspace.kind === 'remote'}
            onReconnect={reconnect}
            onRetry={() => void load(workspace.id, 'refresh')}
          />
        </div>
      )}
      <div className="keys-view__body">{body}</div>
    </section>
  );
}

/** Retry can't fix a revoked or expired admin token: offer the way that can. */
function RecoverButton({
  needsReconnect,
  onReconnect,
  onRetry,
}: {
  needsReconnect: boolean;
  onReconnect(): void;
  onRetry(): void;
}) {
  return (
    <button type="button" className="button button--small" onClick={needsReconnect ? onReconnect : onRetry}>
      {needsReconnect ? 'Reconnect…' : 'Retry'}
    </button>
  );
}
