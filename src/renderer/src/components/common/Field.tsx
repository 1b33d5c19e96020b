/** A labelled form field with its hint and its error sentence, wired with aria-describedby. */
import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

type FieldProps = {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  children: ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>;
};

export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {cloneElement(children, { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

export function Checkbox({
  label,
  hint,
  checked,
  onChange,
}: {
  label: string;
  hint?: string;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  const id = useId();
  return (
    <div className="checkbox">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="field__hint checkbox__hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/**
 * After a submit that failed (by the form's own checks or the service's answer), moves focus to the
 * first field marked invalid, so a screen reader reads its error and the keyboard is where the fix goes.
 */
export function focusFirstInvalid(form: HTMLFormElement): void {
  // Errors set after an await render in a later task, which a busy machine may run after the next
  // frame: if no field is marked invalid yet, wait (briefly) for the one that will be.
  const focusInvalid = () => {
    const field = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    field?.focus();
    return field !== null;
  };
  requestAnimationFrame(() => {
    if (focusInvalid()) return;
    const observer = new MutationObserver(() => {
      if (focusInvalid()) observer.disconnect();
    });
    observer.observe(form, { attributes: true, attributeFilter: ['aria-invalid'], subtree: true });
    setTimeout(() => observer.disconnect(), 2000);
  });
}
