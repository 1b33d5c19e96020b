/**
 * The virtualised keys grid. Only the visible rows are in the DOM; the grid keeps an active row
 * (aria-activedescendant) that arrow keys move, and Enter opens the details panel.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { SortColumn, StatusRow } from '../../lib/key-table.ts';
import { formatAgo, formatCountdown } from '../../lib/time.ts';
import { keyRef, useRotatingKeys } from '../../state/useRotationStore.ts';
import { useKeySort, useSelectedKeyId, useUiActions } from '../../state/useUiStore.ts';
import { LockIcon, MoreIcon } from '../common/icons.tsx';
import { StatusBadge } from '../common/StatusBadge.tsx';
import { KeyRowMenu, type RowMenuAnchor } from './KeyRowMenu.tsx';

const ROW_HEIGHT = 36;

const COLUMNS: { id: SortColumn | 'vault' | 'actions'; label: string; sortable: boolean }[] = [
  { id: 'name', label: 'Name', sortable: true },
  { id: 'prefix', label: 'Label', sortable: true },
  { id: 'scope', label: 'Scope', sortable: true },
  { id: 'status', label: 'Status', sortable: true },
  { id: 'expiresAt', label: 'Expires', sortable: true },
  { id: 'lastUsedAt', label: 'Last used', sortable: true },
  { id: 'vault', label: 'Vault', sortable: false },
  { id: 'actions', label: 'Actions', sortable: false },
];

type KeysTableProps = { rows: readonly StatusRow[]; nowMs: number; label: string; external?: boolean };

export function KeysTable({ rows, nowMs, label, external = false }: KeysTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const sort = useKeySort();
  const selectedKeyId = useSelectedKeyId();
  const { sortBy, selectKey } = useUiActions();
  const [activeId, setActiveId] = useState<string | null>(null);
  const [menu, setMenu] = useState<RowMenuAnchor | null>(null);
  const rotating = useRotatingKeys();
  const foundActive = activeId === null ? -1 : rows.findIndex((r) => r.key.id === activeId);
  const activeIndex = foundActive >= 0 ? foundActive : rows.length > 0 ? 0 : -1;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]?.key.id ?? index,
  });

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  const moveTo = (index: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!row) return;
    setActiveId(row.key.id);
    // Browsing with the panel open: the panel follows the active row.
    if (selectedKeyId !== null) selectKey(row.key.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (event.key in moves) moveTo(activeIndex + (moves[event.key] ?? 0));
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(rows.length - 1);
    else if (event.key === 'Enter' || event.key === ' ') {
      const row = rows[activeIndex];
      if (row) selectKey(row.key.id);
    } else if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
      const row = rows[activeIndex];
      const box = row && document.getElementById(rowDomId(row.key.id))?.getBoundingClientRect();
      if (row && box) setMenu({ keyId: row.key.id, x: box.right - 220, y: box.bottom });
    } else return;
    event.preventDefault();
  };

  // Stable, so the memoised rows don't all re-render on every render of the grid.
  const openRow = useCallback(
    (id: string) => {
      setActiveId(id);
      selectKey(id);
    },
    [selectKey],
  );
  const openMenu = useCallback((anchor: RowMenuAnchor) => {
    setActiveId(anchor.keyId);
    setMenu(anchor);
  }, []);
  const closeMenu = useCallback((refocus: boolean) => {
    setMenu(null);
    if (refocus) scrollRef.current?.focus();
  }, []);
  const menuRow = menu ? rows.find((r) => r.key.id === menu.keyId) : undefined;

  const activeRow = rows[activeIndex];
  return (
    <div
      ref={scrollRef}
      className="keys-grid"
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length}
      tabIndex={0}
      aria-activedescendant={activeRow ? rowDomId(activeRow.key.id) : undefined}
      onKeyDown={onKeyDown}
    >
      <div role="row" aria-rowindex={1} className="keys-grid__row keys-grid__head">
        {COLUMNS.map((column) => {
          const sorted = sort.column === column.id;
          return (
            <div
              key={column.id}
              role="columnheader"
              className={`keys-grid__cell keys-grid__cell--${column.id}`}
              aria-sort={column.sortable ? (sorted ? sort.direction : 'none') : undefined}
            >
              {column.sortable ? (
                <button type="button" className="sort-button" onClick={() => sortBy(column.id as SortColumn)}>
                  {column.label}
                  <span className={`sort-button__arrow${sorted ? ' is-sorted' : ''}`} aria-hidden="true">
                    {sorted && sort.direction === 'descending' ? '↓' : '↑'}
                  </span>
                </button>
              ) : (
                <span className="visually-hidden-label">{column.label}</span>
              )}
            </div>
          );
        })}
      </div>
      <div className="keys-grid__body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <KeyRowView
              key={item.key}
              row={row}
              index={item.index}
              top={item.start}
              nowMs={nowMs}
              active={item.index === activeIndex}
              selected={row.key.id === selectedKeyId}
              rotating={rotating.has(keyRef(row.key.workspaceId, row.key.id))}
              onOpen={openRow}
              onMenu={openMenu}
            />
          );
        })}
      </div>
      {menu && menuRow && (
        <KeyRowMenu
          vaultKey={menuRow.key}
          anchor={menu}
          nowMs={nowMs}
          external={external}
          rotating={rotating.has(keyRef(menuRow.key.workspaceId, menuRow.key.id))}
          onClose={closeMenu}
        />
      )}
    </div>
  );
}

export const rowDomId = (keyId: string) => `key-row-${keyId}`;

type RowProps = {
  row: StatusRow;
  index: number;
  top: number;
  nowMs: number;
  active: boolean;
  selected: boolean;
  /** A rotation of this key (or to it) is under way. */
  rotating: boolean;
  onOpen(keyId: string): void;
  onMenu(anchor: RowMenuAnchor): void;
};

const KeyRowView = memo(function KeyRowView({
  row,
  index,
  top,
  nowMs,
  active,
  selected,
  rotating,
  onOpen,
  onMenu,
}: RowProps) {
  const { key, status } = row;
  const openMenuAt = (event: MouseEvent, x: number, y: number) => {
    event.preventDefault();
    event.stopPropagation();
    onMenu({ keyId: key.id, x, y });
  };
  return (
    <div
      id={rowDomId(key.id)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`keys-grid__row${active ? ' is-active' : ''}${selected ? ' is-selected' : ''} row--${status}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(key.id)}
      onContextMenu={(event) => openMenuAt(event, event.clientX, event.clientY)}
    >
      <div role="gridcell" className="keys-grid__cell keys-grid__cell--name">
        <span className="key-name" title={key.name}>
          {key.name}
        </span>
        {key.environment === 'test' && <span className="tag tag--test">test</span>}
        {rotating && (
          <span className="tag tag--rotation" title="Rotation in progress">
            <span aria-hidden="true">rotating</span>
            <span className="visually-hidden">rotation in progress</span>
          </span>
        )}
        {key.provider && <span className="key-provider">{key.provider}</span>}
      </div>
      <div role="gridcell" className="keys-grid__cell keys-grid__cell--prefix">
        <code className="key-label">{key.prefix}…</code>
      </div>
      <div role="gridcell" className="keys-grid__cell keys-grid__cell--scope" title={row.scopeText}>
        {row.scopeText}
      </div>
      <div role="gridcell" className="keys-grid__cell keys-grid__cell--status">
        <StatusBadge status={status} />
      </div>
      <div role="gridcell" className={`keys-grid__cell keys-grid__cell--expiresAt countdown--${status}`}>
        {formatCountdown(key, nowMs)}
      </div>
      <div role="gridcell" className="keys-grid__cell keys-grid__cell--lastUsedAt">
        {key.lastUsedAt ? (
          <>
            <span>{formatAgo(key.lastUsedAt, nowMs)}</span>
            {key.lastUsedIp && <span className="muted ip"> · {key.lastUsedIp}</span>}
          </>
        ) : (
          <span className="muted">Never used</span>
        )}
      </div>
      <div role="gridcell" className="keys-grid__cell keys-grid__cell--vault">
        {key.hasSecret ? (
          <span className="vault-mark" title="Secret stored in this device's vault">
            <LockIcon />
            <span className="visually-hidden">Secret in vault</span>
          </span>
        ) : (
          <span className="visually-hidden">Secret not on this device</span>
        )}
      </div>
      <div role="gridcell" className="keys-grid__cell keys-grid__cell--actions">
        {/* Out of the tab order like every cell: the table's keyboard opens the menu with Shift+F10. */}
        <button
          type="button"
          className="icon-button row-menu-button"
          tabIndex={-1}
          aria-label={`Actions for ${key.name}`}
          aria-haspopup="menu"
          onClick={(event) => {
            const box = event.currentTarget.getBoundingClientRect();
            openMenuAt(event, box.right - 210, box.bottom + 2);
          }}
        >
          <MoreIcon />
        </button>
      </div>
    </div>
  );
});

export function SkeletonRows({ count = 8 }: { count?: number }) {
  return (
    <div className="keys-skeleton" aria-busy="true" aria-label="Loading keys">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="keys-skeleton__row">
          <span style={{ width: `${30 + ((i * 37) % 40)}%` }} />
          <span />
          <span />
        </div>
      ))}
    </div>
  );
}
