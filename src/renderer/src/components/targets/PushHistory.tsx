/**
 * The key's push history, newest first: which destination, when, how it ended (with the CLI's
 * exit code and which CLI did it), and the sentence. Never the secret: the core keeps none.
 */
import { useState } from 'react';
import { OUTCOME_WORDS } from '../../lib/push-words.ts';
import { formatDateTime } from '../../lib/time.ts';
import { usePushHistory, type KeyOwner } from '../../state/useTargetsStore.ts';

const SHOWN_AT_FIRST = 5;

export function PushHistory({ owner }: { owner: KeyOwner }) {
  const { items, error } = usePushHistory(owner);
  const [all, setAll] = useState(false);
  if (error) return <p className="muted">The push history could not be read: {error.message}</p>;
  if (items.length === 0) return null;
  const shown = all ? items : items.slice(0, SHOWN_AT_FIRST);
  return (
    <div className="push-history">
      <h4 className="push-history__title" id={`push-history-${owner.keyId}`}>
        Push history
      </h4>
      <ol className="push-history__list" aria-labelledby={`push-history-${owner.keyId}`}>
        {shown.map((record) => (
          <li
            key={record.id}
            className={`push-history__item push-history__item--${record.outcome === 'ok' ? 'ok' : 'problem'}`}
          >
            <div className="push-history__line">
              <span className="push-history__outcome">{OUTCOME_WORDS[record.outcome]}</span>
              <span>{record.targetLabel}</span>
              <time className="muted" dateTime={record.at}>
                {formatDateTime(record.at)}
              </time>
            </div>
            <p className="muted push-history__message">
              {record.message}
              {/* The CLI's failure sentence already names its exit code and which CLI ran. */}
              {record.exitCode !== null &&
                !record.message.includes(`exit ${record.exitCode}`) &&
                ` (exit ${record.exitCode})`}
            </p>
          </li>
        ))}
      </ol>
      {items.length > SHOWN_AT_FIRST && (
        <button type="button" className="link-button" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${items.length}`}
        </button>
      )}
    </div>
  );
}
