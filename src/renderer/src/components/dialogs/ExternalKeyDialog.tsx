/** Add a key issued by another service to the External keys collection, checked against its preset. */
import { useState } from 'react';
import type { ExternalKeyInput } from '../../../../shared/ipc/index.ts';
import { EXTERNAL_KEY_PRESETS, findPreset } from '../../../../shared/presets.ts';
import { defaultExternalKeyForm, toExternalKeyInput, type ExternalKeyField } from '../../lib/key-forms.ts';
import { toDateInputValue } from '../../lib/time.ts';
import { useAppStore } from '../../state/useAppStore.ts';
import { useKeyActions } from '../../state/useKeysStore.ts';
import { Dialog } from '../common/Dialog.tsx';
import { FormActions } from '../common/FormActions.tsx';
import { Field } from '../common/Field.tsx';
import { useFormSubmission } from '../common/useFormSubmission.ts';

export function ExternalKeyDialog({ onClose }: { onClose(): void }) {
  const { addExternal } = useKeyActions();
  const [nowMs] = useState(() => useAppStore.getState().now);
  const [form, setForm] = useState(() => defaultExternalKeyForm(nowMs, EXTERNAL_KEY_PRESETS[0] ?? null));
  const { errors, setErrors, formError, submitting, submit } = useFormSubmission<ExternalKeyInput, ExternalKeyField>({
    check: () => toExternalKeyInput(form, useAppStore.getState().now),
    send: addExternal,
    onDone: onClose,
  });
  const preset = findPreset(form.presetId);

  const choosePreset = (presetId: string) => {
    const next = findPreset(presetId);
    const defaults = defaultExternalKeyForm(nowMs, next);
    setForm({ ...form, presetId, scopeLabel: defaults.scopeLabel, expiresOn: defaults.expiresOn });
    setErrors({});
  };

  return (
    <Dialog
      title="Add an external key"
      description="Keep a key issued by another service in your vault, to see when it expires and copy it when needed."
      onDismiss={onClose}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Name" error={errors.name}>
          <input
            type="text"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            autoComplete="off"
          />
        </Field>
        <div className="field-row">
          <Field label="Provider" error={preset ? undefined : errors.provider}>
            <select value={form.presetId} onChange={(e) => choosePreset(e.target.value)}>
              {EXTERNAL_KEY_PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.provider}
                </option>
              ))}
              <option value="other">Other</option>
            </select>
          </Field>
          {!preset && (
            <Field label="Provider name" error={errors.provider}>
              <input
                type="text"
                value={form.provider}
                onChange={(e) => setForm({ ...form, provider: e.target.value })}
              />
            </Field>
          )}
        </div>
        <div className="field-row">
          <Field
            label="Scope"
            error={errors.scopeLabel}
            hint={preset?.scopes ? undefined : 'Optional, e.g. "Read only".'}
          >
            {preset?.scopes ? (
              <select value={form.scopeLabel} onChange={(e) => setForm({ ...form, scopeLabel: e.target.value })}>
                {preset.scopes.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            ) : (
              <input
                type="text"
                value={form.scopeLabel}
                onChange={(e) => setForm({ ...form, scopeLabel: e.target.value })}
              />
            )}
          </Field>
          <Field label="Environment" error={errors.environment}>
            <select
              value={form.environment}
              onChange={(e) => setForm({ ...form, environment: e.target.value as 'live' | 'test' })}
            >
              <option value="live">Live</option>
              <option value="test">Test</option>
            </select>
          </Field>
        </div>
        <Field
          label="Expires on"
          error={errors.expiresOn}
          hint={preset ? `${preset.provider} keys are valid for ${preset.validityDays} days.` : undefined}
        >
          <input
            type="date"
            value={form.expiresOn}
            min={toDateInputValue(nowMs + 86_400_000)}
            onChange={(e) => setForm({ ...form, expiresOn: e.target.value })}
          />
        </Field>
        <Field
          label="Secret"
          error={errors.secret}
          hint={preset?.formatHint ?? 'Stored in your keychain; never shown in lists.'}
        >
          <input
            type="password"
            value={form.secret}
            onChange={(e) => setForm({ ...form, secret: e.target.value })}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <FormActions
          formError={formError}
          submitting={submitting}
          submitLabel="Add to vault"
          busyLabel="Adding…"
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
