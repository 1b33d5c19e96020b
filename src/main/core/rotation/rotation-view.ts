/**
 * A saved rotation as the wizard shows it, with the sentences that say what will happen next: when
 * the old key stops working, and what stays as it is if the admin cancels now.
 */
import type { RetireHow, RotationView } from '../../../shared/ipc/rotations.ts';
import type { RotationPush, RotationRecord } from '../store/rotation-repository.ts';
import { currentStep, sentenceDate } from './rotation-steps.ts';

export interface ViewContext {
  /** The external key's provider ("Stripe"), for the checklist's sentences. */
  provider: string | null;
  /** The service made a successor whose secret is only in this process's memory (keychain refused it). */
  secretHeldInMemory: boolean;
}

export function rotationView(record: RotationRecord, pushes: RotationPush[], context: ViewContext): RotationView {
  return {
    id: record.id,
    workspaceId: record.workspaceId,
    keyId: record.keyId,
    keyName: record.keyName,
    keyLabel: record.keyLabel,
    successor: record.successorKeyId === null ? null : { keyId: record.successorKeyId, label: record.successorLabel },
    kind: record.kind,
    mode: record.mode,
    status: record.status,
    step: currentStep(record),
    steps: structuredClone(record.steps),
    overlapSeconds: record.overlapSeconds,
    overlapEndsAt: record.overlapEndsAt,
    orphanKeyId: record.orphanKeyId,
    targets: pushes,
    verify: { ...record.verify },
    retire: {
      how: record.retireHow,
      options: retireOptions(record),
      oldKeyStopsAt: record.oldKeyStopsAt,
      plan: retirePlan(record, context),
    },
    auditSince: record.auditSince,
    cancelNote: cancelNote(record, pushes, context),
    startedAt: record.startedAt,
    updatedAt: record.updatedAt,
    finishedAt: record.finishedAt,
  };
}

function retireOptions(record: RotationRecord): RetireHow[] {
  if (record.status !== 'in_progress' || record.successorKeyId === null) return [];
  if (record.steps.retire.state === 'done') return [];
  if (record.kind === 'external') return ['revoked_at_provider'];
  // Waiting for the overlap to end: revoking now is still possible.
  return record.retireHow === 'overlap_ends' ? ['revoke_now'] : ['revoke_now', 'overlap_ends'];
}

function retirePlan(record: RotationRecord, context: ViewContext): string {
  const provider = context.provider ?? 'the provider';
  const stops = record.oldKeyStopsAt === null ? null : sentenceDate(record.oldKeyStopsAt);
  switch (record.retireHow) {
    case 'revoked_with_rotation':
      return 'The old key was revoked when the new one was made (no overlap), and its secret left the vault.';
    case 'revoke_now':
      return record.steps.retire.state === 'done'
        ? `The old key was revoked on ${stops} and its secret left the vault.`
        : 'The old key is being revoked now.';
    case 'overlap_ends':
      return record.steps.retire.state === 'done'
        ? `The overlap ended on ${stops}: the old key stopped working and its secret left the vault.`
        : `The old key stops working when the overlap ends, on ${stops}; Keywarden then removes its secret from the vault. You can still revoke it sooner.`;
    case 'revoked_at_provider':
      return `You confirmed the old key revoked at ${provider}; its secret left the vault.`;
    case null:
      break;
  }
  if (record.kind === 'external') {
    return `Revoke the old key in ${provider}'s dashboard, then confirm here: Keywarden removes its secret from the vault only after that.`;
  }
  if (stops === null) return 'Once the new key exists, the old one stops working when the overlap ends.';
  return `The old key stops working by itself on ${stops}, when the overlap ends; or revoke it now, once nothing uses it.`;
}

function cancelNote(record: RotationRecord, pushes: RotationPush[], context: ViewContext): string {
  if (record.status !== 'in_progress') return 'This rotation is over; there is nothing to cancel.';
  if (record.successorKeyId === null) {
    if (context.secretHeldInMemory) {
      return (
        "The service already made the new key, but its secret isn't in your keychain yet: cancelling loses it for good. " +
        'Unlock the keychain and retry instead.'
      );
    }
    if (record.orphanKeyId !== null) {
      return 'The new key the service made stays as it is, without a secret anyone holds; the old key is unchanged by cancelling.';
    }
    return 'Nothing has changed yet: the key stays exactly as it is.';
  }
  const pushed = pushes.filter((push) => push.state === 'done').length;
  const where =
    pushes.length === 0
      ? ''
      : `, and in the ${pushed} of ${pushes.length} destination${pushes.length === 1 ? '' : 's'} that already have it`;
  if (record.kind === 'external') {
    return `The new key stays in your vault${where}, next to the old one; nothing changes at ${context.provider ?? 'the provider'}.`;
  }
  const old =
    record.retireHow === 'revoked_with_rotation'
      ? 'The old key was already revoked when the new one was made.'
      : record.steps.retire.state === 'done'
        ? 'The old key is already retired.'
        : `The old key still stops working on ${record.oldKeyStopsAt === null ? 'the overlap’s end' : sentenceDate(record.oldKeyStopsAt)}: the service scheduled that with the new key, and cancelling doesn't change it.`;
  return `The new key stays in your vault${where}. ${old}`;
}
