/**
 * The window: sidebar with the app's navigation, the open view (Keys with its details panel,
 * Dashboard, Audit, Settings), dialogs and toasts, plus the global shortcuts.
 */
import { useEffect, useRef } from 'react';
import { AuditView } from './components/audit/AuditView.tsx';
import { DashboardView } from './components/dashboard/DashboardView.tsx';
import { DialogHost } from './components/dialogs/DialogHost.tsx';
import { KeyDetails } from './components/keys/KeyDetails.tsx';
import { SEARCH_INPUT_ID } from './components/keys/KeysToolbar.tsx';
import { KeysView } from './components/keys/KeysView.tsx';
import { KeychainBanner, Toasts } from './components/layout/Banners.tsx';
import { Sidebar } from './components/layout/Sidebar.tsx';
import { focusViewTitle } from './components/layout/ViewNav.tsx';
import { SettingsView } from './components/settings/SettingsView.tsx';
import { viewForShortcut } from './lib/shortcuts.ts';
import { useAppStore } from './state/useAppStore.ts';
import { useDashboardStore } from './state/useDashboardStore.ts';
import { useKeysStore } from './state/useKeysStore.ts';
import { useSelectedKeyId, useUiStore, useView } from './state/useUiStore.ts';
import { useSelectedWorkspace, useWorkspacesStore } from './state/useWorkspacesStore.ts';

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const ui = useUiStore.getState();
      if (ui.dialog !== null || useKeysStore.getState().showOnce !== null) return;
      const view = viewForShortcut(event);
      if (view !== null) {
        event.preventDefault();
        ui.showView(view);
        focusViewTitle();
        return;
      }
      if (ui.view !== 'keys') return;
      if (event.key === '/' && !isTyping(event.target) && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        document.getElementById(SEARCH_INPUT_ID)?.focus();
      } else if (
        (event.ctrlKey || event.metaKey) &&
        !event.shiftKey &&
        !event.altKey &&
        event.key.toLowerCase() === 'n'
      ) {
        event.preventDefault();
        const { workspaces, selectedId } = useWorkspacesStore.getState();
        const kind = workspaces.find((w) => w.id === selectedId)?.kind;
        if (kind) ui.openDialog(kind === 'external' ? { kind: 'addExternalKey' } : { kind: 'createKey' });
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** True while the selected key is in the open workspace's list, i.e. while its panel shows. */
function useDetailsShown(workspaceId: string | null, keyId: string | null): boolean {
  const shown = useKeysStore((s) =>
    workspaceId !== null && keyId !== null
      ? (s.byWorkspace[workspaceId]?.keys.some((k) => k.id === keyId) ?? false)
      : false,
  );
  // The panel closed (Close, Escape, the key deleted) while focus was in it: focus would fall to
  // <body>, so a keyboard user lands back on the keys table instead.
  const wasShown = useRef(shown);
  useEffect(() => {
    const closed = wasShown.current && !shown;
    wasShown.current = shown;
    if (closed && (document.activeElement === document.body || document.activeElement === null)) {
      document.querySelector<HTMLElement>('.keys-grid')?.focus();
    }
  }, [shown]);
  return shown;
}

export function App() {
  const view = useView();
  const workspace = useSelectedWorkspace();
  const selectedKeyId = useSelectedKeyId();
  const loadError = useAppStore((s) => s.loadError);
  const detailsShown = useDetailsShown(workspace?.id ?? null, selectedKeyId) && view === 'keys';
  useGlobalShortcuts();

  useEffect(() => {
    void useAppStore.getState().load();
    void useWorkspacesStore.getState().load();
    // The app opens on the dashboard when something needs attention, else on the keys.
    void useDashboardStore
      .getState()
      .load()
      .then((summary) => useUiStore.getState().chooseStartView(summary?.attentionTotal ? 'dashboard' : 'keys'));
  }, []);

  return (
    <>
      <div id="app-shell" className={`shell${detailsShown ? ' shell--with-details' : ''}`}>
        <Sidebar />
        <main className="main" aria-busy={view === null}>
          <KeychainBanner />
          {loadError && (
            <div className="banner banner--error" role="alert">
              <p>{loadError}</p>
            </div>
          )}
          {view === 'keys' &&
            (workspace ? (
              <KeysView key={workspace.id} workspace={workspace} />
            ) : (
              <div className="empty-state">
                <h3>No workspace selected</h3>
                <p>Choose a workspace in the sidebar, or connect one.</p>
              </div>
            ))}
          {view === 'dashboard' && <DashboardView />}
          {view === 'audit' && <AuditView />}
          {view === 'settings' && <SettingsView />}
        </main>
        {workspace && selectedKeyId && detailsShown && <KeyDetails workspace={workspace} keyId={selectedKeyId} />}
      </div>
      <DialogHost />
      <Toasts />
    </>
  );
}
