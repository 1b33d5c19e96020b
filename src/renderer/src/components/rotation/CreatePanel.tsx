/**
 * Step 1 while it isn't done. A managed key: the new key being made, or why it stopped (retry), or
 * an orphaned successor (issue another). An external key: the new secret pasted from the
 * provider's dashboard, checked by the key's preset; the core's refusal shows at the field.
 */
import { useState, type FormEvent } from 'react';
import type { RotationView } from '../../../../shared/ipc/index.ts';
import { useRotationActions } from '../../state/useRotationStore.ts';
import { Field, focusFirstInvalid } from '../common/Field.tsx';
import { StepProblem } from './StepProblem.tsx';
import { useAction } from './useAction.ts';

export function CreatePanel({ rotation, provider }: { rotation: RotationView; provider: string | null }) {
  const { retry, reissue } = useRotationActions();
  const { busy, failure, run } = useAction();
  const step = rotation.steps.create;

  if (rotation.kind === 'external' && (step.state === 'pending' || step.state === 'failed')) {
    return <PasteSecretForm rotation={rotation} provider={provider} />;
  }
  if (step.state === 'running') {
    return (
      <p className="rotation-progress" role="status">
        {rotation.kind === 'external'
          ? 'Saving the new secret in your keychain…'
          : 'Making the new key at the service and saving its secret in your keychain…'}
      </p>
    );
  }
  return (
    <>
      <StepProblem problem={step.problem} />
      <div className="button-row">
        {step.state === 'needs_attention' ? (
          <button
            type="button"
            className="button button--primary"
            aria-disabled={busy !== null}
            onClick={() => void run('reissue', () => reissue(rotation.id))}
          >
            {busy === 'reissue' ? 'Issuing…' : 'Issue a new key'}
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary"
            aria-disabled={busy !== null}
            onClick={() => void run('retry', () => retry(rotation.id))}
          >
            {busy === 'retry' ? 'Trying again…' : 'Try again'}
          </button>
        )}
      </div>
      {failure && (
        <p className="notice notice--error" role="alert">
          {failure.message}
        </p>
      )}
    </>
  );
}

function PasteSecretForm({ rotation, provider }: { rotation: RotationView; provider: string | null }) {
  const { provideSecret } = useRotationActions();
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    if (saving) return;
    if (secret.trim() === '') {
      setError('Paste the new secret from the provider’s dashboard.');
      focusFirstInvalid(form);
      return;
    }
    setSaving(true);
    const failure = await provideSecret(rotation.id, secret.trim());
    setSaving(false);
    // The secret leaves the form either way: kept in the keychain, or to be pasted again.
    if (failure === null) {
      setSecret('');
      return;
    }
    setError(failure.message);
    focusFirstInvalid(form);
  };

  return (
    <form className="rotation-paste" onSubmit={(event) => void submit(event)} noValidate>
      <StepProblem problem={rotation.steps.create.problem} />
      <Field
        label="New secret"
        hint={`Create it in ${provider ?? 'the provider'}’s dashboard, then paste it here. Its format is checked against the old key’s.`}
        error={error ?? undefined}
      >
        <input
          type="password"
          value={secret}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => {
            setSecret(event.target.value);
            setError(null);
          }}
        />
      </Field>
      <div className="button-row">
        <button type="submit" className="button button--primary" aria-disabled={saving}>
          {saving ? 'Checking…' : 'Keep the new secret'}
        </button>
      </div>
    </form>
  );
}
