/**
 * A webhook's deliveries, newest first: which event, whether it arrived (the receiver's answer,
 * attempts, the next retry), and Redeliver for any of them.
 */
import { useEffect, useState } from 'react';
import type { WebhookDelivery } from '../../../../shared/api/index.ts';
import { AUDIT_TYPE_LABELS } from '../../lib/audit.ts';
import { formatAgo, formatDateTime } from '../../lib/time.ts';
import { useNow } from '../../state/useAppStore.ts';
import { useWebhookActions, useWebhookDeliveries } from '../../state/useWebhooksStore.ts';

const STATUS_WORDS: Record<WebhookDelivery['status'], string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  failed: 'Failed',
};

export function WebhookDeliveries({ webhookId, url }: { webhookId: string; url: string }) {
  const state = useWebhookDeliveries(webhookId);
  const { loadDeliveries, redeliver } = useWebhookActions();
  const now = useNow();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void loadDeliveries(webhookId);
  }, [loadDeliveries, webhookId]);

  const again = async (deliveryId: string) => setError((await redeliver(webhookId, deliveryId))?.message ?? null);
  const deliveries = state?.view?.deliveries ?? [];
  return (
    <div className="webhook-deliveries">
      <div className="settings__row">
        <p className="muted">
          {state?.loading && !state.view
            ? 'Loading deliveries…'
            : `${deliveries.length} recent ${deliveries.length === 1 ? 'delivery' : 'deliveries'}`}
        </p>
        <button type="button" className="button button--small" onClick={() => void loadDeliveries(webhookId)}>
          Refresh
        </button>
      </div>
      {(error ?? state?.error?.message) && (
        <p className="field__error" role="alert">
          {error ?? state?.error?.message}
        </p>
      )}
      {deliveries.length > 0 && (
        <table className="webhook-deliveries__table">
          <caption className="visually-hidden">Deliveries to {url}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Queued</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td>{AUDIT_TYPE_LABELS[delivery.eventType]}</td>
                <td>
                  <span className={`webhook-status webhook-status--${delivery.status}`}>
                    {STATUS_WORDS[delivery.status]}
                  </span>
                  {delivery.responseCode !== null && <span className="muted"> (HTTP {delivery.responseCode})</span>}
                  {delivery.status === 'pending' && delivery.nextAttemptAt && (
                    <span className="muted"> next {formatAgo(delivery.nextAttemptAt, now)}</span>
                  )}
                  {delivery.error && <span className="webhook-deliveries__error">{delivery.error}</span>}
                </td>
                <td>{delivery.attempts}</td>
                <td title={formatDateTime(delivery.createdAt)}>
                  {/* Queued a moment after the window's clock last ticked: "just now", not "in a few seconds". */}
                  {formatAgo(delivery.createdAt, Math.max(now, Date.parse(delivery.createdAt)))}
                </td>
                <td>
                  <button type="button" className="button button--small" onClick={() => void again(delivery.id)}>
                    Redeliver
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
