/**
 * Step 2: the successor's secret goes to every destination of the key, in parallel, each push with
 * its own saved state. A push is saved as `running` before it starts, so one that was under way
 * when the app stopped comes back `unknown` and is repeated only when the admin says so; a push
 * that is done is never repeated by "push to all".
 */
import { errorMessage } from '../../../shared/error-message.ts';
import type { PushOutcome } from '../../../shared/secret-targets.ts';
import { AppError, keychainUnavailable } from '../errors.ts';
import { keySecretAccount } from '../secrets/accounts.ts';
import type { RotationPush, RotationRecord } from '../store/rotation-repository.ts';
import type { RotationRuntime } from './rotation-deps.ts';
import { assertInProgress, completeIfDone, problemFrom, setStep } from './rotation-steps.ts';

export const INTERRUPTED_PUSH_MESSAGE =
  'Keywarden stopped while this push was running, so the new secret may or may not have arrived. Push again to be sure.';

/**
 * Brings the rotation's list of destinations up to date with the successor's (one added since
 * joins as waiting) and returns it.
 */
function listDestinations(rt: RotationRuntime, record: RotationRecord): RotationPush[] {
  const successorId = requireSuccessor(record);
  const from = { workspaceId: record.workspaceId, keyId: record.keyId };
  const to = { workspaceId: record.workspaceId, keyId: successorId };
  // Repeated on purpose: a create that stopped right after saving the secret may not have moved them.
  rt.deps.targets.moveToKey(from, to);
  rt.deps.repository.addPushes(record.id, rt.deps.targets.list(to));
  return rt.deps.repository.pushes(record.id);
}

/** The successor's secret, read from the keychain each time it is needed and never kept. */
async function successorSecret(rt: RotationRuntime, record: RotationRecord): Promise<string> {
  const account = keySecretAccount(record.workspaceId, requireSuccessor(record));
  let secret: string | null;
  try {
    secret = await rt.deps.secrets.get(account);
  } catch (error) {
    throw keychainUnavailable(
      'read the new secret from your system keychain',
      error,
      'Unlock the keychain and push again.',
    );
  }
  if (secret === null) {
    throw new AppError(
      'secret_not_in_vault',
      "The new key's secret is no longer in this device's keychain, so there is nothing to push.",
    );
  }
  return secret;
}

/** Saves the chosen pushes as running: from here on, a crash leaves them `unknown`. */
function markRunning(rt: RotationRuntime, record: RotationRecord, pushes: RotationPush[]): RotationPush[] {
  const at = rt.now().toISOString();
  return pushes.map((push) => {
    const running: RotationPush = {
      ...push,
      state: 'running',
      outcome: null,
      message: null,
      exitCode: null,
      attempts: push.attempts + 1,
      updatedAt: at,
    };
    rt.savePush(record.id, running);
    return running;
  });
}

/** Runs the pushes side by side; each saves and announces its own result as it ends. */
async function runPushes(
  rt: RotationRuntime,
  record: RotationRecord,
  pushes: RotationPush[],
  secret: string,
): Promise<void> {
  await Promise.all(
    pushes.map(async (push) => {
      let ended: Pick<RotationPush, 'state' | 'outcome' | 'message' | 'exitCode'>;
      try {
        const result = await rt.deps.targets.push(push.targetId, secret);
        ended = {
          state: stateOf(result.outcome),
          outcome: result.outcome,
          message: result.message,
          exitCode: result.exitCode,
        };
      } catch (error) {
        // The destination was removed meanwhile, or can't be read: nothing ran.
        ended = { state: 'failed', outcome: null, message: errorMessage(error), exitCode: null };
      }
      rt.savePush(record.id, { ...push, ...ended, updatedAt: rt.now().toISOString() });
      rt.announce(record.id);
    }),
  );
}

/** A timeout or a cancel may have stored the secret already: that is unknown, not failed. */
function stateOf(outcome: PushOutcome): RotationPush['state'] {
  if (outcome === 'ok') return 'done';
  return outcome === 'timeout' || outcome === 'cancelled' ? 'unknown' : 'failed';
}

/** The step's state from its pushes: done when every destination has the new secret. */
export function settleDistribution(rt: RotationRuntime, record: RotationRecord): void {
  if (record.steps.distribute.state === 'done' || record.steps.distribute.state === 'skipped') return;
  const pushes = rt.deps.repository.pushes(record.id);
  const now = rt.now();
  if (pushes.some((push) => push.state === 'running')) {
    setStep(record, 'distribute', 'running', now);
    return;
  }
  if (pushes.every((push) => push.state === 'done')) {
    setStep(record, 'distribute', 'done', now);
    if (record.steps.verify.state === 'pending') setStep(record, 'verify', 'running', now);
    return;
  }
  const done = pushes.filter((push) => push.state === 'done').length;
  const unknown = pushes.filter((push) => push.state === 'unknown').length;
  const failed = pushes.length - done - unknown - pushes.filter((push) => push.state === 'waiting').length;
  if (failed === 0 && unknown === 0) return; // Only waiting ones: nothing was tried yet.
  const have = `${done} of ${pushes.length} destination${pushes.length === 1 ? ' has' : 's have'} the new secret`;
  setStep(record, 'distribute', 'failed', now, {
    code: failed > 0 ? 'push_failed' : 'push_unknown',
    message:
      failed > 0
        ? `${have}. Retry the ones that failed, set them by hand, or continue without them.`
        : `${have}; for ${unknown} Keywarden can't tell whether the push arrived. Push again to be sure, or confirm you set it by hand.`,
  });
}

export interface Distribution {
  pushes: RotationPush[];
  secret: string;
}

/**
 * In the rotation's turn: brings its destinations up to date, reads the secret, and saves the
 * chosen pushes as running. Null when there is nothing to push (or the keychain refused).
 */
export async function beginDistribution(
  rt: RotationRuntime,
  record: RotationRecord,
  chosen: (push: RotationPush) => boolean,
): Promise<Distribution | null> {
  assertInProgress(record);
  const pushes = listDestinations(rt, record).filter(chosen);
  if (pushes.length === 0) {
    if (record.steps.distribute.state === 'pending') setStep(record, 'distribute', 'running', rt.now());
    settleDistribution(rt, record);
    completeIfDone(record, rt.now());
    rt.save(record);
    return null;
  }
  let secret: string;
  try {
    secret = await successorSecret(rt, record);
  } catch (error) {
    setStep(record, 'distribute', 'failed', rt.now(), problemFrom(error));
    rt.save(record);
    return null;
  }
  const running = markRunning(rt, record, pushes);
  setStep(record, 'distribute', 'running', rt.now());
  rt.save(record);
  return { pushes: running, secret };
}

/** Outside the turn: the pushes run side by side; then, in a turn again, the step settles. */
export async function finishDistribution(
  rt: RotationRuntime,
  rotationId: string,
  started: Distribution,
): Promise<void> {
  await runPushes(rt, rt.load(rotationId), started.pushes, started.secret);
  await rt.turn(rotationId, () => {
    const record = rt.load(rotationId);
    settleDistribution(rt, record);
    completeIfDone(record, rt.now());
    rt.save(record);
  });
}

/** The rotation's push to this destination, which must not be running right now. */
export function idlePush(rt: RotationRuntime, rotationId: string, targetId: string): RotationPush {
  const push = rt.deps.repository.pushes(rotationId).find((candidate) => candidate.targetId === targetId);
  if (!push) throw new AppError('not_found', 'This destination is not part of the rotation.');
  if (push.state === 'running') throw new AppError('conflict', 'This destination is being pushed to right now.');
  return push;
}

/** The admin set the secret there by hand (with the copied command): it counts as done. */
export function markDoneByHand(rt: RotationRuntime, record: RotationRecord, targetId: string): void {
  const push = idlePush(rt, record.id, targetId);
  const now = rt.now();
  rt.savePush(record.id, {
    ...push,
    state: 'done',
    outcome: 'manual',
    message: 'Set by hand.',
    updatedAt: now.toISOString(),
  });
  if (record.steps.distribute.state === 'pending') setStep(record, 'distribute', 'running', now);
  settleDistribution(rt, record);
  completeIfDone(record, now);
}

/** Every destination pushed (or settled by hand) and none running: the step can be left. */
export function unfinishedPushes(rt: RotationRuntime, record: RotationRecord): RotationPush[] {
  return rt.deps.repository.pushes(record.id).filter((push) => push.state !== 'done');
}

function requireSuccessor(record: RotationRecord): string {
  if (record.successorKeyId === null) {
    throw new AppError('conflict', 'The new key does not exist yet: finish the first step before pushing it.');
  }
  return record.successorKeyId;
}
