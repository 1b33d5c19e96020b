/**
 * Every watched key's reminder outlook at a moment (see `ReminderOutlook`), for the pass that runs
 * after every key change, over possibly ten thousand keys. A key watched is one that is not revoked
 * and not replaced by its rotation's successor (see WatchedKeyRepository).
 *
 * The keys are the key cache's typed keys, already in memory (no row read, no JSON parsed), and the
 * external keys, which are few and read afresh. Nothing is worked out twice: a workspace whose keys
 * are the same array as last time (the cache keeps it until they change), under the same name,
 * thresholds and rotation policies, keeps its outlook while `now` stays in its span; when a few of
 * its keys change, only they are looked at (see `cachedKeyChanges` and `amendOutlook`); and a key
 * keeps its own outlook while it is the same object.
 */
import type { ApiKey } from '../../../shared/api/index.ts';
import type { ExternalKeyRecord, ExternalKeyRepository } from '../store/external-key-repository.ts';
import { cachedKeyChanges, type CachedKeys, type KeyCacheRepository } from '../store/key-cache-repository.ts';
import type { ReminderRepository } from '../store/reminder-repository.ts';
import type { ReminderKeyRecord, WatchedKeyRepository } from '../store/watched-key-repository.ts';
import { EXTERNAL_WORKSPACE_ID, type WorkspaceRepository } from '../store/workspace-repository.ts';
import { amendOutlook, combineOutlooks, keyOutlook, outlookHolds, type ReminderOutlook } from './reminder-plan.ts';

const NONE: ReadonlySet<string> = new Set();

/** Past this many keys changed at once, a workspace is worked out again as a whole. */
const MAX_AMENDED_KEYS = 64;

export interface ReminderOutlooksDeps {
  cache: KeyCacheRepository;
  externalKeys: ExternalKeyRepository;
  workspaces: WorkspaceRepository;
  /** The rotation policies. */
  repository: ReminderRepository;
  /** Which keys a rotation here replaced. */
  watchedKeys: WatchedKeyRepository;
}

/** What a workspace's outlooks are worked out from, besides its keys and the moment. */
interface Inputs {
  workspaceName: string;
  thresholds: readonly number[];
}

interface WorkspaceOutlook {
  /** The keys it was worked out from. */
  keys: CachedKeys;
  inputs: Inputs;
  /** The ids of its keys that rotations here replaced, sorted and joined. */
  replaced: string;
  policiesVersion: number;
  outlook: ReminderOutlook;
}

interface KeyOutlook {
  inputs: Inputs;
  rotateEveryDays: number | null;
  outlook: ReminderOutlook;
}

export class ReminderOutlooks {
  readonly #deps: ReminderOutlooksDeps;
  readonly #workspaces = new Map<string, WorkspaceOutlook>();
  /** Each key's outlook, by the key object the cache holds (a changed key is a new object). */
  readonly #keys = new WeakMap<Readonly<ApiKey>, KeyOutlook>();
  /** Each workspace's inputs, the same object while they stay the same, so they are compared at a glance. */
  readonly #inputs = new Map<string, Inputs>();
  #external: { signature: string; outlook: ReminderOutlook } | null = null;
  #combined: { parts: ReminderOutlook[]; outlook: ReminderOutlook } | null = null;
  /** Moves on whenever a rotation policy is set, so no outlook is trusted past it. */
  #policiesVersion = 0;

  constructor(deps: ReminderOutlooksDeps) {
    this.#deps = deps;
  }

  /** A rotation policy was set or removed. */
  policiesChanged(): void {
    this.#policiesVersion++;
  }

  /** Every watched key (cached and not revoked, or external) at `now`, with each workspace's thresholds. */
  at(now: number, thresholdsOf: (workspaceId: string) => readonly number[]): ReminderOutlook {
    const names = new Map(this.#deps.workspaces.list().map((workspace) => [workspace.id, workspace.name]));
    const inputsOf = (workspaceId: string) =>
      this.#inputsOf(workspaceId, names.get(workspaceId) ?? '', thresholdsOf(workspaceId));
    const replaced = this.#deps.watchedKeys.replacedHere();
    const parts: ReminderOutlook[] = [];
    const cached = this.#deps.cache.byWorkspace();
    for (const [workspaceId, keys] of cached) {
      const replacedIds = replaced.cached.get(workspaceId) ?? NONE;
      parts.push(this.#workspaceAt(workspaceId, keys, inputsOf(workspaceId), replacedIds, now));
    }
    for (const workspaceId of this.#workspaces.keys()) {
      if (!cached.has(workspaceId)) this.#workspaces.delete(workspaceId);
    }
    const externalKeys = this.#deps.externalKeys.list().filter((key) => !replaced.external.has(key.id));
    const external = this.#externalAt(externalKeys, inputsOf(EXTERNAL_WORKSPACE_ID), now);
    if (external) parts.push(external);

    const combined = this.#combined;
    if (combined?.parts.length === parts.length && combined.parts.every((part, index) => part === parts[index])) {
      return combined.outlook;
    }
    this.#combined = { parts, outlook: combineOutlooks(parts) };
    return this.#combined.outlook;
  }

  #workspaceAt(
    workspaceId: string,
    keys: CachedKeys,
    inputs: Inputs,
    replacedIds: ReadonlySet<string>,
    now: number,
  ): ReminderOutlook {
    const replaced = [...replacedIds].sort().join();
    const known = this.#workspaces.get(workspaceId);
    const current =
      known?.inputs === inputs &&
      known.replaced === replaced &&
      known.policiesVersion === this.#policiesVersion &&
      outlookHolds(known.outlook, now)
        ? known
        : null;
    if (current?.keys === keys) return current.outlook;

    // A workspace's policies are read only when some of its keys are looked at again.
    let policies: ReadonlyMap<string, number> | null = null;
    const keyAt = (key: Readonly<ApiKey>) =>
      this.#keyAt(workspaceId, key, inputs, (policies ??= this.#deps.repository.rotationPoliciesIn(workspaceId)), now);
    // A revoked key is past reminding; a replaced one's successor reminds instead.
    const watched = (key: Readonly<ApiKey>) =>
      key.revokedAt === null && key.rotatedToId === null && !replacedIds.has(key.id);

    const changes = current ? cachedKeyChanges(current.keys, keys, MAX_AMENDED_KEYS) : null;
    const outlook =
      current && changes
        ? amendOutlook(current.outlook, this.#listedKeyIds(changes.left), changes.came.filter(watched).map(keyAt))
        : combineOutlooks(keys.filter(watched).map(keyAt));
    this.#workspaces.set(workspaceId, { keys, inputs, replaced, policiesVersion: this.#policiesVersion, outlook });
    return outlook;
  }

  #keyAt(
    workspaceId: string,
    key: Readonly<ApiKey>,
    inputs: Inputs,
    policies: ReadonlyMap<string, number>,
    now: number,
  ): ReminderOutlook {
    const rotateEveryDays = policies.get(key.id) ?? null;
    const known = this.#keys.get(key);
    if (known?.inputs === inputs && known.rotateEveryDays === rotateEveryDays && outlookHolds(known.outlook, now)) {
      return known.outlook;
    }
    const record: ReminderKeyRecord = {
      workspaceId,
      workspaceName: inputs.workspaceName,
      keyId: key.id,
      keyName: key.name,
      createdAt: key.createdAt,
      expiresAt: key.expiresAt,
      rotateEveryDays,
    };
    const outlook = keyOutlook(record, inputs.thresholds, now);
    this.#keys.set(key, { inputs, rotateEveryDays, outlook });
    return outlook;
  }

  /** The ids of those keys that have entries in their workspace's outlook (most keys need nothing yet). */
  #listedKeyIds(keys: readonly Readonly<ApiKey>[]): Set<string> {
    const listed = new Set<string>();
    for (const key of keys) {
      const known = this.#keys.get(key)?.outlook;
      if (!known || known.crossed.length > 0 || known.attention.length > 0) listed.add(key.id);
    }
    return listed;
  }

  /** The external keys' outlook, the same object while they, their policies and `now`'s span stay the same. */
  #externalAt(keys: ExternalKeyRecord[], inputs: Inputs, now: number): ReminderOutlook | null {
    if (keys.length === 0) return null;
    const policies = this.#deps.repository.rotationPoliciesIn(EXTERNAL_WORKSPACE_ID);
    const records = keys.map((key): ReminderKeyRecord => ({
      workspaceId: EXTERNAL_WORKSPACE_ID,
      workspaceName: inputs.workspaceName,
      keyId: key.id,
      keyName: key.name,
      createdAt: key.createdAt,
      expiresAt: key.expiresAt,
      rotateEveryDays: policies.get(key.id) ?? null,
    }));
    const signature = JSON.stringify([records, inputs.thresholds]);
    const known = this.#external;
    if (known?.signature === signature && outlookHolds(known.outlook, now)) return known.outlook;
    const outlook = combineOutlooks(records.map((record) => keyOutlook(record, inputs.thresholds, now)));
    this.#external = { signature, outlook };
    return outlook;
  }

  #inputsOf(workspaceId: string, workspaceName: string, thresholds: readonly number[]): Inputs {
    const known = this.#inputs.get(workspaceId);
    if (
      known?.workspaceName === workspaceName &&
      known.thresholds.length === thresholds.length &&
      known.thresholds.every((days, index) => days === thresholds[index])
    ) {
      return known;
    }
    const inputs = { workspaceName, thresholds };
    this.#inputs.set(workspaceId, inputs);
    return inputs;
  }
}
