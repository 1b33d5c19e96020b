/**
 * The rotation wizard's words and numbers: the overlap chosen (presets and a custom one up to 7
 * days), masked IPs as people read them, the traffic in a sentence, and which keys can be rotated
 * or reported leaked.
 */
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import type { RotationTraffic, VaultKey } from '../../../src/shared/ipc/index.ts';
import {
  canReportLeak,
  canRotate,
  fromDateTimeInputValue,
  overlapSeconds,
  shownIp,
  toDateTimeInputValue,
  trafficSentence,
} from '../../../src/renderer/src/lib/rotation.ts';

const NOW = Date.parse('2027-03-15T12:00:00.000Z');
const key = (overrides: Partial<VaultKey>): VaultKey =>
  ({
    id: 'key_1',
    workspaceId: 'local',
    name: 'Billing export',
    expiresAt: new Date(NOW + 200 * DAY_MS).toISOString(),
    revokedAt: null,
    rotatedToId: null,
    ...overrides,
  }) as VaultKey;

describe('the rotation wizard', () => {
  it('turns the overlap choice into seconds, refusing a custom one over 7 days or not a number', () => {
    const custom = { amount: '2', unit: 'hours' as const };
    expect(overlapSeconds('immediately', custom)).toEqual({ ok: true, seconds: 0 });
    expect(overlapSeconds('one_day', custom)).toEqual({ ok: true, seconds: 86_400 });
    expect(overlapSeconds('custom', custom)).toEqual({ ok: true, seconds: 7200 });
    expect(overlapSeconds('custom', { amount: '1.5', unit: 'days' })).toEqual({ ok: true, seconds: 129_600 });
    expect(overlapSeconds('custom', { amount: '8', unit: 'days' })).toEqual({
      ok: false,
      message: 'The overlap is at most 7 days.',
    });
    expect(overlapSeconds('custom', { amount: 'soon', unit: 'minutes' }).ok).toBe(false);
    expect(overlapSeconds('custom', { amount: '0', unit: 'minutes' }).ok).toBe(false);
  });

  it('shows the hidden part of a masked IPv4 address as x', () => {
    expect(shownIp('203.0.113.0')).toBe('203.0.113.x');
    expect(shownIp('2001:db8:85a3::')).toBe('2001:db8:85a3::');
    expect(shownIp(null)).toBe('an unknown address');
  });

  it('says the chart in words', () => {
    const traffic = {
      minutes: [
        { at: '2027-03-15T11:58:00.000Z', oldKey: 3, newKey: 0 },
        { at: '2027-03-15T11:59:00.000Z', oldKey: 1, newKey: 1 },
      ],
    } as RotationTraffic;
    expect(trafficSentence(traffic)).toBe('In the last 2 minutes: the old key made 4 requests, the new key 1 request.');
  });

  it('rotates keys that still work and were not replaced; external ones even once expired', () => {
    expect(canRotate(key({}), NOW, false)).toBe(true);
    expect(canRotate(key({ rotatedToId: 'key_2' }), NOW, false)).toBe(false);
    expect(canRotate(key({ expiresAt: new Date(NOW - DAY_MS).toISOString() }), NOW, false)).toBe(false);
    expect(canRotate(key({ expiresAt: new Date(NOW - DAY_MS).toISOString() }), NOW, true)).toBe(true);
    expect(canRotate(key({ revokedAt: new Date(NOW - DAY_MS).toISOString() }), NOW, true)).toBe(false);
    expect(canReportLeak(key({}), NOW, false)).toBe(true);
    expect(canReportLeak(key({}), NOW, true)).toBe(false);
  });

  it('reads back the local date and time it wrote', () => {
    const ms = Date.parse('2027-03-15T09:41:00.000Z');
    expect(fromDateTimeInputValue(toDateTimeInputValue(ms))).toBe(new Date(ms).toISOString());
    expect(fromDateTimeInputValue('yesterday')).toBeNull();
  });
});
