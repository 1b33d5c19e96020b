/**
 * The key details' "Destinations": where this key's secret is pushed (secret managers, `.env`
 * files), each with a sign-in check that writes nothing, Edit and Remove; then the key's push
 * history. A rotation pushes the new secret to all of them at once.
 */
import { useEffect, useState } from 'react';
import type { TargetView } from '../../../../shared/ipc/index.ts';
import { SECRET_TARGET_TITLES } from '../../../../shared/secret-targets.ts';
import { signInSentence } from '../../lib/push-words.ts';
import { describeConfig } from '../../lib/target-forms.ts';
import { useTargetActions, useTargets, type KeyOwner } from '../../state/useTargetsStore.ts';
import { useUiActions } from '../../state/useUiStore.ts';
import { PlusIcon, WarningIcon } from '../common/icons.tsx';
import { PushHistory } from './PushHistory.tsx';

type TestResult = { tone: 'success' | 'problem'; sentence: string };

export function Destinations({
  owner,
  editable,
  movedToSuccessor,
}: {
  owner: KeyOwner;
  /** False for a key that no longer works: its list and history stay readable. */
  editable: boolean;
  /** The key was rotated: its destinations belong to the new key now. */
  movedToSuccessor: boolean;
}) {
  const { workspaceId, keyId } = owner;
  const { items, loading, error } = useTargets(owner);
  const { load, loadHistory } = useTargetActions();
  const { openDialog } = useUiActions();

  useEffect(() => {
    void load({ workspaceId, keyId });
    void loadHistory({ workspaceId, keyId });
  }, [workspaceId, keyId, load, loadHistory]);

  return (
    <section className="details__section destinations" aria-labelledby="destinations-title">
      <div className="details__section-header">
        <h3 id="destinations-title">Destinations</h3>
        {editable && (
          <button
            type="button"
            className="button button--small"
            onClick={() => openDialog({ kind: 'editTarget', workspaceId, keyId })}
          >
            <PlusIcon />
            Add destination…
          </button>
        )}
      </div>
      {error && (
        <div className="notice notice--error" role="alert">
          <p>{error.message}</p>
          <button type="button" className="button button--small" onClick={() => void load(owner)}>
            Try again
          </button>
        </div>
      )}
      {items.length === 0 && !error && (
        <p className="muted">
          {loading
            ? 'Loading destinations…'
            : movedToSuccessor
              ? 'This key was rotated: its destinations now belong to the key that replaced it.'
              : 'None yet. Add the secret managers and .env files that hold this key’s secret: a rotation then pushes the new secret to all of them in one go.'}
        </p>
      )}
      {items.length > 0 && (
        <ul className="target-list">
          {items.map((target) => (
            <DestinationItem key={target.id} owner={owner} target={target} editable={editable} />
          ))}
        </ul>
      )}
      <PushHistory owner={owner} />
    </section>
  );
}

function DestinationItem({ owner, target, editable }: { owner: KeyOwner; target: TargetView; editable: boolean }) {
  const { test } = useTargetActions();
  const { openDialog } = useUiActions();
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const title = target.kind === null ? 'Unknown kind' : SECRET_TARGET_TITLES[target.kind];

  const runTest = async () => {
    if (testing) return;
    setTesting(true);
    setResult(null);
    const answer = await test({ targetId: target.id });
    setTesting(false);
    if (!answer.ok) setResult({ tone: 'problem', sentence: answer.message });
    else
      setResult({
        tone: answer.value.state === 'signed_in' ? 'success' : 'problem',
        sentence: signInSentence(answer.value, target.kind),
      });
  };

  return (
    <li className="target-list__item">
      <div className="target-list__name">{target.label}</div>
      <div className="muted target-list__where">
        {title}
        {target.kind !== null && target.config !== null && <> · {describeConfig(target.kind, target.config)}</>}
      </div>
      {target.unreadable && (
        <p className="notice notice--warning">
          <WarningIcon />
          <span>{target.unreadable}</span>
        </p>
      )}
      <p className={`target-list__result target-list__result--${result?.tone ?? 'none'}`} role="status">
        {testing ? 'Checking the sign-in…' : (result?.sentence ?? '')}
      </p>
      {editable && (
        <div className="button-row">
          <button
            type="button"
            className="button button--small"
            aria-label={`Test ${target.label}`}
            aria-disabled={testing}
            disabled={target.unreadable !== null}
            onClick={() => void runTest()}
          >
            Test
          </button>
          <button
            type="button"
            className="button button--small"
            aria-label={`Edit ${target.label}`}
            disabled={target.kind === null}
            onClick={() => openDialog({ kind: 'editTarget', ...owner, targetId: target.id })}
          >
            Edit…
          </button>
          <button
            type="button"
            className="button button--small button--danger"
            aria-label={`Remove ${target.label}`}
            onClick={() => openDialog({ kind: 'removeTarget', ...owner, targetId: target.id })}
          >
            Remove…
          </button>
        </div>
      )}
    </li>
  );
}
