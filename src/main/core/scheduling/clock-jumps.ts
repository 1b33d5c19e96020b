/**
 * Tells the core when its clock jumps, so countdowns are recomputed at once. A clock that
 * announces its jumps (ManualClock) is simply listened to; any other clock (the system's, which
 * the user or NTP may set) is compared against monotonic time on a short interval.
 */
import type { WatchableClock } from './due-jobs.ts';

export interface ClockJumpOptions {
  intervalMs?: number;
  /** Drift smaller than this is timer jitter, not a jump. */
  toleranceMs?: number;
  /** Monotonic milliseconds; injectable for tests. */
  monotonicNow?: () => number;
}

export function watchClockJumps(
  clock: WatchableClock,
  onJump: (now: Date) => void,
  options: ClockJumpOptions = {},
): () => void {
  if (clock.onChange) return clock.onChange(onJump);
  const monotonicNow = options.monotonicNow ?? (() => performance.now());
  const tolerance = options.toleranceMs ?? 2000;
  let lastWall = clock.now().getTime();
  let lastMonotonic = monotonicNow();
  const timer = setInterval(() => {
    const now = clock.now();
    const wall = now.getTime();
    const monotonic = monotonicNow();
    const drift = wall - lastWall - (monotonic - lastMonotonic);
    lastWall = wall;
    lastMonotonic = monotonic;
    if (Math.abs(drift) > tolerance) onJump(now);
  }, options.intervalMs ?? 2000);
  timer.unref?.();
  return () => clearInterval(timer);
}
