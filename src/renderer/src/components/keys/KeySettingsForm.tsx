/** Editable settings of a managed key: its name and, for On Premise keys, the script permissions. */
import { useState, type FormEvent } from 'react';
import type { VaultKey } from '../../../../shared/ipc/index.ts';
import { useKeyActions } from '../../state/useKeysStore.ts';
import { Checkbox, Field } from '../common/Field.tsx';

type Props = { workspaceId: string; vaultKey: VaultKey };

export function KeySettingsForm({ workspaceId, vaultKey: key }: Props) {
  const { update } = useKeyActions();
  const initial = {
    name: key.name,
    retrieveSignatures: key.options?.retrieveSignatures ?? false,
    sendDirectoryInfo: key.options?.sendDirectoryInfo ?? false,
  };
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const onPremise = key.scope === 'on_premise';
  const dirty =
    draft.name !== initial.name ||
    (onPremise &&
      (draft.retrieveSignatures !== initial.retrieveSignatures ||
        draft.sendDirectoryInfo !== initial.sendDirectoryInfo));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const name = draft.name.trim();
    if (name === '' || name.length > 100) {
      setError(name === '' ? 'A key needs a name.' : 'Keep the name under 100 characters.');
      return;
    }
    setError(undefined);
    setSaving(true);
    const patch = onPremise
      ? { name, options: { retrieveSignatures: draft.retrieveSignatures, sendDirectoryInfo: draft.sendDirectoryInfo } }
      : { name };
    await update(workspaceId, key.id, patch);
    setSaving(false);
  };

  return (
    <form className="details__section" onSubmit={(e) => void save(e)} aria-label="Key settings">
      <h3>Settings</h3>
      <Field label="Name" error={error}>
        <input
          type="text"
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          maxLength={120}
        />
      </Field>
      {onPremise && (
        <fieldset className="fieldset">
          <legend>On Premise permissions</legend>
          <Checkbox
            label="Allow your script to retrieve signatures"
            checked={draft.retrieveSignatures}
            onChange={(retrieveSignatures) => setDraft({ ...draft, retrieveSignatures })}
          />
          <Checkbox
            label="Allow your script to send directory (AD) information"
            checked={draft.sendDirectoryInfo}
            onChange={(sendDirectoryInfo) => setDraft({ ...draft, sendDirectoryInfo })}
          />
        </fieldset>
      )}
      {dirty && (
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setDraft(initial);
              setError(undefined);
            }}
          >
            Cancel
          </button>
        </div>
      )}
    </form>
  );
}
