/**
 * Reminders in the IPC contract: the dashboard's and the settings' channels and the events the
 * renderer hears (what needs attention changed; a notification or tray item was clicked). The
 * schemas live with the rest of the reminders' vocabulary in src/shared/reminders.ts, which the
 * core's reminders and the service's owner emails share.
 */
import { z } from 'zod';
import {
  NotificationTarget,
  ReminderPreferences,
  ReminderPreferencesPatch,
  RemindersOverview,
  RotationPolicy,
  SyncRound,
  WorkspaceThresholds,
} from '../reminders.ts';

export {
  DEFAULT_REMINDER_THRESHOLDS,
  DEFAULT_SYNC_INTERVAL_MINUTES,
  NotificationTarget,
  ReminderPreferences,
  ReminderPreferencesPatch,
  ReminderThresholds,
  WorkspaceThresholds,
} from '../reminders.ts';

const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });
const none = z.undefined();

/** Channels for the dashboard and the reminder settings; spread into `ipcContract`. */
export const reminderChannels = {
  /** Every watched key with what needs attention, and the preferences. */
  'reminders:overview': channel(none, RemindersOverview),
  /** The preferences alone, for the settings (the overview carries every watched key). */
  'reminders:preferences': channel(none, ReminderPreferences),
  'reminders:updatePreferences': channel(ReminderPreferencesPatch, ReminderPreferences),
  /** Holds notifications for a day (the tray's "Pause reminders for a day"). */
  'reminders:pause': channel(none, ReminderPreferences),
  'reminders:resume': channel(none, ReminderPreferences),
  'reminders:thresholds': channel(z.strictObject({ workspaceId: z.string().min(1) }), WorkspaceThresholds),
  'reminders:setThresholds': channel(WorkspaceThresholds, WorkspaceThresholds),
  'reminders:setRotationPolicy': channel(RotationPolicy, RotationPolicy),
  /** Syncs every workspace now (what the timer, wake from sleep and coming back online do). */
  'reminders:syncNow': channel(none, SyncRound),
} as const;

/** Events for the renderer; spread into `ipcEvents`. */
export const reminderEvents = {
  /** What needs attention, or the reminder preferences, changed: reload the dashboard. */
  'reminders:changed': z.object({}),
  /** A notification or tray item was clicked: open this key with the rotation wizard (or the dashboard). */
  'reminders:open': NotificationTarget,
} as const;
