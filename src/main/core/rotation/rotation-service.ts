/**
 * Rotations: create the successor, push it to every destination, watch traffic move, retire the
 * old key. One rotation's actions run one at a time (pushes run side by side, outside that turn),
 * every change is saved before it is announced as `rotations:changed`, and at start each unfinished
 * rotation picks up where it stopped. The steps themselves live in the files next to this one.
 */
import type { KeyUses } from '../../../shared/api/index.ts';
import type { RetireHow, RotationTraffic, RotationView, StartRotationInput } from '../../../shared/ipc/rotations.ts';
import { AppError } from '../errors.ts';
import type { RotationRecord } from '../store/rotation-repository.ts';
import { createManagedSuccessor } from './create-step.ts';
import {
  beginDistribution,
  finishDistribution,
  idlePush,
  INTERRUPTED_PUSH_MESSAGE,
  markDoneByHand,
  settleDistribution,
} from './distribute-step.ts';
import { provideExternalSecret, recoverExternalCreate } from './external-create.ts';
import { confirmRevokedAtProvider, finishOverlap, letOverlapEnd, overlapEnded, revokeOldNow } from './retire-step.ts';
import type { RotationDeps } from './rotation-deps.ts';
import { RotationLedger } from './rotation-ledger.ts';
import { continueRotation, newRotation, nothingToRetry } from './rotation-records.ts';
import { assertInProgress, currentStep } from './rotation-steps.ts';
import { oldKeyUses, rotationTraffic } from './traffic.ts';

const OVERLAP_RETRY_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export class RotationService {
  readonly #deps: RotationDeps;
  readonly #rt: RotationLedger;

  constructor(deps: RotationDeps) {
    this.#deps = deps;
    this.#rt = new RotationLedger(deps);
  }

  /**
   * At start: a push that was running when the app stopped becomes `unknown`, and every unfinished
   * rotation continues where it was (a create on the wire is looked up at the service, an overlap
   * end is watched again, the leaked-key path goes on by itself).
   */
  resume(): Promise<void> {
    this.#deps.repository.markInterruptedPushes(INTERRUPTED_PUSH_MESSAGE, this.#rt.now().toISOString());
    const resumed = this.#deps.repository.inProgress().map(async (record) => {
      await this.#rt.turn(record.id, async () => {
        const fresh = this.#rt.load(record.id);
        if (fresh.steps.create.state === 'running' || secretWasHeld(fresh)) {
          if (fresh.kind === 'managed') await createManagedSuccessor(this.#rt, fresh);
          else recoverExternalCreate(this.#rt, fresh);
        }
        if (fresh.steps.distribute.state === 'running') {
          settleDistribution(this.#rt, fresh);
          this.#rt.save(fresh);
        }
        this.#watchOverlapIfOpen(fresh);
      });
      await this.#continueLeaked(record.id);
    });
    return Promise.allSettled(resumed).then((results) => {
      for (const result of results) if (result.status === 'rejected') this.#deps.onBackgroundError(result.reason);
    });
  }

  isRotationInProgress(workspaceId: string, keyId: string): boolean {
    return this.#rt.isBusy(workspaceId, keyId);
  }

  /** Called when a key starts or stops being rotated (reminders say "rotation in progress"). */
  onChange(listener: () => void): () => void {
    return this.#rt.onChange(listener);
  }

  list(filter: { workspaceId?: string; keyId?: string; includeFinished?: boolean } = {}): RotationView[] {
    const { repository } = this.#deps;
    const records = filter.includeFinished ? repository.recent(200) : repository.inProgress();
    return records
      .filter((record) => filter.workspaceId === undefined || record.workspaceId === filter.workspaceId)
      .filter((record) => filter.keyId === undefined || [record.keyId, record.successorKeyId].includes(filter.keyId))
      .map((record) => this.#rt.view(record));
  }

  get(rotationId: string): RotationView {
    return this.#rt.view(this.#rt.load(rotationId));
  }

  async start(input: StartRotationInput): Promise<RotationView> {
    const workspace = this.#deps.workspaces.get(input.workspaceId);
    if (this.isRotationInProgress(workspace.id, input.keyId)) {
      throw new AppError('conflict', 'This key is already being rotated: open that rotation to go on with it.');
    }
    const record = await newRotation(this.#rt, workspace, input);
    try {
      this.#rt.save(record);
    } catch (error) {
      // Two starts at once: the vault keeps one rotation per key.
      if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      throw new AppError('conflict', 'This key is already being rotated: open that rotation to go on with it.');
    }
    if (record.kind === 'managed') {
      await this.#rt.turn(record.id, async () => {
        const fresh = this.#rt.load(record.id);
        await createManagedSuccessor(this.#rt, fresh);
        this.#watchOverlapIfOpen(fresh);
      });
      this.#background(this.#continueLeaked(record.id));
    }
    return this.get(record.id);
  }

  provideSecret(rotationId: string, secret: string, expiresAt?: string): Promise<RotationView> {
    return this.#act(rotationId, async (record) => {
      if (record.kind !== 'external') {
        throw new AppError(
          'invalid_input',
          'Keywarden makes the new secret for keys it manages; there is nothing to paste.',
        );
      }
      await provideExternalSecret(this.#rt, record, secret, expiresAt);
    });
  }

  /** Pushes to every destination still waiting or failed (and `unknown` ones only when asked). */
  async distribute(rotationId: string, options: { includeUnknown?: boolean } = {}): Promise<RotationView> {
    const started = await this.#rt.turn(rotationId, () =>
      beginDistribution(
        this.#rt,
        this.#rt.load(rotationId),
        (push) =>
          push.state === 'waiting' ||
          push.state === 'failed' ||
          (options.includeUnknown === true && push.state === 'unknown'),
      ),
    );
    if (started) await finishDistribution(this.#rt, rotationId, started);
    return this.get(rotationId);
  }

  /** Pushes to one destination again, whatever its state (but not while its push runs). */
  async retryTarget(rotationId: string, targetId: string): Promise<RotationView> {
    const started = await this.#rt.turn(rotationId, () => {
      const record = this.#rt.load(rotationId);
      idlePush(this.#rt, rotationId, targetId);
      return beginDistribution(this.#rt, record, (candidate) => candidate.targetId === targetId);
    });
    if (started) await finishDistribution(this.#rt, rotationId, started);
    return this.get(rotationId);
  }

  /** The admin set the secret there by hand (with the copied command): counts as done. */
  markTargetDone(rotationId: string, targetId: string): Promise<RotationView> {
    return this.#act(rotationId, async (record) => markDoneByHand(this.#rt, record, targetId));
  }

  /** Leaves the distribute step (all pushed, or without some when accepted) or the verify step. */
  continue(rotationId: string, options: { acceptIncomplete?: boolean } = {}): Promise<RotationView> {
    return this.#act(rotationId, async (record) =>
      continueRotation(this.#rt, record, options.acceptIncomplete === true),
    );
  }

  traffic(rotationId: string, minutes = 60): Promise<RotationTraffic> {
    return this.#rt.turn(rotationId, () => rotationTraffic(this.#rt, this.#rt.load(rotationId), minutes));
  }

  retire(
    rotationId: string,
    how: Exclude<RetireHow, 'revoked_with_rotation'>,
    confirmInUse = false,
  ): Promise<RotationView> {
    return this.#act(rotationId, async (record) => {
      if (how === 'revoke_now') {
        await revokeOldNow(this.#rt, record, confirmInUse);
        if (record.steps.retire.state === 'done') this.#deps.queue.cancel(overlapJobId(record.id));
      } else if (how === 'overlap_ends') {
        letOverlapEnd(this.#rt, record);
        this.#watchOverlap(record);
      } else {
        await confirmRevokedAtProvider(this.#rt, record);
      }
    });
  }

  /** Retries the step that failed. */
  async retry(rotationId: string): Promise<RotationView> {
    const record = this.#rt.load(rotationId);
    assertInProgress(record);
    const step = currentStep(record);
    if (step === 'distribute') return this.distribute(rotationId);
    return this.#act(rotationId, async (fresh) => {
      if (step === 'create' && fresh.kind === 'managed' && fresh.steps.create.state !== 'needs_attention') {
        await createManagedSuccessor(this.#rt, fresh);
      } else if (step === 'verify') {
        await rotationTraffic(this.#rt, fresh, 5);
      } else if (step === 'retire' && fresh.retireHow === 'revoke_now') {
        await revokeOldNow(this.#rt, fresh, false);
      } else if (step === 'retire' && fresh.retireHow === 'overlap_ends' && fresh.steps.retire.problem !== null) {
        if (!(await finishOverlap(this.#rt, fresh))) this.#watchOverlap(fresh, OVERLAP_RETRY_MS);
      } else {
        throw new AppError('conflict', nothingToRetry(fresh));
      }
    });
  }

  /** Replaces an orphaned successor (one whose secret never reached the vault) with a new one. */
  reissue(rotationId: string): Promise<RotationView> {
    return this.#act(rotationId, async (record) => {
      if (record.steps.create.state !== 'needs_attention' || record.orphanKeyId === null) {
        throw new AppError('conflict', 'There is no orphaned new key to replace in this rotation.');
      }
      await createManagedSuccessor(this.#rt, record, { reissue: true });
      this.#background(this.#continueLeaked(rotationId));
    });
  }

  cancel(rotationId: string): Promise<RotationView> {
    return this.#act(rotationId, async (record) => {
      if (record.steps.create.state === 'running') {
        throw new AppError('conflict', 'The new key is being made right now: wait for that, then cancel.');
      }
      if (this.#deps.repository.pushes(rotationId).some((push) => push.state === 'running')) {
        throw new AppError('conflict', 'Pushes are running: wait for them to end, then cancel.');
      }
      record.status = 'cancelled';
      record.finishedAt = this.#rt.now().toISOString();
      this.#rt.held.delete(rotationId);
      this.#deps.queue.cancel(overlapJobId(rotationId));
    });
  }

  /** The old key's requests since a time (default: the time the leaked-key path chose). */
  oldKeyUses(rotationId: string, since?: string): Promise<KeyUses> {
    const record = this.#rt.load(rotationId);
    const from = since ?? record.auditSince ?? new Date(Date.parse(record.startedAt) - DAY_MS).toISOString();
    return oldKeyUses(this.#rt, record, from);
  }

  dispose(): void {
    this.#rt.dispose();
  }

  // ---------------------------------------------------------------- internals

  /** Runs an action on a loaded rotation in its turn, saves it, and answers with its view. */
  async #act(rotationId: string, action: (record: RotationRecord) => Promise<void>): Promise<RotationView> {
    await this.#rt.turn(rotationId, async () => {
      const record = this.#rt.load(rotationId);
      assertInProgress(record);
      await action(record);
      this.#rt.save(record);
      this.#watchOverlapIfOpen(record);
    });
    return this.get(rotationId);
  }

  /** The leaked-key path goes on by itself, but never past a push it can't vouch for. */
  async #continueLeaked(rotationId: string): Promise<void> {
    const record = this.#deps.repository.find(rotationId);
    if (!record || record.mode !== 'leaked' || record.status !== 'in_progress') return;
    if (record.steps.create.state === 'done' && record.steps.distribute.state === 'pending') {
      await this.distribute(rotationId);
    }
  }

  /**
   * The old key stops at the overlap's end whether or not anyone chose how it goes, so a rotation
   * left at the verify step is finished then rather than showing "in progress" forever.
   */
  #watchOverlapIfOpen(record: RotationRecord): void {
    const open = record.retireHow === null || record.retireHow === 'overlap_ends';
    if (record.status === 'in_progress' && record.kind === 'managed' && open && record.steps.retire.state !== 'done') {
      this.#watchOverlap(record);
    }
  }

  #watchOverlap(record: RotationRecord, delayMs = 0): void {
    if (record.oldKeyStopsAt === null) return;
    const dueAt = new Date(Math.max(Date.parse(record.oldKeyStopsAt), this.#rt.now().getTime() + delayMs));
    this.#deps.queue.schedule({
      id: overlapJobId(record.id),
      dueAt,
      run: () =>
        this.#rt.turn(record.id, async () => {
          const fresh = this.#rt.load(record.id);
          if (fresh.status !== 'in_progress' || !overlapEnded(this.#rt, fresh)) return;
          if (!(await finishOverlap(this.#rt, fresh))) {
            this.#watchOverlap(fresh, OVERLAP_RETRY_MS);
          }
        }),
    });
  }

  #background(work: Promise<unknown>): void {
    work.catch((error: unknown) => this.#deps.onBackgroundError(error));
  }
}

function overlapJobId(rotationId: string): string {
  return `rotation:${rotationId}:overlap-end`;
}

/** A successor's secret held in memory when the app stopped is gone: look at the service again. */
function secretWasHeld(record: RotationRecord): boolean {
  return record.kind === 'managed' && record.steps.create.problem?.code === 'keychain_unavailable';
}
