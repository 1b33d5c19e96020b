/**
 * Step 4: the old key goes. Managed keys: revoke it now (refused while it was used in the last
 * minutes, unless the admin confirms) or let the overlap end, when Keywarden removes its secret
 * from the vault. External keys: the admin confirms it revoked at the provider, and only then does
 * its secret leave the keychain.
 */
import { AppError, keychainUnavailable } from '../errors.ts';
import type { RotationRecord } from '../store/rotation-repository.ts';
import { forgetSecret } from './create-step.ts';
import type { RotationRuntime } from './rotation-deps.ts';
import { completeIfDone, endsWithOverlap, problemFrom, setStep } from './rotation-steps.ts';
import { inUseSentence } from './traffic.ts';

/** The retire step may start once the new key is everywhere (or the admin went on without some). */
function assertReady(record: RotationRecord): void {
  if (record.successorKeyId === null || record.steps.create.state !== 'done') {
    throw new AppError('conflict', 'The new key does not exist yet: the old one stays until it does.');
  }
  if (record.steps.distribute.state !== 'done') {
    throw new AppError(
      'conflict',
      'Push the new secret to every destination (or continue without some) before retiring the old key.',
    );
  }
  if (record.steps.retire.state === 'done') throw new AppError('conflict', 'The old key is already retired.');
}

/** Leaving the verify step is implied by choosing how the old key goes. */
function leaveVerify(rt: RotationRuntime, record: RotationRecord): void {
  if (record.steps.verify.state !== 'done' && record.steps.verify.state !== 'skipped') {
    setStep(record, 'verify', 'done', rt.now());
  }
}

export async function revokeOldNow(rt: RotationRuntime, record: RotationRecord, confirmInUse: boolean): Promise<void> {
  if (record.kind === 'external') throw externalOnly();
  assertReady(record);
  const { keys, workspaces } = rt.deps;
  let refusal: AppError | null;
  try {
    refusal = await workspaces.change(record.workspaceId, async (workspace): Promise<AppError | null> => {
      const old = await keys.fetch(workspace, record.keyId);
      record.verify = { ...record.verify, oldKeyLastUseAt: old.lastUsedAt, oldKeyLastUseIp: old.lastUsedIp };
      const inUse = inUseSentence(old, rt.now(), rt.inUseWindowMinutes);
      if (inUse !== null && !confirmInUse) {
        return new AppError(
          'conflict',
          `${inUse}: revoking the old key now would break whatever made that request. Wait until it moves to the ` +
            'new key, or confirm to revoke anyway.',
        );
      }
      leaveVerify(rt, record);
      record.retireHow = 'revoke_now';
      setStep(record, 'retire', 'running', rt.now());
      rt.save(record);
      // Revoking also takes the old secret out of the keychain.
      await keys.revoke(workspace, record.keyId, 'rotated');
      return null;
    });
  } catch (error) {
    setStep(record, 'retire', 'failed', rt.now(), problemFrom(error));
    rt.save(record);
    return;
  }
  if (refusal !== null) {
    rt.save(record); // What was learned about the old key's last use, for the wizard.
    throw refusal;
  }
  record.oldKeyStopsAt = rt.now().toISOString();
  finish(rt, record);
}

/** The old key stops by itself at the overlap's end; Keywarden removes its secret then. */
export function letOverlapEnd(rt: RotationRuntime, record: RotationRecord): void {
  if (record.kind === 'external') throw externalOnly();
  assertReady(record);
  if (record.retireHow === 'revoked_with_rotation') throw new AppError('conflict', 'The old key is already revoked.');
  leaveVerify(rt, record);
  record.retireHow = 'overlap_ends';
  setStep(record, 'retire', 'running', rt.now());
  rt.save(record);
}

/**
 * The overlap ended before the admin chose how the old key goes: it went by itself, so the rotation
 * takes the overlap's end as its retire step, once the new key is everywhere (until then the wizard
 * still has pushes to offer). Answers whether the overlap's end now retires the old key.
 */
export function overlapEnded(rt: RotationRuntime, record: RotationRecord): boolean {
  if (record.retireHow === 'overlap_ends') return true;
  if (endsWithOverlap(record) === null) return false;
  leaveVerify(rt, record);
  record.retireHow = 'overlap_ends';
  setStep(record, 'retire', 'running', rt.now());
  rt.save(record);
  return true;
}

/** Runs when the overlap has ended (a due job, or at start); a locked keychain retries later. */
export async function finishOverlap(rt: RotationRuntime, record: RotationRecord): Promise<boolean> {
  if (record.retireHow !== 'overlap_ends' || record.steps.retire.state === 'done') return true;
  // Not yet: the old key still works, and its secret stays until it doesn't.
  if (record.oldKeyStopsAt !== null && Date.parse(record.oldKeyStopsAt) > rt.now().getTime()) return true;
  const kept = await forgetSecret(rt, record.workspaceId, record.keyId);
  if (kept) {
    const problem = keychainUnavailable(
      "remove the old key's secret from your system keychain",
      kept.refusal,
      'The overlap ended and the old key no longer works; unlock the keychain and Keywarden tries again shortly.',
    );
    setStep(record, 'retire', 'running', rt.now(), problemFrom(problem));
    rt.save(record);
    return false;
  }
  finish(rt, record);
  return true;
}

export async function confirmRevokedAtProvider(rt: RotationRuntime, record: RotationRecord): Promise<void> {
  if (record.kind !== 'external') {
    throw new AppError(
      'invalid_input',
      'Keywarden revokes keys it manages itself: choose to revoke now or let the overlap end.',
    );
  }
  assertReady(record);
  setStep(record, 'retire', 'running', rt.now());
  record.retireHow = 'revoked_at_provider';
  rt.save(record);
  try {
    if (rt.deps.externalKeyRecords.find(record.keyId) !== null) await rt.deps.externalKeys.remove(record.keyId);
  } catch (error) {
    setStep(record, 'retire', 'failed', rt.now(), problemFrom(error));
    rt.save(record);
    return;
  }
  record.oldKeyStopsAt = rt.now().toISOString();
  finish(rt, record);
}

function finish(rt: RotationRuntime, record: RotationRecord): void {
  const now = rt.now();
  setStep(record, 'retire', 'done', now);
  completeIfDone(record, now);
  rt.save(record);
}

function externalOnly(): AppError {
  return new AppError(
    'invalid_input',
    "Keywarden can't revoke an external key at its provider: revoke it in the provider's dashboard, then confirm here.",
  );
}
