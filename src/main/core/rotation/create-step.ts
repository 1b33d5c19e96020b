/**
 * Step 1, managed keys: the service issues a successor and its secret goes to the keychain before
 * anything else happens. The rotation is saved as `running` before the request leaves, so an app
 * that dies with the request on the wire knows, when it starts again, that a successor may exist.
 * The service's own rotation link is the idempotency marker: a key that was rotated names its
 * successor, so a retry never asks for a second one. A successor whose secret never reached the
 * keychain is said to be orphaned, never adopted silently; `reissue` replaces it.
 */
import type { ApiKey } from '../../../shared/api/index.ts';
import { keychainUnavailable } from '../errors.ts';
import { keySecretAccount } from '../secrets/accounts.ts';
import type { RotationRecord } from '../store/rotation-repository.ts';
import type { WorkspaceRecord } from '../store/workspace-repository.ts';
import type { RotationRuntime } from './rotation-deps.ts';
import { problemFrom, sentenceDate, setStep } from './rotation-steps.ts';

/**
 * Runs (or resumes, or retries) the create step. `reissue` is the admin's yes to replacing the
 * orphaned successor the rotation names. Never throws: a failure is the step's state.
 */
export async function createManagedSuccessor(
  rt: RotationRuntime,
  record: RotationRecord,
  options: { reissue?: boolean } = {},
): Promise<void> {
  setStep(record, 'create', 'running', rt.now());
  rt.save(record);
  try {
    await rt.deps.workspaces.change(record.workspaceId, (workspace) =>
      obtainSuccessor(rt, record, workspace, options.reissue === true),
    );
  } catch (error) {
    setStep(record, 'create', 'failed', rt.now(), problemFrom(error));
  }
  rt.save(record);
}

async function obtainSuccessor(
  rt: RotationRuntime,
  record: RotationRecord,
  workspace: WorkspaceRecord,
  reissue: boolean,
): Promise<void> {
  const { keys } = rt.deps;
  const held = rt.held.get(record.id);
  if (held) return keepSuccessor(rt, record, workspace, held.successor, held.secret, held.old);

  const old = await keys.fetch(workspace, record.keyId);
  if (old.rotatedToId === null) {
    const rotated = await keys.rotate(workspace, record.keyId, record.overlapSeconds ?? 0);
    return keepSuccessor(rt, record, workspace, rotated.apiKey, rotated.secret, rotated.previous);
  }
  // Rotated already: by an attempt that stopped halfway, or by someone else. Its newest successor counts.
  const tail = await newestSuccessor(rt, workspace, old);
  if (await inKeychain(rt, workspace, tail)) return settleSuccessor(rt, record, workspace, tail, old);
  if (reissue && tail.id === record.orphanKeyId) {
    const rotated = await keys.rotate(workspace, tail.id, 0);
    return keepSuccessor(rt, record, workspace, rotated.apiKey, rotated.secret, old);
  }
  record.orphanKeyId = tail.id;
  setStep(record, 'create', 'needs_attention', rt.now(), {
    code: 'orphaned_successor',
    message:
      `The service made a new key (${tail.prefix}…) whose secret never reached this vault: Keywarden stopped, ` +
      'or the keychain refused it, before it was saved, so nobody holds that secret. Issue a new one: Keywarden ' +
      `revokes that key at once and makes another. ${oldKeySentence(old)} If another admin rotated this ` +
      'key from elsewhere, that new key may be in use there: check first.',
  });
}

/** The keychain first; only then does the rotation record the successor as created. */
async function keepSuccessor(
  rt: RotationRuntime,
  record: RotationRecord,
  workspace: WorkspaceRecord,
  successor: ApiKey,
  secret: string,
  old: ApiKey,
): Promise<void> {
  try {
    await rt.deps.secrets.set(keySecretAccount(workspace.id, successor.id), secret);
  } catch (error) {
    rt.held.set(record.id, { successor, secret, old });
    throw keychainUnavailable(
      `save the secret of the new key the service made (${successor.prefix}…) in your system keychain`,
      error,
      'Unlock the keychain and retry: until then the secret is held in memory only, and it is lost if Keywarden quits.',
    );
  }
  rt.held.delete(record.id);
  await settleSuccessor(rt, record, workspace, successor, old);
}

/** Records a successor whose secret is in the keychain; every part of it is safe to repeat. */
async function settleSuccessor(
  rt: RotationRuntime,
  record: RotationRecord,
  workspace: WorkspaceRecord,
  successor: ApiKey,
  old: ApiKey,
): Promise<void> {
  const now = rt.now();
  rt.deps.vaultEntries.add(workspace.id, successor.id, now.toISOString());
  rt.deps.targets.moveToKey(
    { workspaceId: workspace.id, keyId: record.keyId },
    { workspaceId: workspace.id, keyId: successor.id },
  );
  record.successorKeyId = successor.id;
  record.successorLabel = successor.prefix;
  record.orphanKeyId = null;
  // The service shows the overlap's end until it has passed, and the revocation time after.
  record.overlapEndsAt = old.overlapEndsAt ?? old.revokedAt;
  record.oldKeyStopsAt = record.overlapEndsAt;
  setStep(record, 'create', 'done', now);
  if (old.status === 'revoked') {
    // No overlap: the old key died with the rotation, and its secret has nothing left to open.
    record.retireHow = 'revoked_with_rotation';
    setStep(record, 'retire', 'done', now);
    await forgetSecret(rt, workspace.id, record.keyId);
  }
  // The successor's row now says its secret is in the vault.
  rt.deps.events.emit('keys:changed', { workspaceId: workspace.id });
  rt.deps.onKeysChanged();
}

/**
 * Removes a dead key's secret from the keychain; a locked keychain keeps it until the key is
 * removed. Answers null once it is gone, else the keychain's refusal.
 */
export async function forgetSecret(
  rt: RotationRuntime,
  workspaceId: string,
  keyId: string,
): Promise<{ refusal: unknown } | null> {
  try {
    await rt.deps.secrets.delete(keySecretAccount(workspaceId, keyId));
  } catch (refusal) {
    return { refusal };
  }
  rt.deps.vaultEntries.remove(workspaceId, keyId);
  rt.deps.events.emit('keys:changed', { workspaceId });
  rt.deps.onKeysChanged();
  return null;
}

async function newestSuccessor(rt: RotationRuntime, workspace: WorkspaceRecord, old: ApiKey): Promise<ApiKey> {
  let tail = old;
  const seen = new Set([old.id]);
  while (tail.rotatedToId !== null && !seen.has(tail.rotatedToId)) {
    seen.add(tail.rotatedToId);
    tail = await rt.deps.keys.fetch(workspace, tail.rotatedToId);
  }
  return tail;
}

async function inKeychain(rt: RotationRuntime, workspace: WorkspaceRecord, key: ApiKey): Promise<boolean> {
  try {
    return (await rt.deps.secrets.get(keySecretAccount(workspace.id, key.id))) !== null;
  } catch (error) {
    throw keychainUnavailable(
      `tell whether the secret of the new key the service already made (${key.prefix}…) is in your system keychain`,
      error,
      'Unlock the keychain and retry.',
    );
  }
}

function oldKeySentence(old: ApiKey): string {
  if (old.status === 'revoked') return 'The old key no longer works.';
  return old.overlapEndsAt === null
    ? 'The old key is unchanged.'
    : `The old key keeps working until ${sentenceDate(old.overlapEndsAt)}.`;
}
