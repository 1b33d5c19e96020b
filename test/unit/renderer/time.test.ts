import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import { formatAgo, formatCountdown, formatDuration, msUntilNextMinute } from '../../../src/renderer/src/lib/time.ts';

const NOW = Date.parse('2027-03-01T12:00:00.000Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();
const key = (expiresIn: number, revokedAgo: number | null = null) => ({
  expiresAt: at(expiresIn),
  revokedAt: revokedAgo === null ? null : at(-revokedAgo),
});

describe('countdown', () => {
  it('counts whole days while more than a day is left', () => {
    expect(formatCountdown(key(23 * DAY_MS + 5 * 3600_000), NOW)).toBe('expires in 23 days');
    expect(formatCountdown(key(DAY_MS + 60_000), NOW)).toBe('expires in 1 day');
  });

  it('switches to hours and minutes in the last day', () => {
    expect(formatCountdown(key(5 * 3600_000 + 12 * 60_000 + 30_000), NOW)).toBe('expires in 5 h 12 min');
    expect(formatCountdown(key(3 * 3600_000), NOW)).toBe('expires in 3 h');
    expect(formatCountdown(key(42 * 60_000), NOW)).toBe('expires in 42 min');
    expect(formatCountdown(key(20_000), NOW)).toBe('expires in less than a minute');
  });

  it('says how long ago a key expired or was revoked', () => {
    expect(formatCountdown(key(-3 * DAY_MS), NOW)).toBe('expired 3 days ago');
    expect(formatCountdown(key(100 * DAY_MS, 2 * DAY_MS), NOW)).toBe('revoked 2 days ago');
  });

  it('follows the clock it is given, not the system clock', () => {
    const k = key(31 * DAY_MS);
    expect(formatCountdown(k, NOW)).toBe('expires in 31 days');
    expect(formatCountdown(k, NOW + 30 * DAY_MS + 3600_000)).toBe('expires in 23 h');
  });
});

describe('relative time', () => {
  it('rounds to the largest unit', () => {
    expect(formatAgo(at(-10_000), NOW)).toBe('just now');
    // A last use stamped a few seconds after the minute's tick is not in the future.
    expect(formatAgo(at(25_000), NOW)).toBe('just now');
    expect(formatAgo(at(-12 * 60_000), NOW)).toBe('12 min ago');
    expect(formatAgo(at(-(3 * 3600_000 + 20 * 60_000)), NOW)).toBe('3 h ago');
    expect(formatAgo(at(-5 * DAY_MS), NOW)).toBe('5 days ago');
    expect(formatAgo(at(2 * DAY_MS), NOW)).toBe('in 2 days');
  });

  it('formats durations', () => {
    expect(formatDuration(2 * DAY_MS)).toBe('2 days');
    expect(formatDuration(-90 * 60_000)).toBe('1 h 30 min');
  });

  it('ticks on the next whole minute', () => {
    expect(msUntilNextMinute(NOW + 15_000)).toBe(45_000);
    expect(msUntilNextMinute(NOW)).toBe(60_000);
  });
});

describe('day rounding', () => {
  it('rounds days from two days up, so a one-year key reads 365 days', () => {
    expect(formatCountdown(key(365 * DAY_MS - 5_000), NOW)).toBe('expires in 365 days');
    expect(formatCountdown(key(3 * DAY_MS - 60_000), NOW)).toBe('expires in 3 days');
    expect(formatCountdown(key(DAY_MS + 20 * 3600_000), NOW)).toBe('expires in 1 day');
  });
});
