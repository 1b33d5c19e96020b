/**
 * The sidebar: the app's one navigation (Keys, Dashboard, Audit, Settings), then the workspaces
 * (local, remote) and the External keys collection, with expiring counts and connection state.
 * Opening a workspace opens the Keys view.
 */
import type { WorkspaceView } from '../../../../shared/ipc/index.ts';
import { countExpiring } from '../../lib/key-table.ts';
import { useAppInfo, useNow } from '../../state/useAppStore.ts';
import { useKeysStore } from '../../state/useKeysStore.ts';
import { useUiActions, useView } from '../../state/useUiStore.ts';
import { useSelectedWorkspace, useWorkspaceActions, useWorkspaces } from '../../state/useWorkspacesStore.ts';
import { KeyIcon, LaptopIcon, PlusIcon, ServerIcon, TrashIcon } from '../common/icons.tsx';
import { ViewNav } from './ViewNav.tsx';

export function Sidebar() {
  const { workspaces, loaded, error } = useWorkspaces();
  const { info } = useAppInfo();
  const { openDialog } = useUiActions();
  const managed = workspaces.filter((w) => w.kind !== 'external');
  const external = workspaces.filter((w) => w.kind === 'external');

  return (
    <div className="sidebar">
      <div className="sidebar__brand">
        <span className="brand-mark" aria-hidden="true">
          <KeyIcon />
        </span>
        Keywarden
      </div>
      <ViewNav />
      <nav className="sidebar__workspaces" aria-label="Workspaces">
        <h2 className="sidebar__heading" id="sidebar-workspaces">
          Workspaces
        </h2>
        {!loaded && <p className="sidebar__note">Loading workspaces…</p>}
        {error && (
          <p className="sidebar__note sidebar__note--error" role="alert">
            {error}
          </p>
        )}
        <ul className="workspace-list" aria-labelledby="sidebar-workspaces">
          {managed.map((w) => (
            <WorkspaceItem key={w.id} workspace={w} />
          ))}
        </ul>
        <button
          type="button"
          className="button button--ghost sidebar__connect"
          onClick={() => openDialog({ kind: 'connectWorkspace' })}
        >
          <PlusIcon />
          Connect a workspace
        </button>
        {external.length > 0 && (
          <>
            <h2 className="sidebar__heading" id="sidebar-vault">
              Vault
            </h2>
            <ul className="workspace-list" aria-labelledby="sidebar-vault">
              {external.map((w) => (
                <WorkspaceItem key={w.id} workspace={w} />
              ))}
            </ul>
          </>
        )}
      </nav>
      <span className="sidebar__spacer" />
      {info && <p className="sidebar__version">Keywarden {info.version}</p>}
    </div>
  );
}

function WorkspaceItem({ workspace }: { workspace: WorkspaceView }) {
  // The open workspace is marked only while its keys are on screen.
  const selected = useSelectedWorkspace()?.id === workspace.id;
  const current = useView() === 'keys' && selected;
  const { select } = useWorkspaceActions();
  const { openDialog, showView } = useUiActions();
  const now = useNow();
  const keys = useKeysStore((s) => s.byWorkspace[workspace.id]?.keys);
  // Loaded keys follow the UI's clock; otherwise trust the core's count.
  const expiring = keys ? countExpiring(keys, now) : workspace.expiringCount;
  const Icon = workspace.kind === 'local' ? LaptopIcon : workspace.kind === 'remote' ? ServerIcon : KeyIcon;
  const connection =
    workspace.connection === 'offline' ? 'Offline' : workspace.connection === 'auth_failed' ? 'Reconnect needed' : null;

  return (
    <li className={`workspace${current ? ' is-selected' : ''}`}>
      <button
        type="button"
        className="workspace__button"
        aria-current={current ? 'page' : undefined}
        onClick={() => {
          select(workspace.id);
          showView('keys');
        }}
        title={workspace.connectionMessage ?? workspace.url ?? undefined}
      >
        <Icon />
        <span className="workspace__text">
          <span className="workspace__name">{workspace.name}</span>
          {connection && (
            <span className={`workspace__state workspace__state--${workspace.connection}`}>{connection}</span>
          )}
        </span>
        {expiring > 0 && (
          <span className="count-badge" title={`${expiring} expiring within 30 days`}>
            {expiring}
            <span className="visually-hidden"> keys expiring within 30 days</span>
          </span>
        )}
      </button>
      {workspace.kind === 'remote' && (
        <button
          type="button"
          className="icon-button workspace__remove"
          aria-label={`Remove workspace ${workspace.name}`}
          title="Remove workspace"
          onClick={() => openDialog({ kind: 'removeWorkspace', workspaceId: workspace.id })}
        >
          <TrashIcon />
        </button>
      )}
    </li>
  );
}
