/**
 * Step 4: the old key goes. Managed keys: revoke it now, or let the overlap end (the plan sentence
 * says which will happen and when); an early revoke while the old key is still in use is refused
 * with who used it and when, and needs a second, explicit "Revoke anyway". External keys: the
 * admin confirms the old key revoked at the provider, and only then does its secret leave.
 */
import { useState } from 'react';
import type { RotationView } from '../../../../shared/ipc/index.ts';
import { useRotationActions } from '../../state/useRotationStore.ts';
import { Checkbox } from '../common/Field.tsx';
import { WarningIcon } from '../common/icons.tsx';
import { StepProblem } from './StepProblem.tsx';
import { useAction } from './useAction.ts';

export function RetirePanel({ rotation, provider }: { rotation: RotationView; provider: string | null }) {
  const { retire, retry } = useRotationActions();
  const { busy, failure, run } = useAction();
  const [confirmed, setConfirmed] = useState(false);
  /** The core's refusal of an early revoke: who still uses the old key, and when. */
  const [inUse, setInUse] = useState<string | null>(null);
  const step = rotation.steps.retire;
  const options = rotation.retire.options;

  const revokeNow = (confirmInUse: boolean) =>
    run('revoke', async () => {
      const refused = await retire(rotation.id, 'revoke_now', confirmInUse);
      const inUseNow = !confirmInUse && refused?.code === 'conflict';
      setInUse(inUseNow ? refused.message : null);
      return inUseNow ? null : refused;
    });

  if (rotation.kind === 'external') {
    return (
      <div className="rotation-retire">
        <p>{rotation.retire.plan}</p>
        <StepProblem problem={step.problem} />
        <Checkbox
          label={`I revoked the old key in ${provider ?? 'the provider'}’s dashboard`}
          checked={confirmed}
          onChange={setConfirmed}
        />
        {failure && (
          <p className="notice notice--error" role="alert">
            {failure.message}
          </p>
        )}
        <div className="button-row rotation-actions">
          <button
            type="button"
            className="button button--primary"
            disabled={!confirmed}
            aria-disabled={busy !== null}
            onClick={() => void run('confirm', () => retire(rotation.id, 'revoked_at_provider'))}
          >
            {busy === 'confirm' ? 'Removing the old secret…' : 'Confirm and remove the old secret'}
          </button>
        </div>
      </div>
    );
  }

  const waiting = rotation.retire.how === 'overlap_ends' && step.state === 'running';
  return (
    <div className="rotation-retire">
      <p
        className={waiting ? 'rotation-plan rotation-plan--waiting' : 'rotation-plan'}
        role={waiting ? 'status' : undefined}
      >
        {rotation.retire.plan}
      </p>
      <StepProblem problem={step.problem} />
      {inUse ? (
        <div className="rotation-confirm" role="group" aria-label="Revoke the old key while it is in use?">
          <p className="notice notice--warning">
            <WarningIcon />
            <span>{inUse}</span>
          </p>
          <div className="button-row">
            <button type="button" className="button" autoFocus onClick={() => setInUse(null)}>
              Wait
            </button>
            <button
              type="button"
              className="button button--danger-solid"
              aria-disabled={busy !== null}
              onClick={() => void revokeNow(true)}
            >
              Revoke anyway
            </button>
          </div>
        </div>
      ) : (
        <>
          {failure && (
            <p className="notice notice--error" role="alert">
              {failure.message}
            </p>
          )}
          <div className="button-row rotation-actions">
            {step.state === 'failed' && (
              <button
                type="button"
                className="button button--primary"
                aria-disabled={busy !== null}
                onClick={() => void run('retry', () => retry(rotation.id))}
              >
                Try again
              </button>
            )}
            {options.includes('overlap_ends') && (
              <button
                type="button"
                className="button button--primary"
                aria-disabled={busy !== null}
                onClick={() => void run('overlap', () => retire(rotation.id, 'overlap_ends'))}
              >
                Let the overlap end
              </button>
            )}
            {options.includes('revoke_now') && (
              <button
                type="button"
                className="button button--danger"
                aria-disabled={busy !== null}
                onClick={() => void revokeNow(false)}
              >
                {busy === 'revoke' ? 'Revoking…' : 'Revoke the old key now'}
              </button>
            )}
          </div>
          {waiting && (
            <p className="muted">
              You can close this window: the key stays marked “rotation in progress” until the overlap ends, and
              Keywarden finishes by itself.
            </p>
          )}
        </>
      )}
    </div>
  );
}
