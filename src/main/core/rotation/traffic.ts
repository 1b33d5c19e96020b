/**
 * Step 3: traffic from the service while both keys live. Per-minute counts for the old key and the
 * new one (the wizard's small chart), the new key's first use, and the old key's last use with its
 * masked IP, which also decides whether revoking early needs the admin's confirmation.
 */
import type { ApiKey, KeyUses } from '../../../shared/api/index.ts';
import type { RotationTraffic } from '../../../shared/ipc/rotations.ts';
import { AppError } from '../errors.ts';
import type { RotationRecord } from '../store/rotation-repository.ts';
import type { RotationRuntime } from './rotation-deps.ts';
import { minutesAgo, problemFrom, setStep, shownIp } from './rotation-steps.ts';

const MINUTE_MS = 60_000;

export async function rotationTraffic(
  rt: RotationRuntime,
  record: RotationRecord,
  minutes: number,
): Promise<RotationTraffic> {
  const successorId = managedSuccessor(record);
  const now = rt.now();
  const from = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS - (minutes - 1) * MINUTE_MS;
  const since = new Date(from).toISOString();
  const { keys, workspaces } = rt.deps;
  let oldUses: KeyUses;
  let newUses: KeyUses;
  let old: ApiKey;
  let firstUse = record.verify.newKeyFirstUseAt;
  try {
    const workspace = workspaces.get(record.workspaceId);
    [oldUses, newUses, old] = await Promise.all([
      keys.uses(workspace, record.keyId, since),
      keys.uses(workspace, successorId, since),
      keys.fetch(workspace, record.keyId),
    ]);
    if (firstUse === null) {
      // Newest first: the last row since the successor was made is its first use (or near it, if cut).
      const created = record.steps.create.at ?? record.startedAt;
      firstUse = (await keys.uses(workspace, successorId, created)).uses.at(-1)?.at ?? null;
    }
  } catch (error) {
    if (record.steps.verify.state === 'running') {
      setStep(record, 'verify', 'running', rt.now(), problemFrom(error));
      rt.save(record);
    }
    throw error;
  }

  const verify = {
    newKeyFirstUseAt: firstUse,
    oldKeyLastUseAt: old.lastUsedAt,
    oldKeyLastUseIp: old.lastUsedIp,
    checkedAt: now.toISOString(),
  };
  // Saved (and announced) when what the wizard shows changed, not on every poll.
  const seen = record.verify;
  const changed =
    seen.newKeyFirstUseAt !== verify.newKeyFirstUseAt ||
    seen.oldKeyLastUseAt !== verify.oldKeyLastUseAt ||
    seen.oldKeyLastUseIp !== verify.oldKeyLastUseIp;
  record.verify = verify;
  const recovered = record.steps.verify.state === 'running' && record.steps.verify.problem !== null;
  if (recovered) setStep(record, 'verify', 'running', now);
  if (changed || recovered) rt.save(record);

  const buckets = Array.from({ length: minutes }, (_, index) => ({
    at: new Date(from + index * MINUTE_MS).toISOString(),
    oldKey: 0,
    newKey: 0,
  }));
  const count = (uses: KeyUses, side: 'oldKey' | 'newKey') => {
    for (const use of uses.uses) {
      const bucket = buckets[Math.floor((Date.parse(use.at) - from) / MINUTE_MS)];
      if (bucket) bucket[side] += use.requests;
    }
  };
  count(oldUses, 'oldKey');
  count(newUses, 'newKey');
  return {
    rotationId: record.id,
    minutes: buckets,
    newKeyFirstUseAt: verify.newKeyFirstUseAt,
    oldKeyLastUseAt: verify.oldKeyLastUseAt,
    oldKeyLastUseIp: verify.oldKeyLastUseIp,
    summary: inUseSentence(old, now, rt.inUseWindowMinutes) ?? notInUseSentence(old, rt.inUseWindowMinutes),
    checkedAt: verify.checkedAt,
  };
}

/** "Still in use by 203.0.113.x, 4 minutes ago" when the key was used within the window; else null. */
export function inUseSentence(key: ApiKey, now: Date, windowMinutes: number): string | null {
  if (key.lastUsedAt === null) return null;
  if (now.getTime() - Date.parse(key.lastUsedAt) >= windowMinutes * MINUTE_MS) return null;
  const who = key.lastUsedIp === null ? '' : ` by ${shownIp(key.lastUsedIp)}`;
  return `Still in use${who}, ${minutesAgo(key.lastUsedAt, now)}`;
}

function notInUseSentence(key: ApiKey, windowMinutes: number): string {
  return key.lastUsedAt === null
    ? 'The old key has never been used'
    : `No use of the old key in the last ${windowMinutes} minutes`;
}

/** The old key's requests since a time, for the audit of a leaked key. */
export async function oldKeyUses(rt: RotationRuntime, record: RotationRecord, since: string): Promise<KeyUses> {
  managedSuccessor(record);
  const workspace = rt.deps.workspaces.get(record.workspaceId);
  return rt.deps.keys.uses(workspace, record.keyId, since);
}

function managedSuccessor(record: RotationRecord): string {
  if (record.kind === 'external') {
    throw new AppError(
      'unsupported',
      "Keywarden can't see an external key's traffic: the provider's dashboard shows it.",
    );
  }
  if (record.successorKeyId === null) {
    throw new AppError('conflict', 'The new key does not exist yet: there is no traffic to compare.');
  }
  return record.successorKeyId;
}
