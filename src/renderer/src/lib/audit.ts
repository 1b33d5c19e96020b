/**
 * The audit log's words: what each event type is called, a one-line summary of an event's details,
 * and the filters as the view holds them (dates as the date inputs give them) turned into the
 * core's. Pure: no IPC, no React.
 */
import type { AuditEntry, AuditEntryType, AuditFilters, AuditSource } from '../../../shared/ipc/index.ts';

export const AUDIT_TYPE_LABELS: Record<AuditEntryType, string> = {
  'key.created': 'Key created',
  'key.updated': 'Key changed',
  'key.rotated': 'Key rotated',
  'key.revoked': 'Key revoked',
  'key.expiring': 'Expiry notice',
  'key.expired': 'Key expired',
  'key.deleted': 'Key deleted',
  'workspace.updated': 'Workspace changed',
  'webhook.created': 'Webhook added',
  'webhook.deleted': 'Webhook removed',
  'webhook.test': 'Webhook test sent',
  'admin_token.created': 'Admin token created',
  'admin_token.revoked': 'Admin token revoked',
  'notification.email_sent': 'Owner emailed',
  'notification.email_failed': 'Owner email failed',
  'secret.copied': 'Secret copied',
  'secret.revealed': 'Secret revealed',
  'secret.pushed': 'Secret pushed',
  'reminder.shown': 'Reminder shown',
  'workspace.connected': 'Workspace connected',
};

/** The view's filters: dates as `<input type="date">` values (yyyy-mm-dd, local), empty for none. */
export type AuditViewFilters = {
  workspaceId: string;
  keyId: string;
  type: AuditEntryType | '';
  actor: string;
  source: AuditSource | '';
  sinceDate: string;
  untilDate: string;
  text: string;
};

export const NO_AUDIT_FILTERS: AuditViewFilters = {
  workspaceId: '',
  keyId: '',
  type: '',
  actor: '',
  source: '',
  sinceDate: '',
  untilDate: '',
  text: '',
};

export function hasAuditFilters(filters: AuditViewFilters): boolean {
  return Object.values(filters).some((value) => value.trim() !== '');
}

/** A local date's first or last millisecond, as the core's ISO time; null for an empty or odd value. */
function localDayEdge(date: string, edge: 'start' | 'end'): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const at = edge === 'start' ? new Date(year, month, day) : new Date(year, month, day, 23, 59, 59, 999);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** What the core is asked: only the filters set, the dates as whole local days. */
export function toAuditFilters(filters: AuditViewFilters): AuditFilters {
  const since = localDayEdge(filters.sinceDate, 'start');
  const until = localDayEdge(filters.untilDate, 'end');
  const text = filters.text.trim();
  return {
    ...(filters.workspaceId ? { workspaceId: filters.workspaceId } : {}),
    ...(filters.keyId ? { keyId: filters.keyId } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.source ? { source: filters.source } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...(text ? { text: text.slice(0, 200) } : {}),
  };
}

const quoted = (value: unknown) => (typeof value === 'string' ? `“${value}”` : String(value));

/** One line for the table: the detail that tells this event from others of its type. */
export function auditSummary(entry: AuditEntry): string {
  const details = entry.details;
  const text = (name: string) => (typeof details[name] === 'string' ? (details[name] as string) : null);
  switch (entry.type) {
    case 'key.revoked':
      return text('reason') ? `Reason: ${quoted(text('reason'))}` : 'No reason given';
    case 'key.created':
    case 'key.deleted':
      return text('name') ?? '';
    case 'key.updated':
    case 'workspace.updated': {
      const changes = details.changes;
      return changes && typeof changes === 'object' ? `Changed ${Object.keys(changes).join(', ')}` : '';
    }
    case 'webhook.created':
    case 'webhook.deleted':
    case 'webhook.test':
      return text('url') ?? '';
    case 'secret.pushed':
      return `To ${text('destination') ?? 'a destination'}: ${(text('outcome') ?? 'unknown').replaceAll('_', ' ')}`;
    case 'reminder.shown':
      return `${text('reminder') === 'rotation' ? 'Rotation' : 'Expiry'} due ${text('dueAt')?.slice(0, 10) ?? ''}`;
    case 'workspace.connected':
      return text('url') ?? '';
    default:
      return text('name') ?? text('reason') ?? '';
  }
}

/** The details as label and value lines for the detail panel (nested values as JSON). */
export function detailLines(details: Record<string, unknown>): [string, string][] {
  return Object.entries(details).map(([name, value]) => [
    name.replace(/([a-z])([A-Z])/g, '$1 $2').replaceAll('_', ' '),
    value === null ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value),
  ]);
}

// A 24-hour clock: "Nov 23, 11:09:04" fits the grid's time column where "11:09:04 AM" was cut.
const AUDIT_TIME = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const AUDIT_TIME_WITH_YEAR = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** When an event happened, to the second: "Nov 23, 10:55:13", with the year when it isn't this one's. */
export function formatAuditTime(iso: string, nowMs: number): string {
  const at = new Date(iso);
  return (at.getFullYear() === new Date(nowMs).getFullYear() ? AUDIT_TIME : AUDIT_TIME_WITH_YEAR).format(at);
}
