/**
 * Reminder settings: notifications on or off, paused for a day or not, starting Keywarden at login
 * (off by default), how often every workspace is synced in the background (with "Sync now"), and
 * each workspace's reminder days. Switches and the interval are saved as soon as they change; a
 * workspace's days with its Save button.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { WorkspaceView } from '../../../../shared/ipc/index.ts';
import {
  describeThresholds,
  formatInterval,
  formatThresholds,
  parseThresholds,
  SYNC_INTERVALS,
} from '../../lib/reminder-settings.ts';
import { formatDateTime } from '../../lib/time.ts';
import { useNow } from '../../state/useAppStore.ts';
import { useReminderActions, useReminderPreferences, useWorkspaceThresholds } from '../../state/useRemindersStore.ts';
import { useStartAtLoginStore } from '../../state/useStartAtLoginStore.ts';
import { useWorkspaces } from '../../state/useWorkspacesStore.ts';
import { Checkbox, Field } from '../common/Field.tsx';
import { SaveStatusLine } from './SaveStatusLine.tsx';
import { useSaveStatus } from './useSaveStatus.ts';

export function ReminderSettings() {
  const { preferences, error } = useReminderPreferences();
  const { load, updatePreferences, pause, resume, syncNow } = useReminderActions();
  const { workspaces } = useWorkspaces();
  const now = useNow();
  const { status, save, setStatus } = useSaveStatus();
  const [syncing, setSyncing] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);

  const sync = async () => {
    setSyncing(true);
    const round = await syncNow();
    setSyncing(false);
    if ('ok' in round) {
      setStatus({ tone: 'error', message: round.message });
      return;
    }
    const synced = `Synced ${round.synced} ${round.synced === 1 ? 'workspace' : 'workspaces'}`;
    setStatus({
      tone: round.unreachable > 0 ? 'error' : 'success',
      message: round.unreachable > 0 ? `${synced}; ${round.unreachable} could not be reached.` : `${synced}.`,
    });
  };

  const paused = preferences?.pausedUntil != null && Date.parse(preferences.pausedUntil) > now;
  const intervals =
    preferences && !SYNC_INTERVALS.includes(preferences.syncIntervalMinutes)
      ? [...SYNC_INTERVALS, preferences.syncIntervalMinutes].sort((a, b) => a - b)
      : SYNC_INTERVALS;

  return (
    <section className="settings__section" aria-labelledby="settings-reminders">
      <h2 id="settings-reminders">Reminders</h2>
      {!preferences ? (
        <p className={error ? 'notice notice--error' : 'muted'} role={error ? 'alert' : undefined}>
          {error ? error.message : 'Loading the reminder settings…'}
        </p>
      ) : (
        <>
          <Checkbox
            label="Notify me before keys expire and when a rotation is due"
            hint="Off: no notifications; the dashboard and the tray still count the keys needing action."
            checked={preferences.enabled}
            onChange={(enabled) =>
              void save(() => updatePreferences({ enabled }), enabled ? 'Reminders are on.' : 'Reminders are off.')
            }
          />
          {preferences.enabled && (
            <div className="settings__row">
              <p>
                {paused
                  ? `Paused until ${formatDateTime(preferences.pausedUntil!)}; what falls due meanwhile is shown then.`
                  : 'Reminders are shown as they fall due.'}
              </p>
              <button
                type="button"
                className="button button--small"
                onClick={() =>
                  void (paused ? save(resume, 'Reminders resumed.') : save(pause, 'Reminders paused for a day.'))
                }
              >
                {paused ? 'Resume reminders' : 'Pause for a day'}
              </button>
            </div>
          )}
          <StartAtLoginSwitch save={save} />
          <Field
            label="Sync every workspace in the background every"
            hint="Also at start, and as soon as the computer wakes from sleep or comes back online."
          >
            <select
              value={preferences.syncIntervalMinutes}
              onChange={(e) => {
                const syncIntervalMinutes = Number(e.target.value);
                void save(
                  () => updatePreferences({ syncIntervalMinutes }),
                  `Saved. Every workspace is synced every ${formatInterval(syncIntervalMinutes)}.`,
                );
              }}
            >
              {intervals.map((minutes) => (
                <option key={minutes} value={minutes}>
                  {formatInterval(minutes)}
                </option>
              ))}
            </select>
          </Field>
          <div className="settings__row">
            <button
              type="button"
              className="button button--small"
              aria-disabled={syncing}
              onClick={() => void (syncing || sync())}
            >
              {syncing ? 'Syncing…' : 'Sync now'}
            </button>
          </div>
          <SaveStatusLine status={status} />
          <h3 className="settings__subheading">Reminder days, per workspace</h3>
          <p className="muted">
            Days before a key's expiry (or its rotation date) when a notification is shown; 0 is the day itself.
          </p>
          <ul className="settings__thresholds">
            {workspaces.map((workspace) => (
              <ThresholdsForm key={workspace.id} workspace={workspace} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ThresholdsForm({ workspace }: { workspace: WorkspaceView }) {
  const saved = useWorkspaceThresholds(workspace.id);
  const { loadThresholds, setThresholds } = useReminderActions();
  const [text, setText] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const { status, saving, save } = useSaveStatus();

  useEffect(() => {
    void loadThresholds(workspace.id);
  }, [loadThresholds, workspace.id]);

  const value = text ?? (saved ? formatThresholds(saved) : '');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const parsed = parseThresholds(value);
    if (!parsed.ok) {
      setFieldError(parsed.message);
      return;
    }
    const ok = await save(
      () => setThresholds(workspace.id, parsed.days),
      `Saved the reminder days of ${workspace.name}.`,
    );
    if (ok) setText(null);
  };

  return (
    <li>
      <form className="settings__threshold-form" onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={`Reminder days for ${workspace.name}`}
          hint={saved ? describeThresholds(saved) : undefined}
          error={fieldError}
        >
          <input
            type="text"
            inputMode="numeric"
            value={value}
            disabled={!saved}
            onChange={(e) => {
              setText(e.target.value);
              setFieldError(undefined);
            }}
          />
        </Field>
        <button
          type="submit"
          className="button button--small"
          aria-disabled={saving || !saved}
          aria-label={`Save reminder days for ${workspace.name}`}
        >
          Save
        </button>
      </form>
      <SaveStatusLine status={status} />
    </li>
  );
}

/** Left out where the host cannot start the app at login (it says so through `supported`). */
function StartAtLoginSwitch({ save }: { save: ReturnType<typeof useSaveStatus>['save'] }) {
  const startAtLogin = useStartAtLoginStore((s) => s.state);
  const load = useStartAtLoginStore((s) => s.load);
  const set = useStartAtLoginStore((s) => s.set);

  useEffect(() => {
    void load();
  }, [load]);

  if (!startAtLogin?.supported) return null;
  return (
    <>
      <Checkbox
        label="Start Keywarden when I log in"
        hint="While reminders are on, it starts in the tray, without its window, and keeps watch over your keys."
        checked={startAtLogin.enabled}
        onChange={(enabled) =>
          void save(
            () => set(enabled),
            enabled ? 'Keywarden starts when you log in.' : 'Keywarden no longer starts when you log in.',
          )
        }
      />
      {startAtLogin.note && <p className="notice notice--warning">{startAtLogin.note}</p>}
    </>
  );
}
