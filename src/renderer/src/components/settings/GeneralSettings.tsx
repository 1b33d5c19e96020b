/** General settings: how long a copied secret stays on the clipboard. Saved as soon as it changes. */
import { DEFAULT_CLIPBOARD_CLEAR_SECONDS, formatClipboardDelay } from '../../lib/time.ts';
import { useAppStore } from '../../state/useAppStore.ts';
import { Field } from '../common/Field.tsx';
import { SaveStatusLine } from './SaveStatusLine.tsx';
import { useSaveStatus } from './useSaveStatus.ts';

const CLEAR_DELAYS = [10, 30, 60, 120, 300, 0];

function delayLabel(seconds: number): string {
  return seconds === 0 ? 'Never' : formatClipboardDelay(seconds);
}

export function GeneralSettings() {
  const current = useAppStore((s) => s.settings?.clipboardClearSeconds ?? DEFAULT_CLIPBOARD_CLEAR_SECONDS);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const { status, save } = useSaveStatus();
  // A delay set some other way (0–600 s) still shows as chosen.
  const delays = CLEAR_DELAYS.includes(current) ? CLEAR_DELAYS : [...CLEAR_DELAYS.slice(0, -1), current, 0];

  const choose = (seconds: number) =>
    void save(
      () => updateSettings({ clipboardClearSeconds: seconds }),
      seconds === 0
        ? 'Saved. Copied secrets stay on the clipboard.'
        : `Saved. Copied secrets are cleared from the clipboard after ${formatClipboardDelay(seconds)}.`,
    );

  return (
    <section className="settings__section" aria-labelledby="settings-general">
      <h2 id="settings-general">General</h2>
      <Field
        label="Clear copied secrets from the clipboard after"
        hint="Only if the clipboard still holds the secret Keywarden copied."
      >
        <select value={current} onChange={(e) => choose(Number(e.target.value))}>
          {delays.map((delay) => (
            <option key={delay} value={delay}>
              {delayLabel(delay)}
            </option>
          ))}
        </select>
      </Field>
      {current === 0 && (
        <p className="notice notice--warning">
          A copied secret stays on the clipboard until you copy something else, where other apps can read it.
        </p>
      )}
      <SaveStatusLine status={status} />
    </section>
  );
}
