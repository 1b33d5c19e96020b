/**
 * What reminders say. Each names the key, its workspace and the date, in words a person reads at a
 * glance ("Billing API (Acme) expires on 23 Dec 2026"); none ever contains a secret: only names,
 * dates and the rotation policy go in.
 */
import { DAY_MS } from '../../../shared/api/index.ts';
import { formatReminderDate } from '../../../shared/reminders.ts';
import type { Notification } from '../ports.ts';
import type { AttentionItem, DueReminder } from './reminder-plan.ts';

/** More reminders than this in one pass become a single summary. */
export const MAX_SEPARATE_NOTIFICATIONS = 3;
const NAMED_IN_SUMMARY = 3;

export interface MessageContext {
  now: number;
  timeZone?: string | undefined;
  isRotationInProgress(workspaceId: string, keyId: string): boolean;
}

export function reminderNotification(reminder: DueReminder, context: MessageContext): Notification {
  const { key } = reminder;
  const who = `${key.keyName} (${key.workspaceName})`;
  const date = formatReminderDate(new Date(reminder.at), context.timeZone);
  const inProgress = context.isRotationInProgress(key.workspaceId, key.keyId);
  const past = reminder.at <= context.now;
  const days = daysUntil(reminder.at, context.now);
  let title: string;
  let body: string;
  if (reminder.date.kind === 'expiry') {
    title = past ? 'A key has expired' : `A key expires ${inDays(days)}`;
    body = past
      ? `${who} expired on ${date}. ${inProgress ? 'Its rotation is in progress.' : 'Replace it: apps still using it are refused.'}`
      : `${who} expires on ${date}. ${inProgress ? 'Its rotation is in progress.' : 'Rotate it before then.'}`;
  } else {
    const policy = `it is rotated every ${plural(key.rotateEveryDays ?? 0, 'day')}`;
    title = past ? 'A key is due for rotation' : `A key is due for rotation ${inDays(days)}`;
    body = past
      ? `${who} was due for rotation on ${date} (${policy}). ${inProgress ? 'Its rotation is in progress.' : 'Rotate it now.'}`
      : `${who} is due for rotation on ${date} (${policy}). ${inProgress ? 'Its rotation is in progress.' : 'Rotate it before then.'}`;
  }
  return {
    title,
    body,
    tag: `reminder:${key.workspaceId}:${key.keyId}`,
    target: { workspaceId: key.workspaceId, keyId: key.keyId, action: 'rotate' },
  };
}

/** One notification for a burst: "5 keys expire within 30 days", naming the first few. */
export function summaryNotification(reminders: readonly DueReminder[], context: MessageContext): Notification {
  const groups = new Map<string, number>();
  for (const reminder of reminders) {
    const phrase = groupPhrase(reminder, context.now);
    groups.set(phrase, (groups.get(phrase) ?? 0) + 1);
  }
  const phrases = [...groups].map(([phrase, count]) => sentenceFor(count, phrase));
  const names = reminders.slice(0, NAMED_IN_SUMMARY).map(({ key }) => `${key.keyName} (${key.workspaceName})`);
  const more = reminders.length - names.length;
  const listed = more > 0 ? `${names.join(', ')} and ${more} more` : joinAnd(names);
  const title = phrases.length === 1 ? capitalise(phrases[0] ?? '') : `${reminders.length} keys need attention`;
  return {
    title,
    body: `${phrases.length === 1 ? '' : `${capitalise(phrases.join('; '))}. `}${listed}. Open Keywarden to see them.`,
    tag: 'reminder:summary',
    target: { action: 'dashboard' },
  };
}

/** A tray menu line: the key, its workspace and what is due when. */
export function trayLabel(item: AttentionItem, context: MessageContext): string {
  const who = `${item.key.keyName} (${item.key.workspaceName})`;
  if (context.isRotationInProgress(item.key.workspaceId, item.key.keyId)) return `${who}: rotation in progress`;
  const date = formatReminderDate(new Date(item.due), context.timeZone);
  switch (item.reason) {
    case 'expired':
      return `${who}: expired on ${date}`;
    case 'expiring':
      return `${who}: expires on ${date}`;
    case 'rotation_due':
      return `${who}: rotation due since ${date}`;
  }
}

/**
 * The tray's tooltip, with the count of keys needing attention. Expired keys are past rotating
 * and stay off the badge, but the tooltip says they exist rather than that nothing is wrong.
 */
export function trayTooltip(expiring: number, rotationDue: number, expired = 0): string {
  const total = expiring + rotationDue;
  const gone = expired === 0 ? '' : `${sentenceFor(expired, 'have expired')}`;
  if (total === 0) return `Keywarden: ${gone === '' ? 'no keys expire in the next 30 days' : gone}`;
  const lead = gone === '' ? '' : `${gone}, `;
  if (rotationDue === 0) return `Keywarden: ${lead}${sentenceFor(expiring, 'expire within 30 days')}`;
  return `Keywarden: ${lead}${plural(total, 'key')} ${total === 1 ? 'needs' : 'need'} attention (${expiring} expiring within 30 days, ${rotationDue} due for rotation)`;
}

/** The phrase a reminder is counted under in a summary, e.g. "expire within 30 days". */
function groupPhrase(reminder: DueReminder, now: number): string {
  const past = reminder.at <= now;
  if (reminder.date.kind === 'rotation')
    return past ? 'are due for rotation' : `are due for rotation within ${plural(reminder.thresholdDays, 'day')}`;
  return past ? 'have expired' : `expire within ${plural(reminder.thresholdDays, 'day')}`;
}

function sentenceFor(count: number, phrase: string): string {
  if (count !== 1) return `${count} keys ${phrase}`;
  const singular = phrase
    .replace(/^are /, 'is ')
    .replace(/^have /, 'has ')
    .replace(/^expire /, 'expires ');
  return `1 key ${singular}`;
}

function daysUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / DAY_MS));
}

function inDays(days: number): string {
  return days === 1 ? 'within a day' : `in ${days} days`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
