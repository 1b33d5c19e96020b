/**
 * Settings, a view of its own (Ctrl/Cmd+, or the navigation): General (the clipboard),
 * Reminders (notifications, pause, background sync, reminder days per workspace) and each
 * workspace's Webhooks. Every change is kept by the core on this device; webhooks by the
 * workspace's service.
 */
import { GeneralSettings } from './GeneralSettings.tsx';
import { ReminderSettings } from './ReminderSettings.tsx';
import { WebhookSettings } from './WebhookSettings.tsx';

export function SettingsView() {
  return (
    <section className="view settings" aria-labelledby="settings-title">
      <header className="view__header">
        <h1 id="settings-title" tabIndex={-1}>
          Settings
        </h1>
        <p className="muted">Kept on this device.</p>
      </header>
      <div className="view__body settings__body">
        <GeneralSettings />
        <ReminderSettings />
        <WebhookSettings />
      </div>
    </section>
  );
}
