/**
 * Adds a destination to a key, or edits one: the kind (GitHub Actions, 1Password, … a `.env`
 * file), its own fields checked by the kind's shared schema with one sentence per field, and a
 * sign-in check of the draft that writes nothing. Removing one asks first.
 */
import { useRef, useState } from 'react';
import type { TargetView } from '../../../../shared/ipc/index.ts';
import {
  NewSecretTarget,
  SECRET_TARGET_KINDS,
  SECRET_TARGET_TITLES,
  type SecretTargetKind,
} from '../../../../shared/secret-targets.ts';
import type { FieldErrors, FormResult } from '../../lib/key-forms.ts';
import { signInSentence } from '../../lib/push-words.ts';
import { checkTarget, defaultLabel, emptyValues, toValues, type TargetFormValues } from '../../lib/target-forms.ts';
import { useTargetActions, useTargets, type KeyOwner } from '../../state/useTargetsStore.ts';
import { Dialog } from '../common/Dialog.tsx';
import { Field, focusFirstInvalid } from '../common/Field.tsx';
import { FormActions } from '../common/FormActions.tsx';
import { useFormSubmission } from '../common/useFormSubmission.ts';
import { ConfirmDialog } from '../dialogs/ConfirmDialogs.tsx';
import { TargetFields } from './TargetFields.tsx';

type Draft = { kind: SecretTargetKind; label: string; config: Record<string, unknown> };
type TestState = { tone: 'success' | 'problem' | 'busy'; sentence: string } | null;

function TargetDialog({
  owner,
  target,
  onClose,
}: {
  owner: KeyOwner;
  /** The destination being edited; a new one when absent. */
  target?: TargetView;
  onClose(): void;
}) {
  const editing = target !== undefined && target.kind !== null;
  const [kind, setKind] = useState<SecretTargetKind>(target?.kind ?? 'dotenv');
  const [label, setLabel] = useState(target?.label ?? '');
  const [values, setValues] = useState<TargetFormValues>(() =>
    target?.kind && target.config ? toValues(target.kind, target.config) : emptyValues('dotenv'),
  );
  const [testState, setTestState] = useState<TestState>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { add, update, test } = useTargetActions();

  const check = (): FormResult<Draft, string> => {
    const checked = checkTarget(kind, values);
    const draft = { kind, label: label.trim() || defaultLabel(kind, checked.config), config: checked.config };
    // The label's own rules (no leading "-", no control characters) are the shared schema's too.
    const whole = NewSecretTarget.safeParse({ owner, ...draft });
    const labelIssue = whole.success ? undefined : whole.error.issues.find((issue) => issue.path[0] === 'label');
    const errors = { ...(checked.ok ? {} : checked.errors), ...(labelIssue ? { label: labelIssue.message } : {}) };
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: draft };
  };

  const { errors, setErrors, formError, submitting, submit } = useFormSubmission<Draft, string>({
    check,
    send: (draft) =>
      editing
        ? update(owner, { targetId: target.id, label: draft.label, config: draft.config })
        : add({ owner, ...draft }),
    onDone: onClose,
  });

  const changeKind = (next: SecretTargetKind) => {
    setKind(next);
    setValues(emptyValues(next));
    setErrors({});
    setTestState(null);
  };

  const change = (name: string, value: string | boolean) => {
    setValues((current) => ({ ...current, [name]: value }));
    setTestState(null);
  };

  const runTest = async () => {
    const checked = check();
    if (!checked.ok) {
      setErrors(checked.errors as FieldErrors<string>);
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setTestState({ tone: 'busy', sentence: 'Checking the sign-in…' });
    const answer = await test({ kind, config: checked.value.config });
    if (!answer.ok) setTestState({ tone: 'problem', sentence: answer.message });
    else
      setTestState({
        tone: answer.value.state === 'signed_in' ? 'success' : 'problem',
        sentence: signInSentence(answer.value, kind),
      });
  };

  return (
    <Dialog
      title={editing ? `Edit ${target.label}` : 'Add a destination'}
      description="Where this key’s secret is pushed. Only names are kept here, never the secret; a push sends it on the program’s standard input."
      onDismiss={onClose}
      width="wide"
    >
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
        <Field label="Kind" hint={editing ? 'To change the kind, remove this destination and add another.' : undefined}>
          <select
            value={kind}
            disabled={editing}
            onChange={(event) => changeKind(event.target.value as SecretTargetKind)}
          >
            {SECRET_TARGET_KINDS.map((option) => (
              <option key={option} value={option}>
                {SECRET_TARGET_TITLES[option]}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Label (optional)"
          hint="How this destination is named in lists, e.g. “production .env”."
          error={errors.label}
        >
          <input type="text" value={label} maxLength={255} onChange={(event) => setLabel(event.target.value)} />
        </Field>
        <TargetFields kind={kind} values={values} errors={errors} onChange={change} />
        <div className="target-test">
          <button
            type="button"
            className="button"
            aria-disabled={testState?.tone === 'busy'}
            onClick={() => void runTest()}
          >
            Test sign-in
          </button>
          <p className={`target-test__result target-test__result--${testState?.tone ?? 'none'}`} role="status">
            {testState?.sentence ?? ''}
          </p>
        </div>
        <FormActions
          formError={formError}
          submitting={submitting}
          submitLabel={editing ? 'Save' : 'Add destination'}
          busyLabel="Saving…"
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}

function RemoveTargetDialog({ owner, target, onClose }: { owner: KeyOwner; target: TargetView; onClose(): void }) {
  const { remove } = useTargetActions();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <ConfirmDialog
      title={`Remove ${target.label}?`}
      description={
        <p>
          Keywarden stops pushing this key’s secret there. Nothing is deleted at the destination: the secret it holds
          stays until you remove it there.
        </p>
      }
      confirmLabel="Remove destination"
      onConfirm={async () => {
        const failure = await remove(owner, target.id);
        setProblem(failure?.message ?? null);
        return failure === null;
      }}
      onClose={onClose}
    >
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
    </ConfirmDialog>
  );
}

type TargetDialogRef = { workspaceId: string; keyId: string; targetId?: string; onClose(): void };

function useTarget(owner: KeyOwner, targetId: string | undefined): TargetView | undefined {
  const { items } = useTargets(owner);
  return targetId === undefined ? undefined : items.find((target) => target.id === targetId);
}

/** The add/edit dialog for a destination named by ids (the dialog host knows no more). */
export function TargetDialogFor({ workspaceId, keyId, targetId, onClose }: TargetDialogRef) {
  const owner = { workspaceId, keyId };
  const target = useTarget(owner, targetId);
  if (targetId !== undefined && target === undefined) return null;
  return <TargetDialog owner={owner} target={target} onClose={onClose} />;
}

export function RemoveTargetDialogFor({ workspaceId, keyId, targetId, onClose }: TargetDialogRef) {
  const owner = { workspaceId, keyId };
  const target = useTarget(owner, targetId);
  return target ? <RemoveTargetDialog owner={owner} target={target} onClose={onClose} /> : null;
}
