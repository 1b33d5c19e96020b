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
  attention: readonly AttentionItem<K>[];
}

export interface PlanInput<K extends ReminderKeyRecord> {
  keys: readonly K[];
  now: number;
  thresholdsOf(workspaceId: string): readonly number[];
  /** The most urgent threshold already fired per reminder date (`reminderDateId`). */
  fired: ReadonlyMap<string, number>;
}

/** A date whose threshold has been crossed, fired already or not. */
export interface CrossedDate<K extends ReminderKeyRecord = ReminderKeyRecord> extends DueReminder<K> {
  /** `reminderDateId(date)`, worked out once. */
  id: string;
}

/**
 * Some keys at a moment, before what already fired is set aside: the dates whose threshold is
 * crossed (by date), what needs attention (most urgent first), and the next crossing. It holds,
 * unchanged, for every moment from `since` (the last change at or before the moment) until just
 * before `until` (the next one), so the reminder pass keeps one per key and per workspace and works
 * it out again only when the keys, their thresholds, or the span change.
 */
export interface ReminderOutlook<K extends ReminderKeyRecord = ReminderKeyRecord> {
  crossed: readonly CrossedDate<K>[];
  attention: readonly AttentionItem<K>[];
  nextAt: number | null;
  since: number;
  until: number;
}

export function planReminders<K extends ReminderKeyRecord>(input: PlanInput<K>): ReminderPlan<K> {
  const outlooks = input.keys.map((key) => keyOutlook(key, input.thresholdsOf(key.workspaceId), input.now));
  return planFromOutlook(combineOutlooks(outlooks), input.fired);
}

/** What fires: each crossed date whose most urgent threshold is more urgent than what fired for it. */
export function planFromOutlook<K extends ReminderKeyRecord>(
  outlook: ReminderOutlook<K>,
  fired: ReadonlyMap<string, number>,
): ReminderPlan<K> {
  const due: DueReminder<K>[] = [];
  for (const crossed of outlook.crossed) {
    const firedDays = fired.get(crossed.id);
    if (firedDays === undefined || crossed.thresholdDays < firedDays) {
      due.push({ key: crossed.key, date: crossed.date, at: crossed.at, thresholdDays: crossed.thresholdDays });
    }
  }
  return { due, nextAt: outlook.nextAt, attention: outlook.attention };
}

/** One key at `now`, with the thresholds of its workspace. */
export function keyOutlook<K extends ReminderKeyRecord>(
  key: K,
  thresholds: readonly number[],
  now: number,
): ReminderOutlook<K> {
  const crossed: CrossedDate<K>[] = [];
  let nextAt: number | null = null;
  let since = -Infinity;
  let until = Infinity;
  /** A moment at which something about the key changes: the outlook holds between two of them. */
  const change = (at: number) => {
    if (at <= now) since = Math.max(since, at);
    else until = Math.min(until, at);
  };

  /** One date of the key: the most urgent threshold crossed by now, and when the next one is. */
  const consider = (kind: ReminderDate['kind'], at: number, dateThresholds: readonly number[]) => {
    let mostUrgent: number | null = null;
    for (const days of dateThresholds) {
      const crossesAt = at - days * DAY_MS;
      change(crossesAt);
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
    crossed.push({ key, date, at, thresholdDays: mostUrgent, id: reminderDateId(date) });
  };

  const expiresAt = Date.parse(key.expiresAt);
  const rotationDueAt = rotationDateOf(key, expiresAt);
  // Whether the expiry is old news flips just after a month past it; rotation and attention turn at the expiry.
  change(expiresAt + STALE_EXPIRY_MS + 1);
  change(expiresAt);
  change(expiresAt - ATTENTION_WINDOW_MS);
  if (rotationDueAt !== null) change(rotationDueAt);

  if (now - expiresAt <= STALE_EXPIRY_MS) consider('expiry', expiresAt, thresholds);
  // An expired key is past rotating: its expiry reminders say what to do.
  if (rotationDueAt !== null && now < expiresAt) {
    // A threshold as long as the policy would fire the day the key was made.
    const policyDays = key.rotateEveryDays ?? 0;
    consider(
      'rotation',
      rotationDueAt,
      thresholds.filter((days) => days < policyDays),
    );
  }
  // A rotation date comes before the expiry: by date, it is first.
  crossed.sort(byDate);
  const item = attentionOf(key, now, expiresAt, rotationDueAt);
  return {
    crossed: crossed.length === 0 ? NOTHING : crossed,
    attention: item ? [item] : NOTHING,
    nextAt,
    since,
    until,
  };
}

/** Several outlooks as one: crossed dates by date, attention most urgent first, the narrowest span. */
export function combineOutlooks<K extends ReminderKeyRecord>(
  outlooks: readonly ReminderOutlook<K>[],
): ReminderOutlook<K> {
  if (outlooks.length === 1) return outlooks[0]!;
  const crossed: CrossedDate<K>[] = [];
  const attention: AttentionItem<K>[] = [];
  let nextAt: number | null = null;
  let since = -Infinity;
  let until = Infinity;
  for (const outlook of outlooks) {
    for (const date of outlook.crossed) crossed.push(date);
    for (const item of outlook.attention) attention.push(item);
    if (outlook.nextAt !== null && (nextAt === null || outlook.nextAt < nextAt)) nextAt = outlook.nextAt;
    since = Math.max(since, outlook.since);
    until = Math.min(until, outlook.until);
  }
  // Each outlook arrives sorted, and the sort (a merge sort) is quick over sorted runs.
  crossed.sort(byDate);
  attention.sort(byUrgency);
  return { crossed, attention, nextAt, since, until };
}

/**
 * A workspace's outlook after some of its keys changed, without looking at the others again: the
 * entries of the keys that left (or changed) go, those of the keys that came (or changed) join.
 * The span only narrows and the next crossing only moves closer (a key that left may have set
 * them), so the result may be worked out again sooner than needed, and a wake-up may find nothing
 * to do, but it never holds where it shouldn't.
 */
export function amendOutlook<K extends ReminderKeyRecord>(
  outlook: ReminderOutlook<K>,
  leftKeyIds: ReadonlySet<string>,
  came: readonly ReminderOutlook<K>[],
): ReminderOutlook<K> {
  const joined = combineOutlooks([{ ...outlook, crossed: NOTHING, attention: NOTHING }, ...came]);
  return {
    crossed: amendList(outlook.crossed, leftKeyIds, joined.crossed, byDate),
    attention: amendList(outlook.attention, leftKeyIds, joined.attention, byUrgency),
    nextAt: joined.nextAt,
    since: joined.since,
    until: joined.until,
  };
}

/** A sorted list without the entries of keys that left, with the (sorted) entries that came; the same list when neither touches it. */
function amendList<T extends { key: ReminderKeyRecord }>(
  list: readonly T[],
  leftKeyIds: ReadonlySet<string>,
  came: readonly T[],
  order: (a: T, b: T) => number,
): readonly T[] {
  const kept = leftKeyIds.size === 0 ? list : list.filter((entry) => !leftKeyIds.has(entry.key.keyId));
  if (came.length === 0) return kept.length === list.length ? list : kept;
  const merged: T[] = [];
  let at = 0;
  for (const entry of came) {
    while (at < kept.length && order(kept[at]!, entry) <= 0) merged.push(kept[at++]!);
    merged.push(entry);
  }
  while (at < kept.length) merged.push(kept[at++]!);
  return merged;
}

/** Whether an outlook worked out at some moment still holds at `now`. */
export function outlookHolds(outlook: ReminderOutlook, now: number): boolean {
  return outlook.since <= now && now < outlook.until;
}

const NOTHING: readonly never[] = Object.freeze([]);

/** createdAt + N days, when the key has a policy and that comes before it expires anyway. */
export function rotationDateOf(key: ReminderKeyRecord, expiresAt = Date.parse(key.expiresAt)): number | null {
  if (key.rotateEveryDays === null) return null;
  const at = Date.parse(key.createdAt) + key.rotateEveryDays * DAY_MS;
  return at < expiresAt ? at : null;
}

const SEVERITY: Record<AttentionReason, number> = { expired: 0, expiring: 1, rotation_due: 2 };

/** Ties go by workspace and key, so an outlook worked out in pieces lists them as one worked out at once. */
function byKey(a: ReminderKeyRecord, b: ReminderKeyRecord): number {
  if (a.workspaceId !== b.workspaceId) return a.workspaceId < b.workspaceId ? -1 : 1;
  return a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0;
}

function byDate(a: DueReminder, b: DueReminder): number {
  return a.at - b.at || byKey(a.key, b.key) || (a.date.kind < b.date.kind ? -1 : a.date.kind > b.date.kind ? 1 : 0);
}

function byUrgency(a: AttentionItem, b: AttentionItem): number {
  return SEVERITY[a.reason] - SEVERITY[b.reason] || a.due - b.due || byKey(a.key, b.key);
}

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
