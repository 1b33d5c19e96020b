/** Why a rotation step stopped, in the core's sentence (it says what to do next). */
import type { RotationProblem } from '../../../../shared/ipc/index.ts';
import { WarningIcon } from '../common/icons.tsx';

export function StepProblem({ problem }: { problem: RotationProblem | null }) {
  if (problem === null) return null;
  return (
    <p className="notice notice--error rotation-problem" role="alert">
      <WarningIcon />
      <span>{problem.message}</span>
    </p>
  );
}
