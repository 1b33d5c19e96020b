/** A dialog form's footer: the service's sentence when it refused, then Cancel and the submit button. */
export function FormActions({
  formError,
  submitting,
  submitLabel,
  busyLabel,
  onCancel,
}: {
  formError: string | null;
  submitting: boolean;
  submitLabel: string;
  busyLabel: string;
  onCancel(): void;
}) {
  return (
    <>
      {formError && (
        <p className="notice notice--error" role="alert">
          {formError}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" aria-disabled={submitting}>
          {submitting ? busyLabel : submitLabel}
        </button>
      </div>
    </>
  );
}
