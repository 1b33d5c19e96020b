/** App settings kept by the core: for now, how long a copied secret stays on the clipboard. */
import { useState, type FormEvent } from 'react';
import { DEFAULT_CLIPBOARD_CLEAR_SECONDS, formatClipboardDelay } from '../../lib/time.ts';
import { useAppStore } from '../../state/useAppStore.ts';
import { toast } from '../../state/useUiStore.ts';
import { Dialog } from '../common/Dialog.tsx';
import { Field } from '../common/Field.tsx';
import { FormActions } from '../common/FormActions.tsx';

const CLEAR_DELAYS = [10, 30, 60, 120, 300, 0];

function delayLabel(seconds: number): string {
  return seconds === 0 ? 'Never' : formatClipboardDelay(seconds);
}

export function SettingsDialog({ onClose }: { onClose(): void }) {
  const current = useAppStore((s) => s.settings?.clipboardClearSeconds ?? DEFAULT_CLIPBOARD_CLEAR_SECONDS);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const [seconds, setSeconds] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // A delay set outside this dialog (0–600 s) still shows as chosen.
  const delays = CLEAR_DELAYS.includes(current) ? CLEAR_DELAYS : [...CLEAR_DELAYS.slice(0, -1), current, 0];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    const failure = await updateSettings({ clipboardClearSeconds: seconds });
    setSaving(false);
    if (failure) {
      setError(failure);
      return;
    }
    toast(
      seconds === 0
        ? 'Settings saved. Copied secrets stay on the clipboard.'
        : `Settings saved. Copied secrets are cleared from the clipboard after ${formatClipboardDelay(seconds)}.`,
      'success',
    );
    onClose();
  };

  return (
    <Dialog title="Settings" onDismiss={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label="Clear copied secrets from the clipboard after"
          hint="Only if the clipboard still holds the secret Keywarden copied."
        >
          <select
            value={seconds}
            onChange={(e) => {
              setSeconds(Number(e.target.value));
              setError(null);
            }}
          >
            {delays.map((delay) => (
              <option key={delay} value={delay}>
                {delayLabel(delay)}
              </option>
            ))}
          </select>
        </Field>
        {seconds === 0 && (
          <p className="notice notice--warning">
            A copied secret stays on the clipboard until you copy something else, where other apps can read it.
          </p>
        )}
        <FormActions formError={error} submitting={saving} submitLabel="Save" busyLabel="Saving…" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
