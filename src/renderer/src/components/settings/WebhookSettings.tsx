/**
 * Webhooks, per workspace: the receivers its service sends audit events to, each with its events,
 * whether this device's keychain holds its signing secret, its deliveries, Send test event and
 * Remove; and a form to add one (its secret shown once).
 */
import { useEffect, useState } from 'react';
import type { WebhookView } from '../../../../shared/ipc/index.ts';
import { AUDIT_TYPE_LABELS } from '../../lib/audit.ts';
import { formatDate } from '../../lib/time.ts';
import { useWebhookActions, useWebhooks } from '../../state/useWebhooksStore.ts';
import { useWorkspaces } from '../../state/useWorkspacesStore.ts';
import { AddWebhookForm, WebhookSecretOnce } from './AddWebhookForm.tsx';
import { WebhookDeliveries } from './WebhookDeliveries.tsx';

export function WebhookSettings() {
  const { workspaces } = useWorkspaces();
  const managed = workspaces.filter((workspace) => workspace.kind !== 'external');
  const { workspaceId, webhooks, loading, error } = useWebhooks();
  const { choose } = useWebhookActions();
  const chosen = managed.find((workspace) => workspace.id === workspaceId) ?? managed[0] ?? null;

  useEffect(() => {
    if (chosen) void choose(chosen.id);
  }, [chosen, choose]);

  return (
    <section className="settings__section" aria-labelledby="settings-webhooks">
      <h2 id="settings-webhooks">Webhooks</h2>
      <p className="muted">
        A workspace&apos;s service sends its audit events to these addresses as they happen, signed.
      </p>
      {!chosen ? (
        <p className="muted">Webhooks belong to a workspace&apos;s service: connect one first.</p>
      ) : (
        <>
          <div className="field">
            <label className="field__label" htmlFor="webhooks-workspace">
              Workspace
            </label>
            <select id="webhooks-workspace" value={chosen.id} onChange={(event) => void choose(event.target.value)}>
              {managed.map((workspace) => (
                <option key={workspace.id} value={workspace.id}>
                  {workspace.name}
                </option>
              ))}
            </select>
          </div>
          {error && (
            <p className="notice notice--error" role="alert">
              {error.message}
            </p>
          )}
          <WebhookSecretOnce />
          {webhooks.length === 0 ? (
            <p className="muted">{loading ? 'Loading webhooks…' : `${chosen.name} sends no webhooks.`}</p>
          ) : (
            <ul className="webhook-list" aria-label={`Webhooks of ${chosen.name}`}>
              {webhooks.map((webhook) => (
                <WebhookItem key={webhook.id} webhook={webhook} />
              ))}
            </ul>
          )}
          <AddWebhookForm workspaceName={chosen.name} />
        </>
      )}
    </section>
  );
}

function WebhookItem({ webhook }: { webhook: WebhookView }) {
  const { sendTest, remove } = useWebhookActions();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);

  const test = async () => {
    const failure = await sendTest(webhook.id);
    setNote(failure ? { tone: 'error', text: failure.message } : { tone: 'success', text: 'Test event sent.' });
    setOpen(true);
  };
  const removeNow = async () => {
    const failure = await remove(webhook.id);
    if (failure) setNote({ tone: 'error', text: failure.message });
    setConfirming(false);
  };

  return (
    <li className="webhook" aria-label={webhook.url}>
      <div className="webhook__head">
        <code className="webhook__url">{webhook.url}</code>
        <span className="muted">since {formatDate(webhook.createdAt)}</span>
      </div>
      <p className="muted">
        {webhook.events.map((type) => AUDIT_TYPE_LABELS[type]).join(', ')}
        {' · '}
        {webhook.secretInVault ? "Signing secret in this device's keychain" : 'Signing secret not on this device'}
      </p>
      <div className="button-row">
        <button type="button" className="button button--small" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide deliveries' : 'Deliveries'}
        </button>
        <button type="button" className="button button--small" onClick={() => void test()}>
          Send test event
        </button>
        {confirming ? (
          <>
            <button type="button" className="button button--small button--danger" onClick={() => void removeNow()}>
              Remove for good
            </button>
            <button type="button" className="button button--small" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="button button--small button--danger" onClick={() => setConfirming(true)}>
            Remove…
          </button>
        )}
      </div>
      {note && (
        <p className={`settings__status settings__status--${note.tone}`} role="status">
          {note.text}
        </p>
      )}
      {open && <WebhookDeliveries webhookId={webhook.id} url={webhook.url} />}
    </li>
  );
}
