/**
 * The audit log as CSV (RFC 4180: comma-separated, CRLF line ends, a field with a comma, quote,
 * CR or LF quoted and its quotes doubled). A cell that starts with =, +, -, @, a tab or a carriage
 * return gets a leading apostrophe, so a spreadsheet shows it as text instead of running it as a
 * formula (an actor name or a user agent is whatever the caller sent). A cell that already starts
 * with an apostrophe gets one too, so a reader takes exactly one off every cell that has one and
 * gets back what was sent, whatever it was. No value is an empty cell; empty text is a quoted
 * empty cell (""), since the chain tells an empty user agent from none.
 *
 * The columns carry every field the hash chain covers, as the service sent it (details as
 * canonical JSON), so an export of a workspace's whole trail can be checked link by link again.
 */
import { canonicalJson } from '../../../shared/audit-chain.ts';
import type { AuditEntry } from '../../../shared/ipc/index.ts';

export const AUDIT_CSV_COLUMNS = [
  'workspace_id',
  'workspace',
  'source',
  'seq',
  'event_id',
  'at',
  'type',
  'actor_type',
  'actor_id',
  'actor_name',
  'key_id',
  'key_label',
  'ip',
  'user_agent',
  'details',
  'hash',
] as const;

/** A formula start, or the apostrophe itself (see above). */
const NEUTRALISED_START = /^[=+\-@\t\r']/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (NEUTRALISED_START.test(text)) text = `'${text}`;
  return text === '' || NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const AUDIT_CSV_HEADER = csvRow(AUDIT_CSV_COLUMNS);

export function auditCsvRow(entry: AuditEntry, workspaceName: string): string {
  return csvRow([
    entry.workspaceId,
    workspaceName,
    entry.source,
    entry.seq,
    entry.eventId,
    entry.at,
    entry.type,
    entry.actor.type,
    entry.actor.id,
    entry.actor.name,
    entry.keyId,
    entry.keyLabel,
    entry.ip,
    entry.userAgent,
    canonicalJson(entry.details),
    entry.hash,
  ]);
}
