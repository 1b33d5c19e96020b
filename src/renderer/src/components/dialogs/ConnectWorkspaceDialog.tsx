/** Connect (or reconnect) a remote workspace with its URL and an admin token. */
import { useState } from 'react';
import type { FieldErrors, FormResult } from '../../lib/key-forms.ts';
import { useWorkspaceActions } from '../../state/useWorkspacesStore.ts';
import { Dialog } from '../common/Dialog.tsx';
import { FormActions } from '../common/FormActions.tsx';
import { Field } from '../common/Field.tsx';
import { useFormSubmission } from '../common/useFormSubmission.ts';

type ConnectField = 'url' | 'token';
type ConnectRequest = { url: string; token: string; name?: string };

function checkConnectForm(url: string, token: string, name: string): FormResult<ConnectRequest, ConnectField> {
  const errors: FieldErrors<ConnectField> = {};
  if (url.trim() === '') errors.url = 'Enter the workspace address, e.g. https://keys.example.com.';
  if (token.trim() === '') errors.token = 'Paste an admin token from the workspace.';
  if (errors.url || errors.token) return { ok: false, errors };
  const request: ConnectRequest = { url: url.trim(), token: token.trim() };
  if (name.trim()) request.name = name.trim();
  return { ok: true, value: request };
}

type Props = { initialUrl?: string | undefined; initialName?: string | undefined; onClose(): void };

export function ConnectWorkspaceDialog({ initialUrl = '', initialName = '', onClose }: Props) {
  const { connect } = useWorkspaceActions();
  const [url, setUrl] = useState(initialUrl);
  const [token, setToken] = useState('');
  const [name, setName] = useState(initialName);
  const reconnecting = initialUrl !== '';
  const { errors, formError, submitting, submit } = useFormSubmission<ConnectRequest, ConnectField>({
    check: () => checkConnectForm(url, token, name),
    send: connect,
    onDone: onClose,
    // Put the service's sentence next to the field it is about.
    fieldFor: (failure) => {
      if (failure.code === 'workspace_auth_failed' || failure.code === 'forbidden') return 'token';
      if (['invalid_input', 'not_a_workspace', 'workspace_unreachable'].includes(failure.code)) return 'url';
      return null;
    },
  });

  return (
    <Dialog
      title={reconnecting ? `Reconnect ${initialName || 'workspace'}` : 'Connect a workspace'}
      description="Manage the API keys of a Keywarden service with one of its admin tokens. The token is kept in your keychain."
      onDismiss={onClose}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Workspace URL" error={errors.url}>
          <input
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://keys.example.com"
            autoComplete="url"
            spellCheck={false}
          />
        </Field>
        <Field label="Admin token" error={errors.token}>
          <input
            type="password"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <Field label="Name (optional)" hint="Shown in the sidebar; defaults to the workspace's own name.">
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
        </Field>
        <FormActions
          formError={formError}
          submitting={submitting}
          submitLabel={reconnecting ? 'Reconnect' : 'Connect'}
          busyLabel="Connecting…"
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
