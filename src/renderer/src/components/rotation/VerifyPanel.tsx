/**
 * Step 3: traffic moving from the old key to the new one, read from the service every few seconds
 * while the step is on screen: a small chart per minute, and the same in words (the new key's first
 * use, the old key's last use and from where).
 */
import { useEffect } from 'react';
import type { RotationView } from '../../../../shared/ipc/index.ts';
import { shownIp, trafficSentence } from '../../lib/rotation.ts';
import { formatAgo, formatDateTime } from '../../lib/time.ts';
import { useNow } from '../../state/useAppStore.ts';
import { useRotationActions, useTraffic } from '../../state/useRotationStore.ts';
import { StepProblem } from './StepProblem.tsx';
import { TrafficChart } from './TrafficChart.tsx';
import { useAction } from './useAction.ts';

const POLL_MS = 4000;
const CHART_MINUTES = 30;

export function VerifyPanel({ rotation }: { rotation: RotationView }) {
  const { loadTraffic, continueRotation } = useRotationActions();
  const { traffic, error } = useTraffic(rotation.id);
  const { busy, failure, run } = useAction();
  const now = useNow();
  const rotationId = rotation.id;

  useEffect(() => {
    void loadTraffic(rotationId, CHART_MINUTES);
    const timer = setInterval(() => void loadTraffic(rotationId, CHART_MINUTES), POLL_MS);
    return () => clearInterval(timer);
  }, [rotationId, loadTraffic]);

  const firstUse = traffic?.newKeyFirstUseAt ?? rotation.verify.newKeyFirstUseAt;
  return (
    <div className="rotation-verify">
      <p>
        Deployments pick up the new secret as they restart or reload it. Keywarden reads the service’s traffic every few
        seconds while this step is open.
      </p>
      {traffic ? (
        <>
          <TrafficChart traffic={traffic} />
          <ul className="traffic-facts" aria-live="polite">
            <li>{trafficSentence(traffic)}</li>
            <li>
              {firstUse
                ? `The new key was first used ${formatAgo(firstUse, now)} (${formatDateTime(firstUse)}).`
                : 'The new key has not been used yet.'}
            </li>
            <li>
              {traffic.summary}
              {traffic.oldKeyLastUseAt && traffic.oldKeyLastUseIp && !traffic.summary.includes('Still in use')
                ? `; last used ${formatAgo(traffic.oldKeyLastUseAt, now)} by ${shownIp(traffic.oldKeyLastUseIp)}.`
                : '.'}
            </li>
          </ul>
        </>
      ) : (
        !error && (
          <p className="muted" role="status">
            Reading the traffic…
          </p>
        )
      )}
      {error && (
        <p className="notice notice--error" role="alert">
          {error.message} Keywarden keeps trying.
        </p>
      )}
      <StepProblem problem={rotation.steps.verify.problem} />
      {failure && (
        <p className="notice notice--error" role="alert">
          {failure.message}
        </p>
      )}
      <div className="button-row rotation-actions">
        <button
          type="button"
          className="button button--primary"
          aria-disabled={busy !== null}
          onClick={() => void run('continue', () => continueRotation(rotation.id))}
        >
          Go on to retiring the old key
        </button>
      </div>
    </div>
  );
}
