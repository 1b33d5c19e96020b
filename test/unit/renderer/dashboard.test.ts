/** What a key's line on the dashboard says: its countdown, a due rotation first, and an expired key's fate. */
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import type { DashboardKey } from '../../../src/shared/ipc/index.ts';
import { attentionCountdown, expiredFate, timelineRows } from '../../../src/renderer/src/lib/dashboard.ts';

const NOW = Date.parse('2027-03-15T12:00:00.000Z');
const at = (days: number) => new Date(NOW + days * DAY_MS).toISOString();
const key = (overrides: Partial<DashboardKey>): DashboardKey => ({
  workspaceId: 'local',
  workspaceName: 'Local workspace',
  keyId: 'key_1',
  keyName: 'Billing export',
  label: 'lsk_live_a1b',
  group: 'within_7_days',
  expiresAt: at(5),
  rotationDueAt: null,
  deletesAt: null,
  rotationInProgress: false,
  ...overrides,
});

describe('dashboard lines', () => {
  it('counts down to the expiry, or says how long ago it passed', () => {
    expect(attentionCountdown(key({}), NOW)).toBe('expires in 5 days');
    expect(attentionCountdown(key({ group: 'expired', expiresAt: at(-3) }), NOW)).toBe('expired 3 days ago');
  });

  it('puts a due rotation first', () => {
    const due = key({ group: 'rotation_due', expiresAt: at(200), rotationDueAt: at(-10) });
    expect(attentionCountdown(due, NOW)).toBe('rotation due 10 days ago, expires in 200 days');
  });

  it('tells when an expired key is deleted, or that it stays', () => {
    expect(expiredFate(key({ group: 'expired', expiresAt: at(-3), deletesAt: '2027-06-09T12:00:00.000Z' }))).toMatch(
      /^Deleted on /,
    );
    expect(expiredFate(key({ group: 'expired', expiresAt: at(-3), deletesAt: null }))).toBe(
      'Stays in your vault until you remove it',
    );
    expect(expiredFate(key({}))).toBeNull();
  });

  it('gives each month of the timeline its total', () => {
    const rows = timelineRows({ months: [{ start: '2027-03-01T00:00:00.000Z', counts: [2, 1] }] });
    expect(rows[0]).toMatchObject({ counts: [2, 1], total: 3 });
  });
});
