import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.ts';
import { watchClockJumps } from '../../../src/main/core/scheduling/clock-jumps.ts';
import { DueJobQueue } from '../../../src/main/core/scheduling/due-jobs.ts';

const start = new Date('2030-01-01T00:00:00Z');

describe('DueJobQueue', () => {
  afterEach(() => vi.useRealTimers());

  it('runs a job as soon as the clock jumps past it, not before', async () => {
    const clock = new ManualClock(start, () => 0);
    const queue = new DueJobQueue(clock, { intervalMs: 60_000 });
    const ran: string[] = [];
    queue.schedule({ id: 'clear', dueAt: new Date(start.getTime() + 30_000), run: () => void ran.push('clear') });
    clock.advance(29_000);
    await flush();
    expect(ran).toEqual([]);
    clock.advance(1_000);
    await flush();
    expect(ran).toEqual(['clear']);
    expect(queue.has('clear')).toBe(false);
    queue.dispose();
  });

  it('also checks on a real interval, for clocks that never announce a jump', async () => {
    vi.useFakeTimers({ now: start });
    const queue = new DueJobQueue({ now: () => new Date() }, { intervalMs: 1000 });
    const run = vi.fn();
    queue.schedule({ id: 'reminder', dueAt: new Date(start.getTime() + 2500), run });
    await vi.advanceTimersByTimeAsync(2000);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(1);
    queue.dispose();
  });

  it('replaces a job scheduled again under the same id, and runs due jobs earliest first', async () => {
    const clock = new ManualClock(start, () => 0);
    const queue = new DueJobQueue(clock);
    const ran: string[] = [];
    queue.schedule({ id: 'a', dueAt: new Date(start.getTime() + 5000), run: () => void ran.push('a-old') });
    queue.schedule({ id: 'a', dueAt: new Date(start.getTime() + 3000), run: () => void ran.push('a') });
    queue.schedule({ id: 'b', dueAt: new Date(start.getTime() + 1000), run: () => void ran.push('b') });
    queue.schedule({ id: 'c', dueAt: new Date(start.getTime() + 9000), run: () => void ran.push('c') });
    expect(await queue.runDue()).toEqual([]);
    clock.set(new Date(start.getTime() + 6000));
    await flush();
    expect(ran).toEqual(['b', 'a']);
    expect(queue.has('c')).toBe(true);
    queue.dispose();
  });

  it('keeps running other jobs when one throws, and reports it', async () => {
    const clock = new ManualClock(start, () => 0);
    const errors: string[] = [];
    const queue = new DueJobQueue(clock, { onJobError: (id) => errors.push(id) });
    const later = vi.fn();
    queue.schedule({ id: 'broken', dueAt: start, run: () => Promise.reject(new Error('boom')) });
    queue.schedule({ id: 'fine', dueAt: new Date(start.getTime() + 1), run: later });
    clock.advance(10);
    expect(await queue.runDue()).toEqual([]); // the jump already ran them
    expect(errors).toEqual(['broken']);
    expect(later).toHaveBeenCalledTimes(1);
    queue.dispose();
  });

  it('does nothing once disposed', async () => {
    const clock = new ManualClock(start, () => 0);
    const queue = new DueJobQueue(clock);
    const run = vi.fn();
    queue.schedule({ id: 'x', dueAt: start, run });
    queue.dispose();
    clock.advance(1000);
    expect(await queue.runDue()).toEqual([]);
    expect(run).not.toHaveBeenCalled();
  });
});

/** Lets the check started by a clock jump finish. */
function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

describe('watchClockJumps', () => {
  afterEach(() => vi.useRealTimers());

  it('notices the system clock being set, but not time simply passing', async () => {
    vi.useFakeTimers({ now: start });
    let monotonic = 0;
    const jumps: Date[] = [];
    const stop = watchClockJumps({ now: () => new Date() }, (now) => jumps.push(now), {
      intervalMs: 1000,
      monotonicNow: () => monotonic,
    });
    monotonic += 1000;
    await vi.advanceTimersByTimeAsync(1000);
    expect(jumps).toEqual([]);
    // The user sets the clock a day ahead: wall time moves, monotonic time does not.
    vi.setSystemTime(Date.now() + 86_400_000);
    monotonic += 1000;
    await vi.advanceTimersByTimeAsync(1000);
    expect(jumps).toHaveLength(1);
    stop();
  });

  it('listens to a clock that announces its jumps', () => {
    const clock = new ManualClock(start, () => 0);
    const jumps: Date[] = [];
    const stop = watchClockJumps(clock, (now) => jumps.push(now));
    clock.advance(5000);
    stop();
    clock.advance(5000);
    expect(jumps.map((date) => date.getTime())).toEqual([start.getTime() + 5000]);
  });
});
