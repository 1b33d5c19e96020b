/**
 * Step 1, external keys (no management API): the admin creates the new key in the provider's
 * dashboard and pastes it here. It is checked by the old key's preset, kept in the keychain as a
 * new external key beside the old one, and takes over the old key's destinations. The old secret
 * stays until the admin confirms the old key revoked at the provider (see retire-step.ts).
 */
import { checkExternalKey, defaultExpiryFor, findPreset } from '../../../shared/presets.ts';
import { AppError } from '../errors.ts';
import { keySecretAccount } from '../secrets/accounts.ts';
import type { RotationRecord } from '../store/rotation-repository.ts';
import { EXTERNAL_WORKSPACE_ID } from '../store/workspace-repository.ts';
import type { RotationRuntime } from './rotation-deps.ts';
import { problemFrom, setStep } from './rotation-steps.ts';

/**
 * Checks and keeps the pasted secret. A secret the preset refuses throws (the form shows why and
 * the step stays as it was); a keychain that refuses it fails the step, and pasting again retries.
 */
export async function provideExternalSecret(
  rt: RotationRuntime,
  record: RotationRecord,
  secret: string,
  expiresAt: string | undefined,
): Promise<void> {
  const state = record.steps.create.state;
  if (state !== 'pending' && state !== 'failed') {
    throw new AppError('conflict', 'The new secret is already in the vault for this rotation.');
  }
  const old = rt.deps.externalKeyRecords.find(record.keyId);
  if (old === null) throw new AppError('not_found', 'The external key being rotated is no longer in the vault.');
  const preset = old.presetId === null ? null : findPreset(old.presetId);
  const check = checkExternalKey(preset, { secret, scopeLabel: old.scopeLabel, environment: old.environment });
  if (!check.ok) throw new AppError('invalid_input', check.message);
  if (await sameAsOld(rt, record.keyId, secret)) {
    throw new AppError(
      'invalid_input',
      `This is the secret of the key you are replacing: create a new key in ${old.provider}'s dashboard and paste that one.`,
    );
  }

  setStep(record, 'create', 'running', rt.now());
  rt.save(record);
  try {
    const added = await rt.deps.externalKeys.add({
      name: old.name,
      provider: old.provider,
      scopeLabel: old.scopeLabel,
      environment: check.environment,
      secret,
      expiresAt: expiresAt ?? defaultExpiryFor(preset, rt.now()),
      ...(old.presetId === null ? {} : { presetId: old.presetId }),
    });
    adopt(rt, record, added.id, added.prefix);
  } catch (error) {
    setStep(record, 'create', 'failed', rt.now(), problemFrom(error));
  }
  rt.save(record);
}

/**
 * At start, for a paste that was being saved when the app stopped: the new external key made it
 * into the vault (then it takes over), or it didn't (then the admin pastes it again).
 */
export function recoverExternalCreate(rt: RotationRuntime, record: RotationRecord): void {
  const since = record.steps.create.at ?? record.startedAt;
  const candidates = rt.deps.externalKeyRecords
    .list()
    .filter((key) => key.id !== record.keyId && key.name === record.keyName && key.createdAt >= since);
  const [candidate] = candidates;
  if (candidates.length === 1 && candidate && rt.deps.vaultEntries.has(EXTERNAL_WORKSPACE_ID, candidate.id)) {
    adopt(rt, record, candidate.id, candidate.label);
  } else {
    setStep(record, 'create', 'failed', rt.now(), {
      code: 'secret_not_in_vault',
      message: 'Keywarden stopped before the new secret was saved: paste it again.',
    });
  }
  rt.save(record);
}

function adopt(rt: RotationRuntime, record: RotationRecord, successorId: string, label: string): void {
  rt.deps.targets.moveToKey(
    { workspaceId: EXTERNAL_WORKSPACE_ID, keyId: record.keyId },
    { workspaceId: EXTERNAL_WORKSPACE_ID, keyId: successorId },
  );
  record.successorKeyId = successorId;
  record.successorLabel = label;
  setStep(record, 'create', 'done', rt.now());
}

async function sameAsOld(rt: RotationRuntime, keyId: string, secret: string): Promise<boolean> {
  try {
    return (await rt.deps.secrets.get(keySecretAccount(EXTERNAL_WORKSPACE_ID, keyId))) === secret;
  } catch {
    return false; // A locked keychain can't tell; saving the new secret will say it is locked.
  }
}
