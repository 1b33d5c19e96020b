/**
 * The app's one navigation: Keys, Dashboard, Audit, Settings, each a button marked aria-current
 * when its view is open, with its shortcut in the tooltip and in aria-keyshortcuts. The Dashboard
 * entry counts the keys needing action.
 */
import type { ReactNode } from 'react';
import { APP_VIEWS, ariaShortcuts, shortcutLabel, type AppView } from '../../lib/shortcuts.ts';
import { useAppInfo } from '../../state/useAppStore.ts';
import { useAttentionTotal } from '../../state/useDashboardStore.ts';
import { useUiActions, useView } from '../../state/useUiStore.ts';
import { AuditIcon, DashboardIcon, KeyIcon, SettingsIcon } from '../common/icons.tsx';

const ENTRIES: Record<AppView, { label: string; icon: ReactNode }> = {
  keys: { label: 'Keys', icon: <KeyIcon /> },
  dashboard: { label: 'Dashboard', icon: <DashboardIcon /> },
  audit: { label: 'Audit', icon: <AuditIcon /> },
  settings: { label: 'Settings', icon: <SettingsIcon /> },
};

/**
 * Like following a link: the keyboard and a screen reader land on the new view's title, and Tab
 * goes on into the view rather than through the sidebar.
 */
export function focusViewTitle(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
}

export function ViewNav() {
  const view = useView();
  const { showView } = useUiActions();
  const platform = useAppInfo().info?.platform;
  const attention = useAttentionTotal();

  return (
    <nav className="view-nav" aria-label="Main">
      <ul className="view-nav__list">
        {APP_VIEWS.map((entry) => {
          const { label, icon } = ENTRIES[entry];
          const current = view === entry;
          return (
            <li key={entry}>
              <button
                type="button"
                className={`view-nav__item${current ? ' is-current' : ''}`}
                aria-current={current ? 'page' : undefined}
                aria-keyshortcuts={ariaShortcuts(entry, platform)}
                title={`${label} (${shortcutLabel(entry, platform)})`}
                onClick={() => {
                  showView(entry);
                  focusViewTitle();
                }}
              >
                {icon}
                <span className="view-nav__label">{label}</span>
                {entry === 'dashboard' && attention > 0 && (
                  <span className="count-badge count-badge--attention">
                    {attention}
                    <span className="visually-hidden"> keys need action</span>
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
