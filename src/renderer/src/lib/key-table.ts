/**
 * The keys table's data pipeline, kept pure so it can be measured and tested without a DOM.
 * Cost model for 10,000 keys: rows (with a lowercase search haystack) are built once per key
 * list; statuses and sort order once per list, clock minute or sort change; a search keystroke
 * only runs one `includes` per row over the already sorted rows.
 */
import { keyStatusAt, SCOPE_LABELS, type KeyScope, type KeyStatus } from '../../../shared/api/index.ts';
import type { VaultKey } from '../../../shared/ipc/index.ts';
import { CLOCK_SKEW_MS } from './time.ts';

export type KeyRow = {
  key: VaultKey;
  /** name, label, provider and scope, lowercased once. */
  haystack: string;
  scopeText: string;
  expiresAtMs: number;
  lastUsedAtMs: number;
};

export type StatusRow = KeyRow & { status: KeyStatus };

export type SortColumn = 'name' | 'prefix' | 'scope' | 'status' | 'expiresAt' | 'lastUsedAt';
export type SortDirection = 'ascending' | 'descending';
export type KeySort = { column: SortColumn; direction: SortDirection };

export type StatusFilter = KeyStatus | 'all';
/** A managed scope, or `external` for keys whose scope is free text. */
export type ScopeFilter = KeyScope | 'external' | 'all';

export type KeyFilter = { query: string; status: StatusFilter; scope: ScopeFilter };

export function scopeText(key: Pick<VaultKey, 'scope' | 'scopeLabel'>): string {
  return key.scope === null ? key.scopeLabel || 'External' : SCOPE_LABELS[key.scope];
}

export function buildKeyRows(keys: readonly VaultKey[]): KeyRow[] {
  return keys.map((key) => {
    const scope = scopeText(key);
    return {
      key,
      haystack: `${key.name}\n${key.prefix}\n${key.provider ?? ''}\n${scope}`.toLowerCase(),
      scopeText: scope,
      expiresAtMs: Date.parse(key.expiresAt),
      lastUsedAtMs: key.lastUsedAt === null ? -Infinity : Date.parse(key.lastUsedAt),
    };
  });
}

/** A key's status on the core's clock (see CLOCK_SKEW_MS), not the one it was fetched with. */
export function statusAt(key: Pick<VaultKey, 'expiresAt' | 'revokedAt'>, nowMs: number): KeyStatus {
  return keyStatusAt(key, new Date(nowMs + CLOCK_SKEW_MS));
}

export function withStatus(rows: readonly KeyRow[], nowMs: number): StatusRow[] {
  return rows.map((row) => ({ ...row, status: statusAt(row.key, nowMs) }));
}

const STATUS_ORDER: Record<KeyStatus, number> = { expired: 0, expiring: 1, active: 2, revoked: 3 };

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function compareRows(a: StatusRow, b: StatusRow, column: SortColumn): number {
  switch (column) {
    case 'name':
      return collator.compare(a.key.name, b.key.name);
    case 'prefix':
      return collator.compare(a.key.prefix, b.key.prefix);
    case 'scope':
      return collator.compare(a.scopeText, b.scopeText);
    case 'status':
      return STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.expiresAtMs - b.expiresAtMs;
    case 'expiresAt':
      return a.expiresAtMs - b.expiresAtMs;
    case 'lastUsedAt':
      return a.lastUsedAtMs - b.lastUsedAtMs;
  }
}

export function sortRows(rows: readonly StatusRow[], sort: KeySort): StatusRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort(
    (a, b) =>
      sign * compareRows(a, b, sort.column) ||
      collator.compare(a.key.name, b.key.name) ||
      (a.key.id < b.key.id ? -1 : 1),
  );
}

export function filterRows(rows: readonly StatusRow[], filter: KeyFilter): readonly StatusRow[] {
  const query = filter.query.trim().toLowerCase();
  if (query === '' && filter.status === 'all' && filter.scope === 'all') return rows;
  return rows.filter(
    (row) =>
      (filter.status === 'all' || row.status === filter.status) &&
      (filter.scope === 'all' ||
        (filter.scope === 'external' ? row.key.scope === null : row.key.scope === filter.scope)) &&
      (query === '' || row.haystack.includes(query)),
  );
}

/** Next sort after a header click: same column flips, a new column starts ascending. */
export function nextSort(current: KeySort, column: SortColumn): KeySort {
  if (current.column === column) {
    return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  return { column, direction: 'ascending' };
}

export function countExpiring(keys: readonly VaultKey[], nowMs: number): number {
  let count = 0;
  for (const key of keys) if (statusAt(key, nowMs) === 'expiring') count += 1;
  return count;
}

export const STATUS_WORDS: Record<KeyStatus, string> = {
  active: 'Active',
  expiring: 'Expiring soon',
  expired: 'Expired',
  revoked: 'Revoked',
};
