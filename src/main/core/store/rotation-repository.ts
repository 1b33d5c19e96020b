/** Rotations and their pushes, as the rotation service saves them after every step. No secret here. */
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { PushOutcome, SecretTargetKind } from '../../../shared/secret-targets.ts';
import {
  RetireHow,
  RotationStepView,
  TargetPushState,
  type RotationTargetView,
} from '../../../shared/ipc/rotations.ts';

const Steps = z.object({
  create: RotationStepView,
  distribute: RotationStepView,
  verify: RotationStepView,
  retire: RotationStepView,
});
export type RotationSteps = z.infer<typeof Steps>;

const Verify = z.object({
  newKeyFirstUseAt: z.string().nullable(),
  oldKeyLastUseAt: z.string().nullable(),
  oldKeyLastUseIp: z.string().nullable(),
  checkedAt: z.string().nullable(),
});
export type RotationVerify = z.infer<typeof Verify>;

export interface RotationRecord {
  id: string;
  workspaceId: string;
  keyId: string;
  keyName: string;
  keyLabel: string | null;
  kind: 'managed' | 'external';
  mode: 'standard' | 'leaked';
  status: 'in_progress' | 'completed' | 'cancelled';
  overlapSeconds: number | null;
  overlapEndsAt: string | null;
  successorKeyId: string | null;
  successorLabel: string | null;
  orphanKeyId: string | null;
  steps: RotationSteps;
  verify: RotationVerify;
  retireHow: RetireHow | null;
  oldKeyStopsAt: string | null;
  auditSince: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export type RotationPush = RotationTargetView;

interface RotationRow {
  id: string;
  workspace_id: string;
  key_id: string;
  key_name: string;
  key_label: string | null;
  kind: RotationRecord['kind'];
  mode: RotationRecord['mode'];
  status: RotationRecord['status'];
  overlap_seconds: number | null;
  overlap_ends_at: string | null;
  successor_key_id: string | null;
  successor_label: string | null;
  orphan_key_id: string | null;
  steps: string;
  verify: string;
  retire_how: string | null;
  old_key_stops_at: string | null;
  audit_since: string | null;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
}

interface PushRow {
  rotation_id: string;
  target_id: string;
  position: number;
  kind: string | null;
  label: string;
  state: string;
  outcome: string | null;
  message: string | null;
  exit_code: number | null;
  attempts: number;
  updated_at: string | null;
}

const fromRow = (row: RotationRow): RotationRecord => ({
  id: row.id,
  workspaceId: row.workspace_id,
  keyId: row.key_id,
  keyName: row.key_name,
  keyLabel: row.key_label,
  kind: row.kind,
  mode: row.mode,
  status: row.status,
  overlapSeconds: row.overlap_seconds,
  overlapEndsAt: row.overlap_ends_at,
  successorKeyId: row.successor_key_id,
  successorLabel: row.successor_label,
  orphanKeyId: row.orphan_key_id,
  steps: Steps.parse(JSON.parse(row.steps)),
  verify: Verify.parse(JSON.parse(row.verify)),
  retireHow: row.retire_how === null ? null : RetireHow.parse(row.retire_how),
  oldKeyStopsAt: row.old_key_stops_at,
  auditSince: row.audit_since,
  startedAt: row.started_at,
  updatedAt: row.updated_at,
  finishedAt: row.finished_at,
});

const toRow = (record: RotationRecord): RotationRow => ({
  id: record.id,
  workspace_id: record.workspaceId,
  key_id: record.keyId,
  key_name: record.keyName,
  key_label: record.keyLabel,
  kind: record.kind,
  mode: record.mode,
  status: record.status,
  overlap_seconds: record.overlapSeconds,
  overlap_ends_at: record.overlapEndsAt,
  successor_key_id: record.successorKeyId,
  successor_label: record.successorLabel,
  orphan_key_id: record.orphanKeyId,
  steps: JSON.stringify(Steps.parse(record.steps)),
  verify: JSON.stringify(record.verify),
  retire_how: record.retireHow,
  old_key_stops_at: record.oldKeyStopsAt,
  audit_since: record.auditSince,
  started_at: record.startedAt,
  updated_at: record.updatedAt,
  finished_at: record.finishedAt,
});

const Outcome = z.union([PushOutcome, z.literal('manual')]);

const fromPushRow = (row: PushRow): RotationPush => ({
  targetId: row.target_id,
  kind: readKind(row.kind),
  label: row.label,
  state: TargetPushState.parse(row.state),
  outcome: row.outcome === null ? null : Outcome.parse(row.outcome),
  message: row.message,
  exitCode: row.exit_code,
  attempts: row.attempts,
  updatedAt: row.updated_at,
});

/** A kind this version doesn't know (a newer vault) shows as null rather than failing the whole list. */
function readKind(kind: string | null): SecretTargetKind | null {
  const parsed = SecretTargetKind.safeParse(kind);
  return parsed.success ? parsed.data : null;
}

export class RotationRepository {
  readonly #save: Statement<[RotationRow]>;
  readonly #byId: Statement<[string], RotationRow>;
  readonly #inProgress: Statement<[], RotationRow>;
  readonly #recent: Statement<[number], RotationRow>;
  readonly #pushes: Statement<[string], PushRow>;
  readonly #addPush: Statement<[PushRow]>;
  readonly #updatePush: Statement<[PushRow]>;
  readonly #runningToUnknown: Statement<[{ message: string; at: string }]>;

  constructor(db: Database) {
    const columns = Object.keys(toRow(blankRecord()));
    this.#save = db.prepare(
      `INSERT INTO rotations (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${columns
         .filter((c) => c !== 'id')
         .map((c) => `${c} = excluded.${c}`)
         .join(', ')}`,
    );
    this.#byId = db.prepare('SELECT * FROM rotations WHERE id = ?');
    this.#inProgress = db.prepare("SELECT * FROM rotations WHERE status = 'in_progress' ORDER BY started_at, id");
    this.#recent = db.prepare('SELECT * FROM rotations ORDER BY started_at DESC, id LIMIT ?');
    this.#pushes = db.prepare('SELECT * FROM rotation_pushes WHERE rotation_id = ? ORDER BY position');
    this.#addPush = db.prepare(`INSERT OR IGNORE INTO rotation_pushes
      (rotation_id, target_id, position, kind, label, state, outcome, message, exit_code, attempts, updated_at)
      VALUES (@rotation_id, @target_id, @position, @kind, @label, @state, @outcome, @message, @exit_code, @attempts,
        @updated_at)`);
    this.#updatePush = db.prepare(`UPDATE rotation_pushes SET state = @state, outcome = @outcome, message = @message,
      exit_code = @exit_code, attempts = @attempts, updated_at = @updated_at
      WHERE rotation_id = @rotation_id AND target_id = @target_id`);
    this.#runningToUnknown = db.prepare(`UPDATE rotation_pushes SET state = 'unknown', outcome = NULL,
      message = @message, exit_code = NULL, updated_at = @at WHERE state = 'running'`);
  }

  save(record: RotationRecord): void {
    this.#save.run(toRow(record));
  }

  find(id: string): RotationRecord | null {
    const row = this.#byId.get(id);
    return row ? fromRow(row) : null;
  }

  inProgress(): RotationRecord[] {
    return this.#inProgress.all().map(fromRow);
  }

  /** The newest rotations, finished ones included. */
  recent(limit: number): RotationRecord[] {
    return this.#recent.all(limit).map(fromRow);
  }

  pushes(rotationId: string): RotationPush[] {
    return this.#pushes.all(rotationId).map(fromPushRow);
  }

  /** Adds destinations to the rotation's list; one already there keeps its state. */
  addPushes(rotationId: string, targets: ReadonlyArray<Pick<RotationPush, 'targetId' | 'kind' | 'label'>>): void {
    const start = this.pushes(rotationId).length;
    targets.forEach((target, index) =>
      this.#addPush.run({
        rotation_id: rotationId,
        target_id: target.targetId,
        position: start + index,
        kind: target.kind,
        label: target.label,
        state: 'waiting',
        outcome: null,
        message: null,
        exit_code: null,
        attempts: 0,
        updated_at: null,
      }),
    );
  }

  updatePush(rotationId: string, push: RotationPush): void {
    this.#updatePush.run({
      rotation_id: rotationId,
      target_id: push.targetId,
      position: 0,
      kind: push.kind,
      label: push.label,
      state: push.state,
      outcome: push.outcome,
      message: push.message,
      exit_code: push.exitCode,
      attempts: push.attempts,
      updated_at: push.updatedAt,
    });
  }

  /** At start: a push that was running when the app stopped may or may not have arrived. */
  markInterruptedPushes(message: string, at: string): number {
    return this.#runningToUnknown.run({ message, at }).changes;
  }
}

function blankRecord(): RotationRecord {
  const step = { state: 'pending' as const, problem: null, at: null };
  return {
    id: '',
    workspaceId: '',
    keyId: '',
    keyName: '',
    keyLabel: null,
    kind: 'managed',
    mode: 'standard',
    status: 'in_progress',
    overlapSeconds: null,
    overlapEndsAt: null,
    successorKeyId: null,
    successorLabel: null,
    orphanKeyId: null,
    steps: { create: step, distribute: step, verify: step, retire: step },
    verify: { newKeyFirstUseAt: null, oldKeyLastUseAt: null, oldKeyLastUseIp: null, checkedAt: null },
    retireHow: null,
    oldKeyStopsAt: null,
    auditSince: null,
    startedAt: '',
    updatedAt: '',
    finishedAt: null,
  };
}
