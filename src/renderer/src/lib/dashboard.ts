/**
 * Words and rows for the dashboard: each group's title and what its keys' line says, and the
 * timeline's months as chart rows and table rows. Pure: every function takes the core's "now".
 */
import type { AttentionGroup, DashboardKey, DashboardSummary } from '../../../shared/ipc/index.ts';
import { formatAgo, formatCountdown, formatDate } from './time.ts';

export const GROUP_TITLES: Record<AttentionGroup, string> = {
  expired: 'Expired',
  within_7_days: 'Expire within 7 days',
  within_30_days: 'Expire within 30 days',
  rotation_due: 'Rotation due',
};

/** The countdown a key's line shows, the date that matters most first. */
export function attentionCountdown(key: DashboardKey, nowMs: number): string {
  const expiry = formatCountdown({ expiresAt: key.expiresAt, revokedAt: null }, nowMs);
  if (key.group === 'rotation_due' && key.rotationDueAt !== null) {
    return `rotation due ${formatAgo(key.rotationDueAt, nowMs)}, ${expiry}`;
  }
  return expiry;
}

/** What happens to an expired key next: the service deletes it, or it stays in the vault. */
export function expiredFate(key: DashboardKey): string | null {
  if (key.group !== 'expired') return null;
  return key.deletesAt === null ? 'Stays in your vault until you remove it' : `Deleted on ${formatDate(key.deletesAt)}`;
}

/** "Mar" for the chart's axis, "March 2027" for the table and the tooltip. */
export function monthLabels(startIso: string): { short: string; long: string } {
  const date = new Date(startIso);
  return {
    short: date.toLocaleDateString(undefined, { month: 'short' }),
    long: date.toLocaleDateString(undefined, { month: 'long', year: 'numeric' }),
  };
}

export type TimelineRow = { short: string; long: string; counts: number[]; total: number };

export function timelineRows(summary: Pick<DashboardSummary, 'months'>): TimelineRow[] {
  return summary.months.map((month) => ({
    ...monthLabels(month.start),
    counts: month.counts,
    total: month.counts.reduce((sum, count) => sum + count, 0),
  }));
}

/** The palette has this many colours (--chart-1 … in theme.css); more workspaces reuse them. */
export const CHART_COLOURS = 6;
export const seriesColour = (index: number) => `var(--chart-${(index % CHART_COLOURS) + 1})`;
