/**
 * Reminders in the IPC contract: the dashboard's and the settings' channels and the events the
 * renderer hears (what needs attention changed; a notification or tray item was clicked). The
 * schemas live with the rest of the reminders' vocabulary in src/shared/reminders.ts.
 */
export {
  DEFAULT_REMINDER_THRESHOLDS,
  DEFAULT_SYNC_INTERVAL_MINUTES,
  NotificationTarget,
  ReminderPreferences,
  ReminderPreferencesPatch,
  ReminderThresholds,
  reminderChannels,
  reminderEvents,
  WorkspaceThresholds,
} from '../reminders.ts';
