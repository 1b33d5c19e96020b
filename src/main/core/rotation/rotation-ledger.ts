/**
 * The saved rotations as the steps use them: one rotation's actions take turns, every change is
 * saved before it is announced as `rotations:changed`, and the keys being rotated are known at
 * once (reminders ask for every key on every pass). After dispose nothing is written any more:
 * whatever was under way then is exactly what a crash would have left, and start picks it up.
 */
import type { RotationView } from '../../../shared/ipc/rotations.ts';
import { AppError } from '../errors.ts';
import type { RotationPush, RotationRecord } from '../store/rotation-repository.ts';
import { entryId } from '../store/vault-entry-repository.ts';
import type { HeldSuccessor, RotationDeps, RotationRuntime } from './rotation-deps.ts';
import { endsWithOverlap } from './rotation-steps.ts';
import { rotationView } from './rotation-view.ts';

const DEFAULT_IN_USE_WINDOW_MINUTES = 15;

export class RotationLedger implements RotationRuntime {
  readonly deps: RotationDeps;
  readonly held = new Map<string, HeldSuccessor>();
  readonly inUseWindowMinutes: number;
  readonly #turns = new Map<string, Promise<unknown>>();
  readonly #listeners = new Set<() => void>();
  /**
   * Old keys and successors of rotations in progress, as `workspaceId/keyId`, each with the time
   * its rotation ends by itself (the overlap's end), when it does.
   */
  #busyKeys: Map<string, number>;
  #disposed = false;

  constructor(deps: RotationDeps) {
    this.deps = deps;
    this.inUseWindowMinutes = deps.inUseWindowMinutes ?? DEFAULT_IN_USE_WINDOW_MINUTES;
    this.#busyKeys = this.#findBusyKeys();
  }

  now(): Date {
    return this.deps.clock.now();
  }

  load(rotationId: string): RotationRecord {
    const record = this.deps.repository.find(rotationId);
    if (!record) throw new AppError('not_found', 'There is no such rotation in this vault.');
    return record;
  }

  turn<T>(rotationId: string, run: () => T | Promise<T>): Promise<T> {
    const previous = this.#turns.get(rotationId) ?? Promise.resolve();
    const next = previous.then(run);
    // A failed action doesn't block the next one.
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.#turns.set(rotationId, settled);
    void settled.then(() => {
      if (this.#turns.get(rotationId) === settled) this.#turns.delete(rotationId);
    });
    return next;
  }

  save(record: RotationRecord): void {
    if (this.#disposed) return;
    record.updatedAt = this.now().toISOString();
    this.deps.repository.save(record);
    this.deps.events.emit('rotations:changed', this.view(record));
    const busy = this.#findBusyKeys();
    const changed =
      busy.size !== this.#busyKeys.size || [...busy].some(([key, endsAt]) => this.#busyKeys.get(key) !== endsAt);
    this.#busyKeys = busy;
    if (changed) for (const listener of this.#listeners) listener();
  }

  savePush(rotationId: string, push: RotationPush): void {
    if (!this.#disposed) this.deps.repository.updatePush(rotationId, push);
  }

  announce(rotationId: string): void {
    if (this.#disposed) return;
    const record = this.deps.repository.find(rotationId);
    if (record) this.deps.events.emit('rotations:changed', this.view(record));
  }

  view(record: RotationRecord): RotationView {
    const { externalKeyRecords, repository } = this.deps;
    const external =
      record.kind === 'external'
        ? (externalKeyRecords.find(record.keyId) ?? externalKeyRecords.find(record.successorKeyId ?? ''))
        : null;
    return rotationView(record, repository.pushes(record.id), {
      provider: external?.provider ?? null,
      secretHeldInMemory: this.held.has(record.id),
    });
  }

  isBusy(workspaceId: string, keyId: string): boolean {
    // Past the overlap's end such a rotation is over, even before its due job has recorded so.
    return (this.#busyKeys.get(entryId(workspaceId, keyId)) ?? -Infinity) > this.now().getTime();
  }

  /** Called when a key starts or stops being rotated. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.#disposed = true;
    this.#listeners.clear();
  }

  #findBusyKeys(): Map<string, number> {
    const busy = new Map<string, number>();
    for (const record of this.deps.repository.inProgress()) {
      const endsAt = endsWithOverlap(record);
      const until = endsAt === null ? Infinity : Date.parse(endsAt);
      busy.set(entryId(record.workspaceId, record.keyId), until);
      if (record.successorKeyId !== null) busy.set(entryId(record.workspaceId, record.successorKeyId), until);
    }
    return busy;
  }
}
