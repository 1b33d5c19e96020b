/**
 * One audit event in full: what happened, who did it from where (masked IP, user agent), to which
 * key, every detail the service recorded, and where it sits in its workspace's hash chain (or that
 * this device recorded it itself). Says so when the chain broke at this event.
 */
import type { AuditChainBreakView, AuditEntry } from '../../../../shared/ipc/index.ts';
import { AUDIT_TYPE_LABELS, detailLines } from '../../lib/audit.ts';
import { formatDateTime } from '../../lib/time.ts';
import { CloseIcon, WarningIcon } from '../common/icons.tsx';

const ACTOR_KINDS: Record<AuditEntry['actor']['type'], string> = {
  admin_token: 'admin token',
  api_key: 'API key',
  system: 'the service itself',
  app: 'this app',
};

type Props = {
  entry: AuditEntry;
  workspaceName: string;
  breaks: readonly AuditChainBreakView[];
  onClose(): void;
};

export function AuditEventDetails({ entry, workspaceName, breaks, onClose }: Props) {
  const broken = entry.seq === null ? [] : breaks.filter((found) => found.seq === entry.seq);
  return (
    <section
      className="audit-details"
      aria-labelledby="audit-details-title"
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <header className="details__header">
        <h2 id="audit-details-title">{AUDIT_TYPE_LABELS[entry.type]}</h2>
        <button type="button" className="icon-button" aria-label="Close event details" onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      <div className="details__body">
        {broken.map((found) => (
          <p key={found.reason} className="notice notice--error" role="alert">
            <WarningIcon />
            <span>The hash chain breaks here: {found.message}.</span>
          </p>
        ))}
        <dl className="meta">
          <dt>When</dt>
          <dd>
            {formatDateTime(entry.at)} <span className="muted">({entry.at})</span>
          </dd>
          <dt>Workspace</dt>
          <dd>{workspaceName}</dd>
          <dt>Who</dt>
          <dd>
            {entry.actor.name} <span className="muted">({ACTOR_KINDS[entry.actor.type]})</span>
          </dd>
          {entry.ip && (
            <>
              <dt>From</dt>
              <dd className="ip">{entry.ip}</dd>
            </>
          )}
          {entry.userAgent && (
            <>
              <dt>Client</dt>
              <dd>{entry.userAgent}</dd>
            </>
          )}
          {entry.keyId && (
            <>
              <dt>Key</dt>
              <dd>
                {entry.keyName && <>{entry.keyName} </>}
                {entry.keyLabel && <code className="key-label">{entry.keyLabel}…</code>}{' '}
                <span className="muted">{entry.keyId}</span>
              </dd>
            </>
          )}
          {detailLines(entry.details).map(([label, value]) => (
            <DetailLine key={label} label={label} value={value} />
          ))}
          <dt>Recorded by</dt>
          <dd>
            {entry.source === 'local' ? (
              'This device (Keywarden recorded what it did itself)'
            ) : (
              <>
                The workspace&apos;s service, seq {entry.seq}
                <code className="audit-details__hash" title="SHA-256 of the previous hash and this event">
                  {entry.hash}
                </code>
              </>
            )}
          </dd>
        </dl>
      </div>
    </section>
  );
}

function DetailLine({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt className="audit-details__label">{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
