/**
 * The rotation's state machine as pure functions over a saved record: which step is current, how a
 * step changes state, when the whole rotation is done, and how an error becomes the problem the
 * wizard shows. The service saves the record after every change these make.
 */
import type { RotationProblem, RotationStepName, RotationStepState } from '../../../shared/ipc/rotations.ts';
import { errorMessage } from '../../../shared/error-message.ts';
import { AppError } from '../errors.ts';
import type { RotationRecord } from '../store/rotation-repository.ts';

export const STEP_ORDER: readonly RotationStepName[] = ['create', 'distribute', 'verify', 'retire'];

const FINISHED: ReadonlySet<RotationStepState> = new Set(['done', 'skipped']);

/** The step the wizard shows: the first one not done (or skipped); `done` when none is left. */
export function currentStep(record: RotationRecord): RotationStepName | 'done' {
  return STEP_ORDER.find((name) => !FINISHED.has(record.steps[name].state)) ?? 'done';
}

export function setStep(
  record: RotationRecord,
  name: RotationStepName,
  state: RotationStepState,
  at: Date,
  problem: RotationProblem | null = null,
): void {
  record.steps[name] = { state, problem, at: at.toISOString() };
}

/** Marks the rotation completed once every step is done or skipped; returns whether it is. */
export function completeIfDone(record: RotationRecord, at: Date): boolean {
  if (record.status !== 'in_progress' || currentStep(record) !== 'done') return false;
  record.status = 'completed';
  record.finishedAt = at.toISOString();
  return true;
}

/**
 * When the old key's end also ends the rotation: a managed key whose new secret is everywhere and
 * whose old key goes at the overlap's end, chosen or not (nobody chose how). Null otherwise.
 */
export function endsWithOverlap(record: RotationRecord): string | null {
  if (record.kind !== 'managed' || record.oldKeyStopsAt === null) return null;
  if (record.retireHow !== null && record.retireHow !== 'overlap_ends') return null;
  if (record.steps.create.state !== 'done' || record.steps.distribute.state !== 'done') return null;
  return record.oldKeyStopsAt;
}

/** An error as the problem a step shows: an AppError keeps its code and sentence. */
export function problemFrom(error: unknown): RotationProblem {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return {
    code: 'internal',
    message: `Something went wrong inside Keywarden (${errorMessage(error)}). Try the step again; nothing was lost.`,
  };
}

/** Refuses an action on a rotation that is over. */
export function assertInProgress(record: RotationRecord): void {
  if (record.status === 'in_progress') return;
  throw new AppError(
    'conflict',
    record.status === 'completed' ? 'This rotation is already complete.' : 'This rotation was cancelled.',
  );
}

/** "2030-01-01 12:00 UTC": dates inside sentences; the wizard formats the ISO fields itself. */
export function sentenceDate(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A masked IPv4 address shows its hidden part as `x`, so nobody reads `.0` as a real host. */
export function shownIp(masked: string): string {
  return /^\d+\.\d+\.\d+\.0$/.test(masked) ? `${masked.slice(0, -1)}x` : masked;
}

export function minutesAgo(at: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / 60_000));
  if (minutes === 0) return 'less than a minute ago';
  return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
}
