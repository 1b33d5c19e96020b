/**
 * Search, status and scope filters, refresh and the create/add button above the keys table. Its
 * buttons' words sit in spans that a narrow toolbar hides visually (layout.css), leaving the icon,
 * the tooltip and the accessible name.
 */
import type { ScopeFilter, StatusFilter } from '../../lib/key-table.ts';
import { useKeyFilter, useUiActions } from '../../state/useUiStore.ts';
import { PlusIcon, RefreshIcon, SearchIcon } from '../common/icons.tsx';

export const SEARCH_INPUT_ID = 'key-search';

type KeysToolbarProps = {
  external: boolean;
  refreshing: boolean;
  onRefresh(): void;
  onCreate(): void;
};

export function KeysToolbar({ external, refreshing, onRefresh, onCreate }: KeysToolbarProps) {
  const filter = useKeyFilter();
  const { setQuery, setStatusFilter, setScopeFilter } = useUiActions();
  const refreshLabel = refreshing ? 'Refreshing…' : 'Refresh';
  const createLabel = external ? 'Add external key' : 'Create key';
  return (
    <div className="toolbar keys-toolbar" role="search">
      <div className="search">
        <SearchIcon />
        <input
          id={SEARCH_INPUT_ID}
          type="search"
          aria-label="Search keys by name, label or provider"
          placeholder="Search keys"
          value={filter.query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && filter.query !== '') {
              e.stopPropagation();
              setQuery('');
            }
          }}
          spellCheck={false}
          autoComplete="off"
        />
        <kbd className="search__hint" aria-hidden="true">
          /
        </kbd>
      </div>
      <select
        aria-label="Filter by status"
        value={filter.status}
        onChange={(e) => setStatusFilter(e.target.value as StatusFilter)}
      >
        <option value="all">All statuses</option>
        <option value="active">Active</option>
        <option value="expiring">Expiring soon</option>
        <option value="expired">Expired</option>
        <option value="revoked">Revoked</option>
      </select>
      {!external && (
        <select
          aria-label="Filter by scope"
          value={filter.scope}
          onChange={(e) => setScopeFilter(e.target.value as ScopeFilter)}
        >
          <option value="all">All scopes</option>
          <option value="scim">SCIM</option>
          <option value="on_premise">On Premise</option>
          <option value="public_api">Public APIs</option>
        </select>
      )}
      <button
        type="button"
        className="button button--ghost keys-toolbar__refresh"
        onClick={onRefresh}
        disabled={refreshing}
        title={refreshLabel}
      >
        <RefreshIcon />
        <span className="keys-toolbar__label">{refreshLabel}</span>
      </button>
      <button
        type="button"
        className="button button--primary keys-toolbar__create"
        onClick={onCreate}
        aria-keyshortcuts="Control+N Meta+N"
        title={createLabel}
      >
        <PlusIcon />
        <span className="keys-toolbar__label">{createLabel}</span>
      </button>
    </div>
  );
}
