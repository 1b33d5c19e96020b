/**
 * The end of a rotation: what was done (the new key, where it went, how the old one went) or, when
 * cancelled, that it stopped. After the leaked-key path, every request made with the old key since
 * the chosen time, with masked IP addresses, as the first step of auditing what it was used for.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { RotationView } from '../../../../shared/ipc/index.ts';
import { fromDateTimeInputValue, shownIp, toDateTimeInputValue } from '../../lib/rotation.ts';
import { formatDateTime } from '../../lib/time.ts';
import { useAudit, useRotationActions } from '../../state/useRotationStore.ts';
import { Field } from '../common/Field.tsx';
import { useAction } from './useAction.ts';

export function DonePanel({ rotation }: { rotation: RotationView }) {
  if (rotation.status === 'cancelled') {
    return (
      <p className="notice notice--info" role="status">
        This rotation was cancelled{rotation.finishedAt ? ` on ${formatDateTime(rotation.finishedAt)}` : ''}. Nothing
        more happens; start a new one from the key when you are ready.
      </p>
    );
  }
  const pushed = rotation.targets.filter((push) => push.state === 'done').length;
  return (
    <div className="rotation-done">
      <p className="notice notice--success" role="status">
        Rotation complete. The new key{rotation.successor?.label ? ` (${rotation.successor.label}…)` : ''} is in your
        vault
        {rotation.targets.length > 0
          ? ` and in ${pushed} of ${rotation.targets.length} destination${rotation.targets.length === 1 ? '' : 's'}`
          : ''}
        .
      </p>
      <p>{rotation.retire.plan}</p>
      {rotation.mode === 'leaked' && rotation.kind === 'managed' && <LeakAudit rotation={rotation} />}
    </div>
  );
}

function LeakAudit({ rotation }: { rotation: RotationView }) {
  const audit = useAudit(rotation.id);
  const { loadAudit } = useRotationActions();
  const { busy, failure, run } = useAction();
  const first = rotation.auditSince ?? rotation.startedAt;
  const [since, setSince] = useState(() => toDateTimeInputValue(Date.parse(first)));
  const [fieldError, setFieldError] = useState<string | null>(null);
  const rotationId = rotation.id;

  useEffect(() => {
    void run('load', () => loadAudit(rotationId));
    // Once per rotation: the admin's own "Show" asks again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rotationId, loadAudit]);

  const show = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const iso = fromDateTimeInputValue(since);
    setFieldError(iso === null ? 'Choose a date and time.' : null);
    if (iso !== null) void run('load', () => loadAudit(rotationId, iso));
  };

  return (
    <section className="leak-audit" aria-labelledby="leak-audit-title">
      <h3 id="leak-audit-title">Requests made with the leaked key</h3>
      <form className="leak-audit__since" onSubmit={show} noValidate>
        <Field label="Since" error={fieldError ?? undefined}>
          <input type="datetime-local" value={since} onChange={(event) => setSince(event.target.value)} />
        </Field>
        <button type="submit" className="button" aria-disabled={busy !== null}>
          Show
        </button>
      </form>
      {failure && (
        <p className="notice notice--error" role="alert">
          {failure.message}
        </p>
      )}
      {audit && (
        <>
          <p role="status">
            {audit.uses.length === 0
              ? `No request used the old key since ${formatDateTime(audit.since)}.`
              : `${requestCount(audit.uses.reduce((sum, use) => sum + use.requests, 0))} since ${formatDateTime(audit.since)}, newest first${audit.truncated ? ' (the oldest are left out)' : ''}. Check each address and program below against what you expect.`}
          </p>
          {audit.uses.length > 0 && (
            <div className="leak-audit__table-wrap">
              <table className="leak-audit__table">
                <caption className="visually-hidden">Requests with the old key</caption>
                <thead>
                  <tr>
                    <th scope="col" className="leak-audit__time">
                      Time
                    </th>
                    <th scope="col">IP address (masked)</th>
                    <th scope="col">User agent</th>
                    <th scope="col" className="leak-audit__count">
                      Requests
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {audit.uses.map((use, index) => (
                    <tr key={`${use.at}-${index}`}>
                      <td className="leak-audit__time">{auditTime(use.at)}</td>
                      <td className="ip">{shownIp(use.ip)}</td>
                      <td>{use.userAgent ?? <span className="muted">none sent</span>}</td>
                      <td className="leak-audit__count">{use.requests}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function requestCount(count: number): string {
  return `${count.toLocaleString()} request${count === 1 ? '' : 's'}`;
}

/** To the second: a leaked key's requests are told apart by when exactly they came. */
function auditTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
