/**
 * Adds a webhook to the chosen workspace: its URL and the events it is sent. The service answers
 * with the signing secret once; it is shown here until the user closes it, and kept in the
 * keychain so this device can still sign-check what the receiver gets.
 */
import { useState, type FormEvent } from 'react';
import { WebhookEventType } from '../../../../shared/api/index.ts';
import { AUDIT_TYPE_LABELS } from '../../lib/audit.ts';
import { useWebhookActions, useWebhooks } from '../../state/useWebhooksStore.ts';
import { CopyIcon } from '../common/icons.tsx';

/** What most receivers want: the changes to keys. */
const DEFAULT_EVENTS: WebhookEventType[] = ['key.created', 'key.rotated', 'key.revoked', 'key.expired'];

export function AddWebhookForm({ workspaceName }: { workspaceName: string }) {
  const { add } = useWebhookActions();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(DEFAULT_EVENTS);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (events.length === 0) return setError('Choose at least one event to send.');
    setBusy(true);
    const failure = await add({ url: url.trim(), events });
    setBusy(false);
    setError(failure?.message ?? null);
    if (!failure) setUrl('');
  };

  const toggle = (type: WebhookEventType, on: boolean) =>
    setEvents((current) => (on ? [...current, type] : current.filter((chosen) => chosen !== type)));

  return (
    <form
      className="webhook-form"
      onSubmit={(event) => void submit(event)}
      aria-label={`Add a webhook to ${workspaceName}`}
    >
      <h3 className="settings__subheading">Add a webhook</h3>
      <div className="field">
        <label className="field__label" htmlFor="webhook-url">
          Receiver URL
        </label>
        <input
          id="webhook-url"
          type="url"
          required
          placeholder="https://hooks.example.com/keywarden"
          value={url}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'webhook-error' : undefined}
          onChange={(event) => setUrl(event.target.value)}
        />
      </div>
      <fieldset className="webhook-form__events">
        <legend className="field__label">Events to send</legend>
        {WebhookEventType.options.map((type) => (
          <label key={type} className="checkbox">
            <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.target.checked)} />
            {AUDIT_TYPE_LABELS[type]}
          </label>
        ))}
      </fieldset>
      {error && (
        <p id="webhook-error" className="field__error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add webhook'}
        </button>
      </div>
    </form>
  );
}

/** The new webhook's signing secret, shown this once. */
export function WebhookSecretOnce() {
  const { added } = useWebhooks();
  const { dismissSecret, copySecret } = useWebhookActions();
  const [copyNote, setCopyNote] = useState<string | null>(null);
  if (!added) return null;
  const copy = async () => {
    const failure = await copySecret();
    setCopyNote(failure ? failure.message : 'Copied. The clipboard is cleared again shortly.');
  };
  return (
    <div
      className="notice notice--prominent webhook-secret"
      role="region"
      aria-label="Signing secret of the new webhook"
    >
      <div>
        <p>
          <strong>Signing secret for {added.webhook.url}</strong>
        </p>
        <p>Give it to the receiver to check each delivery&apos;s webhook-signature header. It is shown only now.</p>
        <code className="secret-box secret-box--small" aria-label="Webhook signing secret">
          {added.secret}
        </code>
        <p className={added.storedInKeychain ? 'muted' : 'field__error'}>
          {added.storedInKeychain ? "Also kept in this device's keychain." : added.keychainWarning}
        </p>
        {copyNote && <p className="muted">{copyNote}</p>}
        <div className="button-row">
          <button type="button" className="button" onClick={() => void copy()}>
            <CopyIcon />
            Copy secret
          </button>
          <button type="button" className="button button--primary" onClick={dismissSecret}>
            I have stored it
          </button>
        </div>
      </div>
    </div>
  );
}
