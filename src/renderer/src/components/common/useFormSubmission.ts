/**
 * The submit flow every dialog form shares: check the form, move focus to the first invalid field,
 * send once (a second Enter while sending does nothing), then close on success or show the
 * service's sentence: next to the field it is about when `fieldFor` names one, else above the
 * buttons.
 */
import { useState, type FormEvent } from 'react';
import type { FieldErrors, FormResult } from '../../lib/key-forms.ts';
import type { IpcFailure } from '../../state/bridge.ts';
import { focusFirstInvalid } from './Field.tsx';

export function useFormSubmission<T, F extends string>(options: {
  check(): FormResult<T, F>;
  send(value: T): Promise<IpcFailure | null>;
  onDone(): void;
  fieldFor?(failure: IpcFailure): F | null;
}) {
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    if (submitting) return;
    const checked = options.check();
    setFormError(null);
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirstInvalid(form);
      return;
    }
    setErrors({});
    setSubmitting(true);
    const failure = await options.send(checked.value);
    setSubmitting(false);
    if (!failure) {
      options.onDone();
      return;
    }
    const field = options.fieldFor?.(failure) ?? null;
    if (field === null) {
      setFormError(failure.message);
      return;
    }
    setErrors({ [field]: failure.message } as FieldErrors<F>);
    focusFirstInvalid(form);
  };

  return { errors, setErrors, formError, submitting, submit };
}
