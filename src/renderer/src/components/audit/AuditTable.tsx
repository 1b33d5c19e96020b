/**
 * The audit log's virtualised grid, newest first: only the visible rows are in the DOM, the next
 * page is asked for as the end comes into view, arrow keys move the active row and Enter (or a
 * click) opens the event in the detail panel.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AuditEntry } from '../../../../shared/ipc/index.ts';
import { AUDIT_TYPE_LABELS, auditSummary, formatAuditTime } from '../../lib/audit.ts';

const ROW_HEIGHT = 36;
/** Rows from the end at which the next page is asked for. */
const LOAD_AHEAD = 40;

const COLUMNS = ['Time', 'Workspace', 'Event', 'Actor', 'Key', 'From', 'Details'] as const;

type AuditTableProps = {
  entries: readonly AuditEntry[];
  nowMs: number;
  workspaceNames: ReadonlyMap<string, string>;
  selectedId: string | null;
  hasMore: boolean;
  onSelect(entryId: string): void;
  onNearEnd(): void;
};

export function AuditTable({
  entries,
  nowMs,
  workspaceNames,
  selectedId,
  hasMore,
  onSelect,
  onNearEnd,
}: AuditTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const found = activeId === null ? -1 : entries.findIndex((entry) => entry.id === activeId);
  const activeIndex = found >= 0 ? found : entries.length > 0 ? 0 : -1;

  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => entries[index]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasMore && lastShown >= entries.length - LOAD_AHEAD) onNearEnd();
  }, [hasMore, lastShown, entries.length, onNearEnd]);

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  const moveTo = (index: number) => {
    const entry = entries[Math.max(0, Math.min(entries.length - 1, index))];
    if (!entry) return;
    setActiveId(entry.id);
    // Browsing with the panel open: the panel follows the active row.
    if (selectedId !== null) onSelect(entry.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (event.key in moves) moveTo(activeIndex + (moves[event.key] ?? 0));
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(entries.length - 1);
    else if (event.key === 'Enter' || event.key === ' ') {
      const entry = entries[activeIndex];
      if (entry) onSelect(entry.id);
    } else return;
    event.preventDefault();
  };

  const open = useCallback(
    (id: string) => {
      setActiveId(id);
      onSelect(id);
    },
    [onSelect],
  );

  const active = entries[activeIndex];
  return (
    <div
      ref={scrollRef}
      className="keys-grid audit-grid"
      role="grid"
      aria-label="Audit events, newest first"
      aria-rowcount={hasMore ? -1 : entries.length + 1}
      aria-colcount={COLUMNS.length}
      tabIndex={0}
      aria-activedescendant={active ? auditRowId(active.id) : undefined}
      onKeyDown={onKeyDown}
    >
      <div role="row" aria-rowindex={1} className="keys-grid__row keys-grid__head">
        {COLUMNS.map((column) => (
          <div key={column} role="columnheader" className="keys-grid__cell">
            {column}
          </div>
        ))}
      </div>
      <div className="keys-grid__body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const entry = entries[item.index];
          if (!entry) return null;
          return (
            <AuditRow
              key={item.key}
              entry={entry}
              workspaceName={workspaceNames.get(entry.workspaceId) ?? entry.workspaceId}
              index={item.index}
              top={item.start}
              nowMs={nowMs}
              active={item.index === activeIndex}
              selected={entry.id === selectedId}
              onOpen={open}
            />
          );
        })}
      </div>
    </div>
  );
}

/** The key's name and label together, for the cell's tooltip (the cell shows the name when known). */
const keyTitle = (entry: AuditEntry) =>
  [entry.keyName, entry.keyLabel && `${entry.keyLabel}…`].filter(Boolean).join(' · ') || undefined;

export const auditRowId = (entryId: string) => `audit-row-${entryId}`;

type RowProps = {
  entry: AuditEntry;
  nowMs: number;
  workspaceName: string;
  index: number;
  top: number;
  active: boolean;
  selected: boolean;
  onOpen(entryId: string): void;
};

const AuditRow = memo(function AuditRow({
  entry,
  nowMs,
  workspaceName,
  index,
  top,
  active,
  selected,
  onOpen,
}: RowProps) {
  const summary = auditSummary(entry);
  return (
    <div
      id={auditRowId(entry.id)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`keys-grid__row${active ? ' is-active' : ''}${selected ? ' is-selected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(entry.id)}
    >
      <div role="gridcell" className="keys-grid__cell audit-grid__time" title={entry.at}>
        {formatAuditTime(entry.at, nowMs)}
      </div>
      <div role="gridcell" className="keys-grid__cell" title={workspaceName}>
        {workspaceName}
      </div>
      <div role="gridcell" className="keys-grid__cell" title={AUDIT_TYPE_LABELS[entry.type]}>
        {AUDIT_TYPE_LABELS[entry.type]}
        {entry.source === 'local' && (
          <span className="tag tag--local" title="Recorded by this app on this device">
            local
          </span>
        )}
      </div>
      <div role="gridcell" className="keys-grid__cell" title={entry.actor.name}>
        {entry.actor.name}
      </div>
      <div role="gridcell" className="keys-grid__cell" title={keyTitle(entry)}>
        {entry.keyName ?? (entry.keyLabel ? <code className="key-label">{entry.keyLabel}…</code> : null)}
        {!entry.keyName && !entry.keyLabel && <span className="muted">—</span>}
      </div>
      <div role="gridcell" className="keys-grid__cell ip">
        {entry.ip ?? <span className="muted">—</span>}
      </div>
      <div role="gridcell" className="keys-grid__cell muted" title={summary}>
        {summary}
      </div>
    </div>
  );
});
