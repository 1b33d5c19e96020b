/**
 * Countdown and relative-time sentences for the keys table and details panel. Pure: every
 * function takes the core's "now" (ms) explicitly, so the table follows the core's clock.
 */
import { DAY_MS } from '../../../shared/api/index.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * A duration in words: days above a day (rounded from two days up, so a key created for a year
 * reads "365 days", not "364"), hours and minutes in the last day.
 */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 2 * DAY_MS) return plural(Math.round(abs / DAY_MS), 'day');
  if (abs >= DAY_MS) return '1 day';
  if (abs >= HOUR_MS) {
    const hours = Math.floor(abs / HOUR_MS);
    const minutes = Math.floor((abs % HOUR_MS) / MINUTE_MS);
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  const minutes = Math.floor(abs / MINUTE_MS);
  return minutes < 1 ? 'less than a minute' : `${minutes} min`;
}

/**
 * The UI's "now" is the core's clock as last synced plus local time since, and ticks once a
 * minute; a key the core revoked a moment ago carries a revokedAt a little ahead of it. Statuses
 * are read this much ahead so that key shows "Revoked" at once, not at the next tick.
 */
export const CLOCK_SKEW_MS = 2000;

export type CountdownKey = { expiresAt: string; revokedAt: string | null };

/** "expires in 23 days", "expires in 5 h 12 min", "expired 3 days ago", "revoked 2 days ago". */
export function formatCountdown(key: CountdownKey, nowMs: number): string {
  if (key.revokedAt !== null && Date.parse(key.revokedAt) <= nowMs + CLOCK_SKEW_MS) {
    return `revoked ${formatAgo(key.revokedAt, nowMs)}`;
  }
  const remaining = Date.parse(key.expiresAt) - nowMs;
  if (remaining <= 0) return `expired ${formatAgo(key.expiresAt, nowMs)}`;
  return `expires in ${formatDuration(remaining)}`;
}

/** "just now", "12 min ago", "3 h ago", "5 days ago", "in 3 days" for future times. */
export function formatAgo(iso: string, nowMs: number): string {
  const delta = nowMs - Date.parse(iso);
  // The displayed "now" ticks once a minute, and a service's clock can run a little ahead, so an
  // event stamped within the minute either side of it happened just now, not "in less than a minute".
  if (Math.abs(delta) < MINUTE_MS) return 'just now';
  if (delta < 0) return `in ${formatDuration(-delta)}`;
  if (delta < DAY_MS) return `${formatDuration(delta).replace(/ \d+ min$/, '')} ago`;
  return `${formatDuration(delta)} ago`;
}

/** A short absolute date-time in the user's locale, e.g. "12 Mar 2027, 14:05". */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** yyyy-mm-dd in local time, the value format of `<input type="date">`. */
export function toDateInputValue(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Milliseconds until the next whole minute, so the shared ticker flips with the wall clock. */
export function msUntilNextMinute(nowMs: number): number {
  return MINUTE_MS - (nowMs % MINUTE_MS);
}

/** The core's default clipboard delay (DEFAULT_SETTINGS), shown until app:info has loaded. */
export const DEFAULT_CLIPBOARD_CLEAR_SECONDS = 30;

/** A clipboard auto-clear delay in words: "10 s", "1 min", "90 s"; 0 is "never". */
export function formatClipboardDelay(seconds: number): string {
  if (seconds <= 0) return 'never';
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}
