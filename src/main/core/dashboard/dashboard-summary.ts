/**
 * The dashboard as a pure function of the watched keys and now: which keys need action, grouped by
 * how urgent they are, and how many expire in each of the next twelve months per workspace.
 *
 * The urgency follows the reminders' attention rule (expired, then within the warning month, then
 * rotation due), with the warning month split at 7 days so the keys of this week stand apart.
 * One loop over the keys, no parsing beyond the dates: the dashboard is asked for on every change.
 */
import { DAY_MS } from '../../../shared/api/index.ts';
import {
  ATTENTION_GROUPS,
  DASHBOARD_GROUP_LIMIT,
  DASHBOARD_MONTHS,
  EXPIRES_SOON_DAYS,
  type AttentionGroup,
  type DashboardKey,
  type DashboardSummary,
} from '../../../shared/ipc/dashboard.ts';
import { ATTENTION_WINDOW_DAYS } from '../../../shared/reminders.ts';

/** What the dashboard needs of a watched key (the reminders' WatchedKeyRecord has it). */
export interface DashboardSourceKey {
  workspaceId: string;
  workspaceName: string;
  keyId: string;
  keyName: string;
  label: string;
  createdAt: string;
  expiresAt: string;
  /** When the service (or an external key's issuer) deletes the key; the expiry itself when unknown. */
  deletesAt: string;
  rotateEveryDays: number | null;
}

export interface SummaryInput {
  keys: readonly DashboardSourceKey[];
  now: number;
  /** Workspaces in the sidebar's order; keys of others come after them. */
  workspaceOrder: readonly string[];
  isRotationInProgress(workspaceId: string, keyId: string): boolean;
}

/**
 * The last moment an ISO time with a four-digit year names, where the contract's times end: the
 * timeline stops there rather than send a month starting in the year 10000, which no one can read.
 */
const LAST_ISO_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

interface Candidate {
  key: DashboardSourceKey;
  group: AttentionGroup;
  /** The date that makes it urgent; groups are sorted by it, soonest first. */
  due: number;
  expiresAt: number;
  rotationDueAt: number | null;
}

export function summarizeDashboard(input: SummaryInput): DashboardSummary {
  const { now } = input;
  const months = monthStarts(now);
  const timelineEnd = months[DASHBOARD_MONTHS]!;
  const series = new Map<string, { name: string; counts: number[] }>();
  const grouped = new Map<AttentionGroup, Candidate[]>(ATTENTION_GROUPS.map((group) => [group, []]));

  for (const key of input.keys) {
    const expiresAt = Date.parse(key.expiresAt);
    const rotationDueAt = rotationDateOf(key, expiresAt);
    const group = groupOf(now, expiresAt, rotationDueAt);
    if (group !== null) {
      const due = group === 'rotation_due' ? rotationDueAt! : expiresAt;
      grouped.get(group)!.push({ key, group, due, expiresAt, rotationDueAt });
    }
    if (expiresAt > now && expiresAt < timelineEnd) {
      let workspace = series.get(key.workspaceId);
      if (!workspace) {
        workspace = { name: key.workspaceName, counts: new Array<number>(DASHBOARD_MONTHS).fill(0) };
        series.set(key.workspaceId, workspace);
      }
      workspace.counts[monthIndex(months, expiresAt)]! += 1;
    }
  }

  const rank = new Map(input.workspaceOrder.map((id, index) => [id, index]));
  const workspaceIds = [...series.keys()].sort(
    (a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || a.localeCompare(b),
  );
  let attentionTotal = 0;
  const groups = ATTENTION_GROUPS.map((group) => {
    const candidates = grouped.get(group)!;
    attentionTotal += candidates.length;
    candidates.sort((a, b) => a.due - b.due || a.key.keyName.localeCompare(b.key.keyName));
    return {
      group,
      total: candidates.length,
      keys: candidates.slice(0, DASHBOARD_GROUP_LIMIT).map((candidate) => present(candidate, input)),
    };
  });

  return {
    now: new Date(now).toISOString(),
    attentionTotal,
    groups,
    workspaces: workspaceIds.map((id) => ({ id, name: series.get(id)!.name })),
    // Only the last months can start past LAST_ISO_TIME, so the others keep their index.
    months: months
      .slice(0, DASHBOARD_MONTHS)
      .filter((start) => start <= LAST_ISO_TIME)
      .map((start, index) => ({
        start: new Date(start).toISOString(),
        counts: workspaceIds.map((id) => series.get(id)!.counts[index]!),
      })),
  };
}

/** createdAt + N days, when the key has a policy and that comes before it expires anyway. */
function rotationDateOf(key: DashboardSourceKey, expiresAt: number): number | null {
  if (key.rotateEveryDays === null) return null;
  const at = Date.parse(key.createdAt) + key.rotateEveryDays * DAY_MS;
  return at < expiresAt ? at : null;
}

function groupOf(now: number, expiresAt: number, rotationDueAt: number | null): AttentionGroup | null {
  const left = expiresAt - now;
  if (left <= 0) return 'expired';
  if (left <= EXPIRES_SOON_DAYS * DAY_MS) return 'within_7_days';
  if (left <= ATTENTION_WINDOW_DAYS * DAY_MS) return 'within_30_days';
  if (rotationDueAt !== null && rotationDueAt <= now) return 'rotation_due';
  return null;
}

/** Midnight on the first day of this month and the DASHBOARD_MONTHS after it, in local time. */
function monthStarts(now: number): number[] {
  const today = new Date(now);
  return Array.from({ length: DASHBOARD_MONTHS + 1 }, (_, offset) =>
    new Date(today.getFullYear(), today.getMonth() + offset, 1).getTime(),
  );
}

function monthIndex(starts: readonly number[], at: number): number {
  let index = 0;
  while (index + 1 < DASHBOARD_MONTHS && starts[index + 1]! <= at) index++;
  return index;
}

function present(candidate: Candidate, input: SummaryInput): DashboardKey {
  const { key, group, expiresAt, rotationDueAt } = candidate;
  // An external key whose issuer doesn't say when it deletes expired keys carries its expiry here.
  const deletesAt = Date.parse(key.deletesAt);
  return {
    workspaceId: key.workspaceId,
    workspaceName: key.workspaceName,
    keyId: key.keyId,
    keyName: key.keyName,
    label: key.label,
    group,
    expiresAt: new Date(expiresAt).toISOString(),
    rotationDueAt: rotationDueAt === null ? null : new Date(rotationDueAt).toISOString(),
    deletesAt: group === 'expired' && deletesAt > expiresAt ? new Date(deletesAt).toISOString() : null,
    rotationInProgress: input.isRotationInProgress(key.workspaceId, key.keyId),
  };
}
