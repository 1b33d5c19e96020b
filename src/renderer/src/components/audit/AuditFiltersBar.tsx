/**
 * The audit log's filters, any combination: workspace, key, event type, actor, where it comes
 * from, a date range and free text. Kept in the view's store, so they are still set when the user
 * comes back (the store asks for free text once typing pauses).
 */
import { AUDIT_ENTRY_TYPES, type WorkspaceView } from '../../../../shared/ipc/index.ts';
import { AUDIT_TYPE_LABELS, hasAuditFilters } from '../../lib/audit.ts';
import { useAuditActions, useAuditFacets, useAuditFilters } from '../../state/useAuditStore.ts';
import { SearchIcon } from '../common/icons.tsx';

export const AUDIT_SEARCH_ID = 'audit-search';

export function AuditFiltersBar({ workspaces }: { workspaces: readonly WorkspaceView[] }) {
  const filters = useAuditFilters();
  const facets = useAuditFacets();
  const { setFilters, clearFilters } = useAuditActions();
  const keys = facets.keys.filter((key) => !filters.workspaceId || key.workspaceId === filters.workspaceId);
  return (
    <div className="toolbar audit-filters" role="search" aria-label="Filter the audit log">
      <label className="search">
        <SearchIcon />
        <span className="visually-hidden">Search the audit log</span>
        <input
          id={AUDIT_SEARCH_ID}
          type="search"
          placeholder="Search names, keys, IPs, reasons…"
          value={filters.text}
          maxLength={200}
          onChange={(event) => setFilters({ text: event.target.value })}
        />
      </label>
      <select
        aria-label="Workspace"
        value={filters.workspaceId}
        onChange={(event) => setFilters({ workspaceId: event.target.value, keyId: '' })}
      >
        <option value="">All workspaces</option>
        {workspaces.map((workspace) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.name}
          </option>
        ))}
      </select>
      <select aria-label="Key" value={filters.keyId} onChange={(event) => setFilters({ keyId: event.target.value })}>
        <option value="">All keys</option>
        {keys.map((key) => (
          <option key={`${key.workspaceId}/${key.keyId}`} value={key.keyId}>
            {key.label ? `${key.label}…` : key.keyId}
          </option>
        ))}
      </select>
      <select
        aria-label="Event type"
        value={filters.type}
        onChange={(event) => setFilters({ type: event.target.value as typeof filters.type })}
      >
        <option value="">All events</option>
        {AUDIT_ENTRY_TYPES.map((type) => (
          <option key={type} value={type}>
            {AUDIT_TYPE_LABELS[type]}
          </option>
        ))}
      </select>
      <select aria-label="Actor" value={filters.actor} onChange={(event) => setFilters({ actor: event.target.value })}>
        <option value="">Anyone</option>
        {facets.actors.map((actor) => (
          <option key={actor.ref} value={actor.ref}>
            {actor.name}
          </option>
        ))}
      </select>
      <select
        aria-label="Source"
        value={filters.source}
        onChange={(event) => setFilters({ source: event.target.value as typeof filters.source })}
      >
        <option value="">Services and this device</option>
        <option value="service">Workspace services</option>
        <option value="local">This device</option>
      </select>
      <label className="audit-filters__date">
        From
        <input
          type="date"
          value={filters.sinceDate}
          max={filters.untilDate || undefined}
          onChange={(event) => setFilters({ sinceDate: event.target.value })}
        />
      </label>
      <label className="audit-filters__date">
        To
        <input
          type="date"
          value={filters.untilDate}
          min={filters.sinceDate || undefined}
          onChange={(event) => setFilters({ untilDate: event.target.value })}
        />
      </label>
      {hasAuditFilters(filters) && (
        <button type="button" className="button button--ghost button--small" onClick={clearFilters}>
          Clear filters
        </button>
      )}
    </div>
  );
}
