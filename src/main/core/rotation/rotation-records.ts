/**
 * How a rotation begins (checked against the key as the service or the vault has it now) and how
 * the wizard moves on from a step that has no action of its own to end it.
 */
import { randomUUID } from 'node:crypto';
import type { StartRotationInput } from '../../../shared/ipc/rotations.ts';
import { AppError } from '../errors.ts';
import type { RotationRecord } from '../store/rotation-repository.ts';
import type { WorkspaceRecord } from '../store/workspace-repository.ts';
import { unfinishedPushes } from './distribute-step.ts';
import type { RotationRuntime } from './rotation-deps.ts';
import { completeIfDone, currentStep, setStep } from './rotation-steps.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A rotation of the key, not yet saved: nothing has happened anywhere. */
export async function newRotation(
  rt: RotationRuntime,
  workspace: WorkspaceRecord,
  input: StartRotationInput,
): Promise<RotationRecord> {
  const now = rt.now();
  const at = now.toISOString();
  const pending = { state: 'pending' as const, problem: null, at };
  const skipped = { state: 'skipped' as const, problem: null, at };
  const base = {
    id: `rot_${randomUUID().replaceAll('-', '')}`,
    workspaceId: workspace.id,
    keyId: input.keyId,
    mode: input.mode,
    status: 'in_progress' as const,
    overlapEndsAt: null,
    successorKeyId: null,
    successorLabel: null,
    orphanKeyId: null,
    verify: { newKeyFirstUseAt: null, oldKeyLastUseAt: null, oldKeyLastUseIp: null, checkedAt: null },
    retireHow: null,
    oldKeyStopsAt: null,
    startedAt: at,
    updatedAt: at,
    finishedAt: null,
  };

  if (workspace.kind === 'external') {
    if (input.mode === 'leaked') {
      throw new AppError(
        'unsupported',
        "Keywarden can't revoke an external key or see its requests: revoke it in the provider's dashboard " +
          'at once, then rotate it here to paste the new one.',
      );
    }
    const key = rt.deps.externalKeyRecords.find(input.keyId);
    if (!key) throw new AppError('not_found', 'This external key is no longer in the vault.');
    return {
      ...base,
      keyName: key.name,
      keyLabel: key.label,
      kind: 'external',
      overlapSeconds: null,
      // Nothing to watch: the provider's dashboard shows an external key's traffic.
      steps: { create: pending, distribute: pending, verify: skipped, retire: pending },
      auditSince: null,
    };
  }

  rt.deps.keys.assertWritable(workspace);
  const overlapSeconds = input.mode === 'leaked' ? 0 : input.overlapSeconds;
  if (overlapSeconds === undefined) {
    throw new AppError('invalid_input', 'overlapSeconds: choose how long the old and the new key both work.');
  }
  const key = await rt.deps.keys.fetch(workspace, input.keyId);
  if (key.status === 'revoked' || key.status === 'expired') {
    throw new AppError(
      'conflict',
      `This key is ${key.status}: there is nothing left to rotate. Create a new key instead.`,
    );
  }
  if (key.rotatedToId !== null) {
    throw new AppError('conflict', 'This key was already rotated: rotate its successor instead.');
  }
  return {
    ...base,
    keyName: key.name,
    keyLabel: key.prefix,
    kind: 'managed',
    overlapSeconds,
    steps: {
      create: pending,
      distribute: pending,
      verify: input.mode === 'leaked' ? skipped : pending,
      retire: pending,
    },
    auditSince: input.mode === 'leaked' ? (input.auditSince ?? new Date(now.getTime() - DAY_MS).toISOString()) : null,
  };
}

/** Leaves the distribute step (every push done, or the admin accepts the rest) or the verify step. */
export function continueRotation(rt: RotationRuntime, record: RotationRecord, acceptIncomplete: boolean): void {
  const now = rt.now();
  const step = currentStep(record);
  if (step === 'distribute') {
    const unfinished = unfinishedPushes(rt, record);
    if (unfinished.some((push) => push.state === 'running')) {
      throw new AppError('conflict', 'Pushes are still running: wait for them to end.');
    }
    if (record.steps.distribute.state === 'pending' && unfinished.length > 0) {
      throw new AppError('conflict', 'Push the new secret to the destinations first.');
    }
    if (unfinished.length > 0 && !acceptIncomplete) {
      const count = unfinished.length;
      throw new AppError(
        'conflict',
        `${count} destination${count === 1 ? " doesn't" : "s don't"} have the new secret yet: retry, set ${count === 1 ? 'it' : 'them'} by hand, or confirm to continue without ${count === 1 ? 'it' : 'them'}.`,
      );
    }
    setStep(record, 'distribute', 'done', now);
    if (record.steps.verify.state === 'pending') setStep(record, 'verify', 'running', now);
  } else if (step === 'verify') {
    setStep(record, 'verify', 'done', now);
  } else {
    throw new AppError(
      'conflict',
      step === 'create'
        ? 'The new key does not exist yet.'
        : step === 'retire'
          ? record.kind === 'external'
            ? "Confirm the old key revoked in the provider's dashboard."
            : 'Choose how the old key goes: revoke it now, or let the overlap end.'
          : 'This rotation has no step left.',
    );
  }
  completeIfDone(record, now);
}

/** Why `retry` has nothing to do, and what to do instead. */
export function nothingToRetry(record: RotationRecord): string {
  if (record.steps.create.state === 'needs_attention') return 'Issue a new key to replace the orphaned one.';
  if (record.kind === 'external' && currentStep(record) === 'create') return 'Paste the new secret again.';
  return 'Nothing in this rotation failed: go on with the current step.';
}
