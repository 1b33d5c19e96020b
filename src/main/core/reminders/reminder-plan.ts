/**
 * The rules of reminding, as pure functions of the watched keys, the thresholds, what already
 * fired, and now:
 * - every key is reminded of its expiry date, and of its rotation date when it has a policy
 *   ("rotate every N days" from its creation) that falls before the expiry;
 * - a threshold T is crossed T days before the date (0: on the date);
 * - per key and date, only the most urgent crossed threshold fires, and only if nothing as urgent
 *   fired before: a key first seen (or the app first started) 5 days before expiry gets one
 *   "expires in 5 days", never a late "30 days" after it;
 * - an expiry more than a month past is old news and fires nothing; an overdue rotation still does.
 */
import { DAY_MS } from '../../../shared/api/index.ts';
import { ATTENTION_WINDOW_DAYS, type AttentionReason } from '../../../shared/reminders.ts';
import { reminderDateId, type ReminderDate } from '../store/reminder-repository.ts';
import type { ReminderKeyRecord } from '../store/watched-key-repository.ts';

const STALE_EXPIRY_MS = 30 * DAY_MS;
const ATTENTION_WINDOW_MS = ATTENTION_WINDOW_DAYS * DAY_MS;

export interface DueReminder<K extends ReminderKeyRecord = ReminderKeyRecord> {
  key: K;
  date: ReminderDate;
  /** The date, in epoch milliseconds. */
  at: number;
  /** The most urgent threshold crossed: the one that fires. */
  thresholdDays: number;
}

export interface AttentionItem<K extends ReminderKeyRecord = ReminderKeyRecord> {
  key: K;
  reason: AttentionReason;
  /** The date that makes it urgent (expiry or rotation), epoch milliseconds. */
  due: number;
  expiresAt: number;
  rotationDueAt: number | null;
}

export interface ReminderPlan<K extends ReminderKeyRecord = ReminderKeyRecord> {
  due: DueReminder<K>[];
  /** When the next threshold is crossed, so the service can wake then; null when none is ahead. */
  nextAt: number | null;
  /** Keys needing action, most urgent first. */
  attention: AttentionItem<K>[];
}

export interface PlanInput<K extends ReminderKeyRecord> {
  keys: readonly K[];
  now: number;
  thresholdsOf(workspaceId: string): readonly number[];
  /** The most urgent threshold already fired per reminder date (`reminderDateId`). */
  fired: ReadonlyMap<string, number>;
}

export function planReminders<K extends ReminderKeyRecord>(input: PlanInput<K>): ReminderPlan<K> {
  const { now, fired } = input;
  const due: DueReminder<K>[] = [];
  const attention: AttentionItem<K>[] = [];
  let nextAt: number | null = null;

  /** One date of one key: what fires now (if anything) and when its next threshold is crossed. */
  const consider = (key: K, kind: ReminderDate['kind'], at: number, thresholds: readonly number[]) => {
    let mostUrgent: number | null = null;
    for (const days of thresholds) {
      const crossesAt = at - days * DAY_MS;
      if (crossesAt <= now) {
        if (mostUrgent === null || days < mostUrgent) mostUrgent = days;
      } else if (nextAt === null || crossesAt < nextAt) {
        nextAt = crossesAt;
      }
    }
    if (mostUrgent === null) return;
    const date: ReminderDate = {
      workspaceId: key.workspaceId,
      keyId: key.keyId,
      kind,
      dueAt: new Date(at).toISOString(),
    };
    const firedDays = fired.get(reminderDateId(date));
    if (firedDays === undefined || mostUrgent < firedDays) due.push({ key, date, at, thresholdDays: mostUrgent });
  };

  for (const key of input.keys) {
    const expiresAt = Date.parse(key.expiresAt);
    const rotationDueAt = rotationDateOf(key, expiresAt);
    const thresholds = input.thresholdsOf(key.workspaceId);
    if (now - expiresAt <= STALE_EXPIRY_MS) consider(key, 'expiry', expiresAt, thresholds);
    // An expired key is past rotating: its expiry reminders say what to do.
    if (rotationDueAt !== null && now < expiresAt) {
      // A threshold as long as the policy would fire the day the key was made.
      const policyDays = key.rotateEveryDays ?? 0;
      consider(
        key,
        'rotation',
        rotationDueAt,
        thresholds.filter((days) => days < policyDays),
      );
    }
    const item = attentionOf(key, now, expiresAt, rotationDueAt);
    if (item) attention.push(item);
  }

  due.sort((a, b) => a.at - b.at);
  attention.sort((a, b) => SEVERITY[a.reason] - SEVERITY[b.reason] || a.due - b.due);
  return { due, nextAt, attention };
}

/** createdAt + N days, when the key has a policy and that comes before it expires anyway. */
export function rotationDateOf(key: ReminderKeyRecord, expiresAt = Date.parse(key.expiresAt)): number | null {
  if (key.rotateEveryDays === null) return null;
  const at = Date.parse(key.createdAt) + key.rotateEveryDays * DAY_MS;
  return at < expiresAt ? at : null;
}

const SEVERITY: Record<AttentionReason, number> = { expired: 0, expiring: 1, rotation_due: 2 };

function attentionOf<K extends ReminderKeyRecord>(
  key: K,
  now: number,
  expiresAt: number,
  rotationDueAt: number | null,
): AttentionItem<K> | null {
  const base = { key, expiresAt, rotationDueAt };
  if (expiresAt <= now) return { ...base, reason: 'expired', due: expiresAt };
  if (expiresAt - now <= ATTENTION_WINDOW_MS) return { ...base, reason: 'expiring', due: expiresAt };
  if (rotationDueAt !== null && rotationDueAt <= now) return { ...base, reason: 'rotation_due', due: rotationDueAt };
  return null;
}
