import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.ts';
import { FailedAuthLimiter } from '../../../src/server/services/rate-limiter.ts';

const limit = { failures: 3, windowMs: 60_000 };
const newClock = () => new ManualClock(new Date('2030-01-01T00:00:00Z'), () => 0);

describe('FailedAuthLimiter', () => {
  it('locks out an IPv6 client that moves to another address of its /64, and nobody outside it', () => {
    const limiter = new FailedAuthLimiter(newClock(), limit);
    for (const address of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:abcd:ef01:2345:6789']) {
      limiter.recordFailure(address);
    }
    expect(limiter.retryAfterSeconds('2001:db8:1:2:ffff::9')).toBe(60);
    expect(limiter.retryAfterSeconds('2001:db8:1:3::1')).toBeNull();
    // IPv4 stays per address, also when it arrives IPv4-mapped.
    for (let i = 0; i < 3; i++) limiter.recordFailure('::ffff:198.51.100.7');
    expect(limiter.retryAfterSeconds('198.51.100.7')).toBe(60);
    expect(limiter.retryAfterSeconds('198.51.100.8')).toBeNull();
  });

  it('stays small and fast when failures come from a flood of distinct addresses', () => {
    const clock = newClock();
    const limiter = new FailedAuthLimiter(clock, limit, 1_000);
    for (let i = 0; i < 2; i++) limiter.recordFailure('203.0.113.9');
    const startedAt = performance.now();
    for (let i = 0; i < 100_000; i++) limiter.recordFailure(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    expect(performance.now() - startedAt).toBeLessThan(1_000);
    expect(limiter.trackedClients).toBeLessThanOrEqual(1_000);
    // Once a window is over, the flood does not push out a client still inside its window.
    clock.advance(limit.windowMs);
    limiter.recordFailure('203.0.113.10');
    for (let i = 0; i < 3; i++) limiter.recordFailure('203.0.113.10');
    expect(limiter.retryAfterSeconds('203.0.113.10')).toBe(60);
  });

  it('forgets the windows that ended and keeps counting the ones that have not', () => {
    const clock = newClock();
    const limiter = new FailedAuthLimiter(clock, limit);
    limiter.recordFailure('203.0.113.1');
    clock.advance(30_000);
    for (let i = 0; i < 3; i++) limiter.recordFailure('203.0.113.2');
    clock.advance(30_000);
    expect(limiter.forgetEndedWindows()).toBe(1);
    expect(limiter.trackedClients).toBe(1);
    expect(limiter.retryAfterSeconds('203.0.113.2')).toBe(30);
    clock.advance(30_000);
    expect(limiter.forgetEndedWindows()).toBe(1);
    expect(limiter.trackedClients).toBe(0);
  });
});
