/**
 * The dashboard's picture of what needs action: each key in the most urgent group that applies,
 * most urgent first, expired keys with their deletion date, and the next twelve months of
 * expiries per workspace.
 */
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import { DASHBOARD_GROUP_LIMIT, DashboardSummary } from '../../../src/shared/ipc/dashboard.ts';
import { summarizeDashboard, type DashboardSourceKey } from '../../../src/main/core/dashboard/dashboard-summary.ts';

// 10:00 local time on 15 March 2027: months start on the 1st at local midnight.
const NOW = new Date(2027, 2, 15, 10).getTime();
const iso = (ms: number) => new Date(ms).toISOString();

let sequence = 0;
function key(overrides: Partial<DashboardSourceKey> & { expiresInDays: number }): DashboardSourceKey {
  const { expiresInDays, ...rest } = overrides;
  sequence += 1;
  return {
    workspaceId: 'local',
    workspaceName: 'Local workspace',
    keyId: `key_${sequence}`,
    keyName: `Key ${sequence}`,
    label: `lsk_live_${sequence}`,
    createdAt: iso(NOW - 100 * DAY_MS),
    expiresAt: iso(NOW + expiresInDays * DAY_MS),
    deletesAt: iso(NOW + (expiresInDays + 90) * DAY_MS),
    rotateEveryDays: null,
    ...rest,
  };
}

function summarize(keys: DashboardSourceKey[], workspaceOrder = ['local', 'remote', 'external']) {
  return summarizeDashboard({
    keys,
    now: NOW,
    workspaceOrder,
    isRotationInProgress: (_workspaceId, keyId) => keyId === 'rotating',
  });
}

const namesIn = (summary: ReturnType<typeof summarize>, group: string) =>
  summary.groups.find((g) => g.group === group)!.keys.map((k) => k.keyName);

describe('dashboard summary', () => {
  it('puts each key in the most urgent group that applies, soonest first', () => {
    const summary = summarize([
      key({ keyName: 'in 20 days', expiresInDays: 20 }),
      key({ keyName: 'in 3 days', expiresInDays: 3 }),
      key({ keyName: 'expired 2 days ago', expiresInDays: -2 }),
      key({ keyName: 'in 7 days exactly', expiresInDays: 7 }),
      key({ keyName: 'in 8 days', expiresInDays: 8 }),
      key({ keyName: 'expired 40 days ago', expiresInDays: -40 }),
      key({ keyName: 'in 200 days', expiresInDays: 200 }),
      // Rotation due 10 days ago, but it also expires within 30 days: the expiry is more urgent.
      key({ keyName: 'due and expiring', expiresInDays: 25, rotateEveryDays: 90 }),
      key({ keyName: 'rotation due', expiresInDays: 200, rotateEveryDays: 90 }),
      key({ keyName: 'rotation not yet due', expiresInDays: 200, rotateEveryDays: 120 }),
    ]);

    expect(summary.groups.map((g) => g.group)).toEqual(['expired', 'within_7_days', 'within_30_days', 'rotation_due']);
    expect(namesIn(summary, 'expired')).toEqual(['expired 40 days ago', 'expired 2 days ago']);
    expect(namesIn(summary, 'within_7_days')).toEqual(['in 3 days', 'in 7 days exactly']);
    expect(namesIn(summary, 'within_30_days')).toEqual(['in 8 days', 'in 20 days', 'due and expiring']);
    expect(namesIn(summary, 'rotation_due')).toEqual(['rotation due']);
    expect(summary.attentionTotal).toBe(8);
    const due = summary.groups[3]!.keys[0]!;
    expect(due.rotationDueAt).toBe(iso(NOW - 10 * DAY_MS));
  });

  it('gives an expired key the date it is deleted; a key nothing deletes has none', () => {
    const summary = summarize([
      key({ keyName: 'managed', expiresInDays: -5 }),
      // An external key whose issuer doesn't say: its deletion date is its expiry.
      key({ keyName: 'external', workspaceId: 'external', expiresInDays: -5, deletesAt: iso(NOW - 5 * DAY_MS) }),
    ]);
    const expired = summary.groups[0]!.keys;
    const managed = expired.find((k) => k.keyName === 'managed');
    const external = expired.find((k) => k.keyName === 'external');
    expect(managed!.deletesAt).toBe(iso(NOW - 5 * DAY_MS + 90 * DAY_MS));
    expect(external!.deletesAt).toBeNull();
  });

  it('says which keys are being rotated', () => {
    const summary = summarize([key({ keyId: 'rotating', expiresInDays: 3 }), key({ expiresInDays: 4 })]);
    expect(summary.groups[1]!.keys.map((k) => k.rotationInProgress)).toEqual([true, false]);
  });

  it('counts the next twelve months of expiries per workspace, in the sidebar order', () => {
    const summary = summarize([
      key({ expiresInDays: 1 }), // March (this month)
      key({ expiresInDays: 20 }), // April 4
      key({ workspaceId: 'remote', workspaceName: 'Production', expiresInDays: 20 }),
      key({ workspaceId: 'remote', workspaceName: 'Production', expiresInDays: 330 }), // 8 Feb 2028
      key({ expiresInDays: -1 }), // expired: not on the timeline
      key({ expiresInDays: 400 }), // beyond February 2028: not on the timeline
    ]);

    expect(summary.workspaces).toEqual([
      { id: 'local', name: 'Local workspace' },
      { id: 'remote', name: 'Production' },
    ]);
    expect(summary.months).toHaveLength(12);
    expect(summary.months[0]!.start).toBe(iso(new Date(2027, 2, 1).getTime()));
    expect(summary.months[11]!.start).toBe(iso(new Date(2028, 1, 1).getTime()));
    const counts = summary.months.map((month) => month.counts);
    expect(counts[0]).toEqual([1, 0]);
    expect(counts[1]).toEqual([1, 1]);
    expect(counts[11]).toEqual([0, 1]);
    expect(counts.flat().reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('carries at most the group limit of keys, and counts them all', () => {
    const many = Array.from({ length: DASHBOARD_GROUP_LIMIT + 5 }, (_, i) => key({ expiresInDays: -1 - i / 1000 }));
    const summary = summarize(many);
    expect(summary.groups[0]!.total).toBe(DASHBOARD_GROUP_LIMIT + 5);
    expect(summary.groups[0]!.keys).toHaveLength(DASHBOARD_GROUP_LIMIT);
    expect(summary.attentionTotal).toBe(DASHBOARD_GROUP_LIMIT + 5);
  });

  it('keeps to times the contract can carry at the end of the calendar: the timeline stops with the year 9999', () => {
    // The last moment the browser harness's clock may show, and a fortnight before the calendar ends.
    const ends = [
      { now: new Date(9998, 11, 31, 23).getTime(), expiry: new Date(9999, 10, 20).getTime() },
      { now: new Date(9999, 11, 15, 10).getTime(), expiry: new Date(9999, 11, 20).getTime() },
    ];
    for (const { now, expiry } of ends) {
      const expiring = { ...key({ expiresInDays: 0 }), expiresAt: iso(expiry), deletesAt: iso(expiry + DAY_MS) };
      const summary = summarizeDashboard({
        keys: [expiring],
        now,
        workspaceOrder: [],
        isRotationInProgress: () => false,
      });
      expect(() => DashboardSummary.parse(summary), iso(now)).not.toThrow();
      expect(summary.months.length).toBeGreaterThan(0);
      expect(summary.months.every((month) => month.start.startsWith('99'))).toBe(true);
      expect(summary.months.flatMap((month) => month.counts)).toEqual(expect.arrayContaining([1]));
    }
  });

  it('has an empty picture when nothing is watched', () => {
    const summary = summarize([]);
    expect(summary.attentionTotal).toBe(0);
    expect(summary.groups.every((g) => g.total === 0 && g.keys.length === 0)).toBe(true);
    expect(summary.workspaces).toEqual([]);
    expect(summary.months.every((month) => month.counts.length === 0)).toBe(true);
  });
});
