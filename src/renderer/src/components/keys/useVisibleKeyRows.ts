/**
 * The table's rows for the current workspace: each stage memoised on what it depends on, so a
 * search keystroke only re-filters, and the minute tick only recomputes statuses and order.
 */
import { useDeferredValue, useMemo } from 'react';
import type { VaultKey } from '../../../../shared/ipc/index.ts';
import { buildKeyRows, filterRows, sortRows, withStatus, type KeyFilter, type KeySort } from '../../lib/key-table.ts';

const NO_KEYS: VaultKey[] = [];

export function useVisibleKeyRows(keys: VaultKey[] | undefined, nowMs: number, filter: KeyFilter, sort: KeySort) {
  const list = keys ?? NO_KEYS;
  const rows = useMemo(() => buildKeyRows(list), [list]);
  const statusRows = useMemo(() => withStatus(rows, nowMs), [rows, nowMs]);
  const sorted = useMemo(() => sortRows(statusRows, sort), [statusRows, sort]);
  const query = useDeferredValue(filter.query);
  const visible = useMemo(
    () => filterRows(sorted, { query, status: filter.status, scope: filter.scope }),
    [sorted, query, filter.status, filter.scope],
  );
  return { visible, total: list.length };
}
