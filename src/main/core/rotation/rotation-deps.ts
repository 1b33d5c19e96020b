/** What the rotation steps need from the rest of the core, and what they share while one runs. */
import type { ApiKey } from '../../../shared/api/index.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { PushOutcome, SecretTargetKind, SecretTargetOwner } from '../../../shared/secret-targets.ts';
import type { CoreEvents } from '../events.ts';
import type { ExternalKeyService } from '../external/external-key-service.ts';
import type { KeyService } from '../keys/key-service.ts';
import type { SecretStore } from '../ports.ts';
import type { DueJobQueue } from '../scheduling/due-jobs.ts';
import type { ExternalKeyRepository } from '../store/external-key-repository.ts';
import type { RotationPush, RotationRecord, RotationRepository } from '../store/rotation-repository.ts';
import type { VaultEntryRepository } from '../store/vault-entry-repository.ts';
import type { WorkspaceService } from '../workspaces/workspace-service.ts';

/** A key's destinations, as the secret-manager service keeps and pushes to them. */
export interface RotationTargets {
  list(owner: SecretTargetOwner): Array<{ targetId: string; kind: SecretTargetKind | null; label: string }>;
  /** Pushes the secret and records it in the key's history; never throws for a failed push. */
  push(targetId: string, secret: string): Promise<{ outcome: PushOutcome; message: string; exitCode: number | null }>;
  /** The successor takes over its predecessor's destinations (and their history stays where it was). */
  moveToKey(from: SecretTargetOwner, to: SecretTargetOwner): void;
}

export interface RotationDeps {
  repository: RotationRepository;
  workspaces: WorkspaceService;
  keys: KeyService;
  externalKeys: ExternalKeyService;
  externalKeyRecords: ExternalKeyRepository;
  vaultEntries: VaultEntryRepository;
  secrets: SecretStore;
  targets: RotationTargets;
  clock: Clock;
  events: CoreEvents;
  queue: DueJobQueue;
  /** Called when a key's secret left the vault or a key changed outside KeyService (tray, counts). */
  onKeysChanged: () => void;
  onBackgroundError: (error: unknown) => void;
  /** An early revoke needs confirming while the old key was used this recently (default 15). */
  inUseWindowMinutes?: number;
}

/**
 * A successor the service made whose secret the keychain refused: held in this process's memory
 * only, so a retry can still save it. Lost if the app quits, which resuming then says plainly.
 */
export interface HeldSuccessor {
  successor: ApiKey;
  old: ApiKey;
  secret: string;
}

/** What the steps share (see RotationLedger): the clock, turns, and one way to save and announce. */
export interface RotationRuntime {
  deps: RotationDeps;
  now(): Date;
  /** The saved rotation, or `not_found`. */
  load(rotationId: string): RotationRecord;
  /** Runs after the rotation's earlier actions have ended: one rotation's actions take turns. */
  turn<T>(rotationId: string, run: () => T | Promise<T>): Promise<T>;
  /** Persists the record (stamping updatedAt) and sends `rotations:changed`. */
  save(record: RotationRecord): void;
  /** Persists one destination's push state. */
  savePush(rotationId: string, push: RotationPush): void;
  /** Sends `rotations:changed` with the saved state (after a push's row changed). */
  announce(rotationId: string): void;
  held: Map<string, HeldSuccessor>;
  inUseWindowMinutes: number;
}
