/**
 * Step 2: the new secret goes to every destination at once, each with its own live state (waiting,
 * pushing, done, failed with the CLI's sentence, or unknown when Keywarden stopped mid-push). One
 * can be retried alone, done by hand with the copied command, or left behind on purpose.
 */
import { useEffect, useState } from 'react';
import type { RotationTargetView, RotationView } from '../../../../shared/ipc/index.ts';
import { useRotationActions } from '../../state/useRotationStore.ts';
import { useTargetActions, useTargets } from '../../state/useTargetsStore.ts';
import { StepProblem } from './StepProblem.tsx';
import { PushItem } from './PushItem.tsx';
import { useAction } from './useAction.ts';

export function DistributePanel({ rotation }: { rotation: RotationView }) {
  const { distribute, continueRotation } = useRotationActions();
  const { busy, failure, run } = useAction();
  const [leavingSome, setLeavingSome] = useState(false);
  const step = rotation.steps.distribute;
  const successor = { workspaceId: rotation.workspaceId, keyId: rotation.successor?.keyId ?? rotation.keyId };
  const pushes = usePushes(rotation, successor);
  const running = pushes.some((push) => push.state === 'running') || busy === 'distribute';
  const unfinished = pushes.filter((push) => push.state !== 'done').length;
  const unknown = pushes.filter((push) => push.state === 'unknown').length;
  const failed = pushes.filter((push) => push.state === 'failed').length;

  return (
    <div className="rotation-distribute">
      {pushes.length === 0 ? (
        <p>
          This key has no destinations, so there is nothing to push. Set the new secret wherever it is needed (copy it
          from the new key’s details), then go on.
        </p>
      ) : (
        <ul className="push-list" aria-label="Destinations">
          {pushes.map((push) => (
            <PushItem key={push.targetId} rotation={rotation} push={push} busy={running || busy !== null} onRun={run} />
          ))}
        </ul>
      )}
      <StepProblem problem={step.problem} />
      {failure && (
        <p className="notice notice--error" role="alert">
          {failure.message}
        </p>
      )}
      {leavingSome ? (
        <div className="rotation-confirm" role="group" aria-label="Continue without some destinations">
          <p>
            {unfinished} destination{unfinished === 1 ? ' keeps' : 's keep'} the old secret. Whatever reads{' '}
            {unfinished === 1 ? 'it' : 'them'} stops working when the old key does. Continue anyway?
          </p>
          <div className="button-row">
            <button type="button" className="button" autoFocus onClick={() => setLeavingSome(false)}>
              Stay here
            </button>
            <button
              type="button"
              className="button button--danger"
              aria-disabled={busy !== null}
              onClick={() => void run('continue', () => continueRotation(rotation.id, true))}
            >
              Continue without {unfinished === 1 ? 'it' : 'them'}
            </button>
          </div>
        </div>
      ) : (
        <div className="button-row rotation-actions">
          {step.state === 'pending' || pushes.every((push) => push.state === 'waiting') ? (
            <button
              type="button"
              className="button button--primary"
              aria-disabled={running}
              onClick={() => void run('distribute', () => distribute(rotation.id))}
            >
              {running
                ? 'Pushing…'
                : pushes.length === 0
                  ? 'Go on'
                  : `Push to ${pushes.length === 1 ? 'the destination' : `all ${pushes.length} destinations`}`}
            </button>
          ) : (
            <>
              {failed > 0 && (
                <button
                  type="button"
                  className="button button--primary"
                  aria-disabled={running}
                  onClick={() => void run('distribute', () => distribute(rotation.id))}
                >
                  {running ? 'Pushing…' : failed === 1 ? 'Retry the failed one' : `Retry the ${failed} failed`}
                </button>
              )}
              {unknown > 0 && (
                <button
                  type="button"
                  className="button"
                  aria-disabled={running}
                  onClick={() => void run('distribute', () => distribute(rotation.id, true))}
                >
                  Push again where unknown
                </button>
              )}
              {unfinished > 0 && !running && (
                <button type="button" className="button" onClick={() => setLeavingSome(true)}>
                  Continue without {unfinished === 1 ? 'it' : 'them'}…
                </button>
              )}
            </>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * The rotation's pushes; before the first push they aren't listed yet, so the new key's
 * destinations stand in for them, all waiting.
 */
function usePushes(rotation: RotationView, owner: { workspaceId: string; keyId: string }): RotationTargetView[] {
  const targets = useTargets(owner);
  const { load } = useTargetActions();
  const { workspaceId, keyId } = owner;
  const listed = rotation.targets.length > 0;
  useEffect(() => {
    if (!listed) void load({ workspaceId, keyId });
  }, [listed, workspaceId, keyId, load]);
  if (listed) return rotation.targets;
  return targets.items.map((target) => ({
    targetId: target.id,
    kind: target.kind,
    label: target.label,
    state: 'waiting',
    outcome: null,
    message: null,
    exitCode: null,
    attempts: 0,
    updatedAt: null,
  }));
}
