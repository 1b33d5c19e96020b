/** Create an API key: name, scope and its options, environment, expiry. Then the show-once view takes over. */
import { useState } from 'react';
import { SCOPE_LABELS, type CreateApiKeyRequest, type KeyScope } from '../../../../shared/api/index.ts';
import { defaultCreateKeyForm, maxExpiryMs, toCreateKeyRequest, type CreateKeyField } from '../../lib/key-forms.ts';
import { toDateInputValue } from '../../lib/time.ts';
import { useAppStore } from '../../state/useAppStore.ts';
import { useKeyActions } from '../../state/useKeysStore.ts';
import { Dialog } from '../common/Dialog.tsx';
import { FormActions } from '../common/FormActions.tsx';
import { Checkbox, Field } from '../common/Field.tsx';
import { useFormSubmission } from '../common/useFormSubmission.ts';

const SCOPE_HINTS: Record<KeyScope, string> = {
  scim: 'Automatic user provisioning, e.g. from Entra ID.',
  on_premise: 'A script running on your own servers.',
  public_api: 'Your own integrations with the public API.',
};

export function CreateKeyDialog({
  workspaceId,
  workspaceName,
  onClose,
}: {
  workspaceId: string;
  workspaceName: string;
  onClose(): void;
}) {
  const { create } = useKeyActions();
  const [nowMs] = useState(() => useAppStore.getState().now);
  const [form, setForm] = useState(() => defaultCreateKeyForm(nowMs));
  const { errors, formError, submitting, submit } = useFormSubmission<CreateApiKeyRequest, CreateKeyField>({
    check: () => toCreateKeyRequest(form, useAppStore.getState().now),
    send: (request) => create(workspaceId, request),
    onDone: onClose,
  });

  return (
    <Dialog
      title="Create an API key"
      description={`The key will belong to ${workspaceName}. Its secret is shown once.`}
      onDismiss={onClose}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Name" error={errors.name} hint="Say what uses it, so you can find it later.">
          <input
            type="text"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            maxLength={120}
            autoComplete="off"
          />
        </Field>
        <fieldset className="fieldset">
          <legend>Scope</legend>
          <div className="scope-options">
            {(Object.keys(SCOPE_LABELS) as KeyScope[]).map((scope) => (
              <label key={scope} className={`scope-option${form.scope === scope ? ' is-checked' : ''}`}>
                <input
                  type="radio"
                  name="scope"
                  value={scope}
                  checked={form.scope === scope}
                  onChange={() => setForm({ ...form, scope })}
                />
                <span className="scope-option__label">{SCOPE_LABELS[scope]}</span>
                <span className="scope-option__hint">{SCOPE_HINTS[scope]}</span>
              </label>
            ))}
          </div>
          {form.scope === 'scim' && (
            <Checkbox
              label="Enable SCIM custom attributes"
              hint="This setting applies to every SCIM key of this workspace, not only this one."
              checked={form.scimCustomAttributes}
              onChange={(scimCustomAttributes) => setForm({ ...form, scimCustomAttributes })}
            />
          )}
          {form.scope === 'on_premise' && (
            <>
              <Checkbox
                label="Allow your script to retrieve signatures"
                checked={form.retrieveSignatures}
                onChange={(retrieveSignatures) => setForm({ ...form, retrieveSignatures })}
              />
              <Checkbox
                label="Allow your script to send directory (AD) information"
                checked={form.sendDirectoryInfo}
                onChange={(sendDirectoryInfo) => setForm({ ...form, sendDirectoryInfo })}
              />
              <p className="field__hint">You can change these later in the key's settings.</p>
            </>
          )}
        </fieldset>
        <div className="field-row">
          <fieldset className="fieldset fieldset--inline">
            <legend>Environment</legend>
            <div className="segmented">
              {(['live', 'test'] as const).map((environment) => (
                <label key={environment} className={form.environment === environment ? 'is-checked' : ''}>
                  <input
                    type="radio"
                    name="environment"
                    checked={form.environment === environment}
                    onChange={() => setForm({ ...form, environment })}
                  />
                  {environment === 'live' ? 'Live' : 'Test'}
                </label>
              ))}
            </div>
          </fieldset>
          <Field label="Expires on" error={errors.expiresOn} hint="At most one year from today.">
            <input
              type="date"
              value={form.expiresOn}
              min={toDateInputValue(nowMs + 86_400_000)}
              max={toDateInputValue(maxExpiryMs(nowMs))}
              onChange={(e) => setForm({ ...form, expiresOn: e.target.value })}
            />
          </Field>
        </div>
        <FormActions
          formError={formError}
          submitting={submitting}
          submitLabel="Create key"
          busyLabel="Creating…"
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
