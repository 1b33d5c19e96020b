/** Connect (or reconnect) a remote workspace with its URL and an admin token. */
import { useState, type FormEvent } from 'react';
import { useWorkspaceActions } from '../../state/useWorkspacesStore.ts';
import { Dialog } from '../common/Dialog.tsx';
import { Field, focusFirstInvalid } from '../common/Field.tsx';

type Props = { initialUrl?: string | undefined; initialName?: string | undefined; onClose(): void };

export function ConnectWorkspaceDialog({ initialUrl = '', initialName = '', onClose }: Props) {
  const { connect } = useWorkspaceActions();
  const [url, setUrl] = useState(initialUrl);
  const [token, setToken] = useState('');
  const [name, setName] = useState(initialName);
  const [errors, setErrors] = useState<{ url?: string; token?: string; form?: string }>({});
  const [submitting, setSubmitting] = useState(false);
  const reconnecting = initialUrl !== '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    if (submitting) return;
    const next: typeof errors = {};
    if (url.trim() === '') next.url = 'Enter the workspace address, e.g. https://keys.example.com.';
    if (token.trim() === '') next.token = 'Paste an admin token from the workspace.';
    setErrors(next);
    if (next.url || next.token) {
      focusFirstInvalid(formElement);
      return;
    }
    setSubmitting(true);
    const failure = await connect(
      name.trim()
        ? { url: url.trim(), token: token.trim(), name: name.trim() }
        : { url: url.trim(), token: token.trim() },
    );
    setSubmitting(false);
    if (!failure) {
      onClose();
      return;
    }
    // Put the service's sentence next to the field it is about.
    if (failure.code === 'workspace_auth_failed' || failure.code === 'forbidden') setErrors({ token: failure.message });
    else if (
      failure.code === 'invalid_input' ||
      failure.code === 'not_a_workspace' ||
      failure.code === 'workspace_unreachable'
    )
      setErrors({ url: failure.message });
    else setErrors({ form: failure.message });
    focusFirstInvalid(formElement);
  };

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
        {errors.form && (
          <p className="notice notice--error" role="alert">
            {errors.form}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" aria-disabled={submitting}>
            {submitting ? 'Connecting…' : reconnecting ? 'Reconnect' : 'Connect'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
