/**
 * The keys that need action, most urgent group first: each key with its status, countdown, what
 * happens to it next, and Rotate. A group shows its ten most urgent keys until asked for more.
 */
import { useState } from 'react';
import type { DashboardGroup, DashboardKey } from '../../../../shared/ipc/index.ts';
import { attentionCountdown, expiredFate, GROUP_TITLES } from '../../lib/dashboard.ts';
import { formatDate } from '../../lib/time.ts';
import { StatusBadge } from '../common/StatusBadge.tsx';

const FIRST_SHOWN = 10;

export function AttentionGroupSection({
  group,
  nowMs,
  onRotate,
}: {
  group: DashboardGroup;
  nowMs: number;
  onRotate(key: DashboardKey): void;
}) {
  const [expanded, setExpanded] = useState(false);
  const headingId = `attention-${group.group}`;
  const shown = expanded ? group.keys : group.keys.slice(0, FIRST_SHOWN);
  const hidden = group.keys.length - shown.length;

  return (
    <section className="attention-group" aria-labelledby={headingId}>
      <h3 id={headingId} className="attention-group__title">
        {GROUP_TITLES[group.group]} <span className="attention-group__count">{group.total.toLocaleString()}</span>
      </h3>
      <ul className="attention-list">
        {shown.map((key) => (
          <AttentionItem key={`${key.workspaceId}/${key.keyId}`} attentionKey={key} nowMs={nowMs} onRotate={onRotate} />
        ))}
      </ul>
      {hidden > 0 && (
        <button type="button" className="link-button attention-group__more" onClick={() => setExpanded(true)}>
          Show {hidden.toLocaleString()} more
        </button>
      )}
      {expanded && group.total > group.keys.length && (
        <p className="muted attention-group__more">
          These are the {group.keys.length} most urgent of {group.total.toLocaleString()}; the Keys view lists every
          key.
        </p>
      )}
    </section>
  );
}

function AttentionItem({
  attentionKey: key,
  nowMs,
  onRotate,
}: {
  attentionKey: DashboardKey;
  nowMs: number;
  onRotate(key: DashboardKey): void;
}) {
  const fate = expiredFate(key);
  return (
    <li className="attention-item">
      <span className="attention-item__status">
        {key.group === 'rotation_due' ? (
          <span className="status status--rotation-due">
            <span className="status__dot" aria-hidden="true" />
            Rotation due
          </span>
        ) : (
          <StatusBadge status={key.group === 'expired' ? 'expired' : 'expiring'} />
        )}
      </span>
      <span className="attention-item__key">
        <span className="attention-item__name">{key.keyName}</span>
        <span className="attention-item__meta">
          <code>{key.label}…</code> · {key.workspaceName}
        </span>
      </span>
      <span className="attention-item__when">
        <span title={`Expires ${formatDate(key.expiresAt)}`}>{attentionCountdown(key, nowMs)}</span>
        {fate && <span className="attention-item__fate">{fate}</span>}
        {key.rotationInProgress && <span className="attention-item__fate">Rotation in progress</span>}
      </span>
      <button
        type="button"
        className="button button--small"
        aria-label={`${key.rotationInProgress ? 'Continue rotating' : 'Rotate'} ${key.keyName}`}
        onClick={() => onRotate(key)}
      >
        {key.rotationInProgress ? 'Continue…' : 'Rotate…'}
      </button>
    </li>
  );
}
