/**
 * The key details panel's answer to "who still uses this key?" and "what happened to it?": the
 * last 30 days of requests as a sparkline (recharts; its numbers also in words for screen
 * readers), the most recent requests (the last use is in the key's fields above), and the key's own
 * audit trail from the log kept on this device: for a revoked key, who revoked it, when, from
 * where and why.
 */
import { useEffect } from 'react';
import { Area, AreaChart, Tooltip, XAxis } from 'recharts';
import type { AuditEntry, KeyUsageView, VaultKey, WorkspaceView } from '../../../../shared/ipc/index.ts';
import { AUDIT_TYPE_LABELS, auditSummary, NO_AUDIT_FILTERS } from '../../lib/audit.ts';
import { formatAgo, formatDate, formatDateTime } from '../../lib/time.ts';
import { useNow } from '../../state/useAppStore.ts';
import { useAuditStore } from '../../state/useAuditStore.ts';
import { useKeyActivity, useKeyActivityActions } from '../../state/useKeyActivityStore.ts';
import { useUiActions } from '../../state/useUiStore.ts';

export function KeyActivity({ workspace, vaultKey: key }: { workspace: WorkspaceView; vaultKey: VaultKey }) {
  const activity = useKeyActivity(workspace.id, key.id);
  const load = useKeyActivityActions();
  const now = useNow();
  const external = workspace.kind === 'external';

  // Again when the key is used or revoked (its row changed after a sync).
  useEffect(() => {
    void load(workspace.id, key.id);
  }, [load, workspace.id, key.id, key.lastUsedAt, key.revokedAt]);

  return (
    <>
      {!external && (
        <section className="details__section" aria-labelledby="key-usage-title">
          <h3 id="key-usage-title">Usage, last 30 days</h3>
          {activity.usage ? (
            <UsageSummary usage={activity.usage} nowMs={now} />
          ) : (
            <p className="muted">{activity.usageError?.message ?? 'Loading usage…'}</p>
          )}
          {activity.usage && activity.usageError && (
            <p className="muted">Not up to date: {activity.usageError.message}</p>
          )}
        </section>
      )}
      <KeyTrail workspaceId={workspace.id} keyId={key.id} trail={activity.trail} nowMs={now} />
    </>
  );
}

/** Recent requests listed in the panel; the service sends a few more. */
const RECENT_SHOWN = 8;

/** How long ago; a use a moment after the window's clock last ticked is "just now", not "in a few seconds". */
const ago = (at: string, nowMs: number) => formatAgo(at, Math.max(nowMs, Date.parse(at)));

function UsageSummary({ usage, nowMs }: { usage: KeyUsageView; nowMs: number }) {
  const busiest = usage.days.reduce((top, day) => (day.requests > top.requests ? day : top), usage.days[0]!);
  return (
    <>
      <p>
        <strong>{usage.totalRequests.toLocaleString()}</strong> {usage.totalRequests === 1 ? 'request' : 'requests'}
        {usage.totalRequests > 0 && busiest ? (
          <span className="muted">
            , most on {formatDate(`${busiest.date}T12:00:00Z`)} ({busiest.requests.toLocaleString()})
          </span>
        ) : null}
      </p>
      <div className="key-activity__sparkline" aria-hidden="true">
        <AreaChart
          responsive
          style={{ width: '100%', height: 48 }}
          data={usage.days}
          accessibilityLayer={false}
          margin={{ top: 4, right: 2, bottom: 0, left: 2 }}
        >
          <XAxis dataKey="date" hide />
          <Tooltip
            cursor={{ stroke: 'var(--border-strong)' }}
            labelFormatter={(date) => formatDate(`${String(date)}T12:00:00Z`)}
            formatter={(value) => [String(value), 'Requests']}
            contentStyle={{
              background: 'var(--bg)',
              border: '1px solid var(--border-strong)',
              borderRadius: 6,
              color: 'var(--text)',
              fontSize: 12,
            }}
            isAnimationActive={false}
          />
          <Area
            type="monotone"
            dataKey="requests"
            stroke="var(--chart-1)"
            fill="var(--chart-1)"
            fillOpacity={0.15}
            strokeWidth={1.5}
            isAnimationActive={false}
          />
        </AreaChart>
      </div>
      {usage.recent.length > 0 && (
        <ul className="key-activity__list" aria-label="Recent requests">
          {usage.recent.slice(0, RECENT_SHOWN).map((use) => (
            <li key={`${use.at}|${use.ip}|${use.userAgent}`}>
              <span>{ago(use.at, nowMs)}</span>
              <span className="ip">{use.ip ?? 'unknown address'}</span>
              <span className="muted key-activity__agent" title={use.userAgent ?? undefined}>
                {use.userAgent ?? 'no user agent'}
              </span>
              {use.requests > 1 && <span className="muted">×{use.requests}</span>}
            </li>
          ))}
          {usage.recent.length > RECENT_SHOWN && (
            <li className="muted">
              and {usage.recent.length - RECENT_SHOWN}
              {usage.recentTruncated ? '+' : ''} earlier
            </li>
          )}
        </ul>
      )}
    </>
  );
}

function KeyTrail({
  workspaceId,
  keyId,
  trail,
  nowMs,
}: {
  workspaceId: string;
  keyId: string;
  trail: readonly AuditEntry[];
  nowMs: number;
}) {
  const { showView } = useUiActions();
  const openInAuditLog = () => {
    useAuditStore.getState().setFilters({ ...NO_AUDIT_FILTERS, workspaceId, keyId });
    showView('audit');
  };
  return (
    <section className="details__section" aria-labelledby="key-trail-title">
      <h3 id="key-trail-title">Audit trail</h3>
      {trail.length === 0 ? (
        <p className="muted">Nothing recorded for this key on this device yet.</p>
      ) : (
        <ul className="key-activity__list" aria-label="This key's audit events, newest first">
          {trail.map((entry) => (
            <li key={entry.id} className="key-activity__event">
              <span>
                {AUDIT_TYPE_LABELS[entry.type]}{' '}
                <span className="muted" title={formatDateTime(entry.at)}>
                  {ago(entry.at, nowMs)}
                </span>
              </span>
              <span className="muted">
                by {entry.actor.name}
                {entry.ip ? ` from ${entry.ip}` : ''}
              </span>
              {auditSummary(entry) && <span className="muted">{auditSummary(entry)}</span>}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="link-button" onClick={openInAuditLog}>
        Show in the audit log
      </button>
    </section>
  );
}
