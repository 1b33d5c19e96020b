import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import type { VaultKey } from '../../../src/shared/ipc/index.ts';
import {
  buildKeyRows,
  countExpiring,
  filterRows,
  nextSort,
  sortRows,
  withStatus,
  type KeyFilter,
} from '../../../src/renderer/src/lib/key-table.ts';

const NOW = Date.parse('2027-03-01T12:00:00.000Z');
const iso = (ms: number) => new Date(NOW + ms).toISOString();

function vaultKey(id: string, patch: Partial<VaultKey> = {}): VaultKey {
  return {
    id,
    workspaceId: 'ws',
    name: id,
    prefix: `lsk_live_${id.padEnd(3, '0').slice(0, 3)}`,
    scope: 'public_api',
    scopeLabel: '',
    provider: null,
    environment: 'live',
    options: null,
    status: 'active',
    createdAt: iso(-10 * DAY_MS),
    createdByName: null,
    expiresAt: iso(200 * DAY_MS),
    deletesAt: iso(290 * DAY_MS),
    revokedAt: null,
    revokedReason: null,
    revokedByName: null,
    lastUsedAt: null,
    lastUsedIp: null,
    rotatedFromId: null,
    rotatedToId: null,
    overlapEndsAt: null,
    hasSecret: true,
    ...patch,
  };
}

const keys = [
  vaultKey('Okta SCIM', { scope: 'scim', expiresAt: iso(10 * DAY_MS), prefix: 'lsk_live_a1b' }),
  vaultKey('AD sync', { scope: 'on_premise', expiresAt: iso(-2 * DAY_MS), lastUsedAt: iso(-DAY_MS) }),
  vaultKey('Billing', { revokedAt: iso(-DAY_MS), lastUsedAt: iso(-3 * DAY_MS) }),
  vaultKey('Letsignit prod', { scope: null, scopeLabel: 'SCIM', provider: 'Letsignit', expiresAt: iso(300 * DAY_MS) }),
];
const rows = withStatus(buildKeyRows(keys), NOW);
const all: KeyFilter = { query: '', status: 'all', scope: 'all' };
const names = (list: readonly { key: VaultKey }[]) => list.map((r) => r.key.name);

describe('keys table pipeline', () => {
  it('computes statuses from the clock it is given', () => {
    expect(rows.map((r) => r.status)).toEqual(['expiring', 'expired', 'revoked', 'active']);
    const later = withStatus(buildKeyRows(keys), NOW + 11 * DAY_MS);
    expect(later[0]?.status).toBe('expired');
  });

  it('searches name, label and provider, case-insensitively', () => {
    expect(names(filterRows(rows, { ...all, query: 'okta' }))).toEqual(['Okta SCIM']);
    expect(names(filterRows(rows, { ...all, query: 'LSK_LIVE_A1' }))).toEqual(['Okta SCIM']);
    expect(names(filterRows(rows, { ...all, query: 'letsignit' }))).toEqual(['Letsignit prod']);
    expect(filterRows(rows, all)).toBe(rows);
  });

  it('filters by status and scope, with external keys as their own scope', () => {
    expect(names(filterRows(rows, { ...all, status: 'expired' }))).toEqual(['AD sync']);
    expect(names(filterRows(rows, { ...all, scope: 'scim' }))).toEqual(['Okta SCIM']);
    expect(names(filterRows(rows, { ...all, scope: 'external' }))).toEqual(['Letsignit prod']);
  });

  it('sorts by column in both directions, never-used keys last when descending by use', () => {
    expect(names(sortRows(rows, { column: 'name', direction: 'ascending' }))).toEqual([
      'AD sync',
      'Billing',
      'Letsignit prod',
      'Okta SCIM',
    ]);
    expect(names(sortRows(rows, { column: 'expiresAt', direction: 'ascending' }))[0]).toBe('AD sync');
    expect(names(sortRows(rows, { column: 'status', direction: 'ascending' }))).toEqual([
      'AD sync',
      'Okta SCIM',
      'Letsignit prod',
      'Billing',
    ]);
    expect(names(sortRows(rows, { column: 'lastUsedAt', direction: 'descending' })).slice(0, 2)).toEqual([
      'AD sync',
      'Billing',
    ]);
  });

  it('flips the direction on the same column and starts a new one ascending', () => {
    expect(nextSort({ column: 'name', direction: 'ascending' }, 'name')).toEqual({
      column: 'name',
      direction: 'descending',
    });
    expect(nextSort({ column: 'name', direction: 'descending' }, 'scope')).toEqual({
      column: 'scope',
      direction: 'ascending',
    });
  });

  it('counts keys expiring within 30 days', () => {
    expect(countExpiring(keys, NOW)).toBe(1);
    expect(countExpiring(keys, NOW - 200 * DAY_MS)).toBe(0);
  });

  it('keeps a search keystroke cheap on 10,000 keys', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      vaultKey(`key ${i}`, { expiresAt: iso((i % 400) * DAY_MS - 30 * DAY_MS) }),
    );
    const sorted = sortRows(withStatus(buildKeyRows(many), NOW), { column: 'expiresAt', direction: 'ascending' });
    const start = performance.now();
    const found = filterRows(sorted, { ...all, query: 'key 99' });
    const elapsed = performance.now() - start;
    expect(found.length).toBe(111);
    expect(elapsed).toBeLessThan(50);
  });
});

describe('a key revoked a moment ago', () => {
  it('reads as revoked even when the UI clock lags the core by a second', () => {
    const justRevoked = vaultKey('Fresh', { revokedAt: iso(1000) });
    expect(withStatus(buildKeyRows([justRevoked]), NOW)[0]?.status).toBe('revoked');
    const scheduled = vaultKey('Later', { revokedAt: iso(3 * DAY_MS) });
    expect(withStatus(buildKeyRows([scheduled]), NOW)[0]?.status).toBe('active');
  });
});
