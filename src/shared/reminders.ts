/**
 * Expiry and rotation reminders: the preferences that steer them, what a notification or a tray
 * item points at, and the picture of what needs attention. Their IPC channels and events are
 * declared with the rest of the contract, in src/shared/ipc/reminders.ts. Runs anywhere.
 */
import { z } from 'zod';
import { DAY_MS, EXPIRY_WARNING_DAYS, isoTime } from './api/index.ts';

/** Days before a date that a reminder fires: 30, 7 and 1 day(s) ahead, and on the day itself (0). */
export const DEFAULT_REMINDER_THRESHOLDS: readonly number[] = [30, 7, 1, 0];
export const DEFAULT_SYNC_INTERVAL_MINUTES = 15;
/** "Pause reminders for a day" from the tray. */
export const REMINDER_PAUSE_MS = DAY_MS;
/** How many of the most urgent keys the tray menu lists. */
export const TRAY_URGENT_KEY_COUNT = 5;
/** Keys count as needing attention this long before they expire (the `expiring` status). */
export const ATTENTION_WINDOW_DAYS = EXPIRY_WARNING_DAYS;

/**
 * A workspace's reminder thresholds in days before the date (0 = on the day: "expired", "rotation
 * due"). Stored and answered most distant first, without duplicates.
 */
export const ReminderThresholds = z
  .array(z.number().int().min(0).max(365))
  .max(8)
  .refine((days) => new Set(days).size === days.length, { message: 'each threshold may appear only once' })
  .transform((days) => [...days].sort((a, b) => b - a));
export type ReminderThresholds = z.output<typeof ReminderThresholds>;

export const ReminderPreferences = z.object({
  /** Off: no notifications at all (the tray still counts keys needing attention). */
  enabled: z.boolean(),
  /** How often every workspace is synced in the background. */
  syncIntervalMinutes: z.number().int().min(1).max(1440),
  /** Reminders are held until then ("pause for a day"); what fell due meanwhile fires afterwards. */
  pausedUntil: isoTime.nullable(),
});
export type ReminderPreferences = z.infer<typeof ReminderPreferences>;

export const ReminderPreferencesPatch = ReminderPreferences.pick({ enabled: true, syncIntervalMinutes: true })
  .partial()
  .strict();
export type ReminderPreferencesPatch = z.infer<typeof ReminderPreferencesPatch>;

export const WorkspaceThresholds = z.strictObject({
  workspaceId: z.string().min(1),
  thresholdDays: ReminderThresholds,
});
export type WorkspaceThresholds = z.output<typeof WorkspaceThresholds>;

/** "Rotate every N days" for one key; null removes the policy (the default: none). */
export const RotationPolicy = z.strictObject({
  workspaceId: z.string().min(1),
  keyId: z.string().min(1),
  rotateEveryDays: z.number().int().min(1).max(3650).nullable(),
});
export type RotationPolicy = z.infer<typeof RotationPolicy>;

/** What a click on a key's reminder (notification or tray item) opens: the key, with the rotation wizard. */
export const ReminderTarget = z.strictObject({
  workspaceId: z.string(),
  keyId: z.string(),
  action: z.literal('rotate'),
});
export type ReminderTarget = z.infer<typeof ReminderTarget>;

/** A summary of several reminders opens the dashboard instead. */
export const NotificationTarget = z.union([ReminderTarget, z.strictObject({ action: z.literal('dashboard') })]);
export type NotificationTarget = z.infer<typeof NotificationTarget>;

/** One of the most urgent keys in the tray menu; the label names the key, its workspace and the date. */
export const TrayMenuItem = z.object({
  workspaceId: z.string(),
  keyId: z.string(),
  label: z.string(),
  due: isoTime,
});
export type TrayMenuItem = z.infer<typeof TrayMenuItem>;

/** Plain data the shell renders as the tray's menu (open, these keys, pause for a day, quit). */
export const TrayMenu = z.object({
  urgentKeys: z.array(TrayMenuItem).max(TRAY_URGENT_KEY_COUNT),
  remindersEnabled: z.boolean(),
  pausedUntil: isoTime.nullable(),
});
export type TrayMenu = z.infer<typeof TrayMenu>;

/** Why a key needs action: it expired, expires within 30 days, or its rotation policy says it is due. */
export const AttentionReason = z.enum(['expired', 'expiring', 'rotation_due']);
export type AttentionReason = z.infer<typeof AttentionReason>;

/** A key the reminders watch (active, not rotated or revoked), for the dashboard and its timeline. */
export const WatchedKey = z.object({
  workspaceId: z.string(),
  workspaceName: z.string(),
  keyId: z.string(),
  keyName: z.string(),
  /** The key's non-secret label (its prefix). */
  label: z.string(),
  expiresAt: isoTime,
  rotateEveryDays: z.number().int().nullable(),
  rotationDueAt: isoTime.nullable(),
  attention: AttentionReason.nullable(),
  rotationInProgress: z.boolean(),
});
export type WatchedKey = z.infer<typeof WatchedKey>;

export const RemindersOverview = z.object({
  now: isoTime,
  preferences: ReminderPreferences,
  /** Keys needing attention first (most urgent first), then the rest by date. */
  keys: z.array(WatchedKey),
});
export type RemindersOverview = z.infer<typeof RemindersOverview>;

/** What one sync of every workspace found. */
export const SyncRound = z.object({ synced: z.number().int(), unreachable: z.number().int() });
export type SyncRound = z.infer<typeof SyncRound>;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Building a formatter costs far more than using one; reminders format dates by the hundred. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * "23 Dec 2026" in the given time zone (default: this machine's). Built by hand because locales
 * disagree on short month names ("Sept", "sept."), and a reminder should read the same everywhere.
 */
export function formatReminderDate(at: Date | string, timeZone?: string): string {
  let formatter = formatters.get(timeZone ?? '');
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
      ...(timeZone ? { timeZone } : {}),
    });
    formatters.set(timeZone ?? '', formatter);
  }
  const parts = formatter.formatToParts(typeof at === 'string' ? new Date(at) : at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${MONTHS[Number(part('month')) - 1] ?? ''} ${part('year')}`;
}
