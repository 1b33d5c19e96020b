/**
 * The reminder settings' words: thresholds typed as "30, 7, 1, 0" and read back, and the
 * background sync intervals offered. Pure.
 */
import { ReminderThresholds } from '../../../shared/reminders.ts';

/** "30, 7, 1, 0": most distant first, as the core keeps them. */
export function formatThresholds(days: readonly number[]): string {
  return days.join(', ');
}

/** "30 days, 7 days, 1 day before, and on the day" for the hint under the field. */
export function describeThresholds(days: readonly number[]): string {
  if (days.length === 0) return 'No reminders for this workspace (the dashboard and the tray still count its keys).';
  const before = days.filter((d) => d > 0).map((d) => `${d} ${d === 1 ? 'day' : 'days'}`);
  const onTheDay = days.includes(0);
  if (before.length === 0) return 'Reminds on the day a key expires.';
  return `Reminds ${before.join(', ')} before a key expires${onTheDay ? ', and on the day' : ''}.`;
}

/** Reads "30, 7, 1, 0" (commas or spaces); an empty field means no reminders. */
export function parseThresholds(text: string): { ok: true; days: number[] } | { ok: false; message: string } {
  const parts = text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.some((part) => !/^\d+$/.test(part))) {
    return { ok: false, message: 'Type whole numbers of days, separated by commas, for example 30, 7, 1, 0.' };
  }
  const parsed = ReminderThresholds.safeParse(parts.map(Number));
  if (parsed.success) return { ok: true, days: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue?.code === 'too_big' && issue.origin === 'array') return { ok: false, message: 'Choose at most 8 days.' };
  if (issue?.code === 'too_big') return { ok: false, message: 'A reminder can be at most 365 days before expiry.' };
  return { ok: false, message: 'Each day may appear only once.' };
}

/** Background sync intervals offered, in minutes. */
export const SYNC_INTERVALS = [5, 15, 30, 60, 240, 1440];

export function formatInterval(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? 'day' : `${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? 'hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}
