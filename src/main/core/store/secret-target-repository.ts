/** Secret-manager targets and the history of pushes to them. No secret is ever stored here. */
import type { Database, Statement } from 'better-sqlite3';
import {
  PushOutcome,
  SecretTargetConfigs,
  SecretTargetKind,
  type PushRecord,
  type SecretTarget,
  type SecretTargetOwner,
} from '../../../shared/secret-targets.ts';

interface TargetRow {
  id: string;
  workspace_id: string;
  key_id: string;
  kind: string;
  label: string;
  config: string;
  created_at: string;
  updated_at: string;
}

interface PushRow {
  id: number;
  target_id: string;
  workspace_id: string;
  key_id: string;
  target_kind: string;
  target_label: string;
  at: string;
  outcome: string;
  exit_code: number | null;
  message: string;
  cli_program: string | null;
  cli_path: string | null;
  cli_version: string | null;
}

/**
 * A stored row whose kind or config no longer parses (written by another version, or before a
 * stricter rule) is reported with the reason, never used.
 */
export interface UnreadableTarget {
  id: string;
  owner: SecretTargetOwner;
  kind: SecretTargetKind | null;
  label: string;
  unreadable: string;
}
export type StoredTarget = SecretTarget | UnreadableTarget;

function fromTargetRow(row: TargetRow): StoredTarget {
  const owner = { workspaceId: row.workspace_id, keyId: row.key_id };
  const kind = SecretTargetKind.safeParse(row.kind);
  const unreadable = (reason: string): UnreadableTarget => ({
    id: row.id,
    owner,
    kind: kind.success ? kind.data : null,
    label: row.label,
    unreadable: reason,
  });
  if (!kind.success) return unreadable(`unknown kind ${row.kind}`);
  let json: unknown;
  try {
    json = JSON.parse(row.config);
  } catch {
    return unreadable('its configuration is not JSON');
  }
  const config = SecretTargetConfigs[kind.data].safeParse(json);
  if (!config.success) return unreadable(config.error.issues.map((issue) => issue.message).join('; '));
  return {
    id: row.id,
    owner,
    kind: kind.data,
    label: row.label,
    config: config.data,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function fromPushRow(row: PushRow): PushRecord {
  return {
    id: row.id,
    targetId: row.target_id,
    owner: { workspaceId: row.workspace_id, keyId: row.key_id },
    targetKind: SecretTargetKind.parse(row.target_kind),
    targetLabel: row.target_label,
    at: row.at,
    outcome: PushOutcome.parse(row.outcome),
    exitCode: row.exit_code,
    message: row.message,
    cli:
      row.cli_program !== null && row.cli_path !== null
        ? { program: row.cli_program, path: row.cli_path, version: row.cli_version }
        : null,
  };
}

export class SecretTargetRepository {
  readonly #byOwner: Statement<[string, string], TargetRow>;
  readonly #byId: Statement<[string], TargetRow>;
  readonly #insert: Statement<[TargetRow]>;
  readonly #update: Statement<[{ id: string; label: string; config: string; updated_at: string }]>;
  readonly #delete: Statement<[string]>;
  readonly #insertPush: Statement<[Omit<PushRow, 'id'>]>;
  readonly #pushesByOwner: Statement<[string, string, number], PushRow>;
  readonly #moveToKey: Statement<[string, string, string]>;

  constructor(db: Database) {
    this.#byOwner = db.prepare(
      'SELECT * FROM secret_targets WHERE workspace_id = ? AND key_id = ? ORDER BY created_at, id',
    );
    this.#byId = db.prepare('SELECT * FROM secret_targets WHERE id = ?');
    this.#insert = db.prepare(`INSERT INTO secret_targets
      (id, workspace_id, key_id, kind, label, config, created_at, updated_at)
      VALUES (@id, @workspace_id, @key_id, @kind, @label, @config, @created_at, @updated_at)`);
    this.#update = db.prepare(
      'UPDATE secret_targets SET label = @label, config = @config, updated_at = @updated_at WHERE id = @id',
    );
    this.#delete = db.prepare('DELETE FROM secret_targets WHERE id = ?');
    this.#insertPush = db.prepare(`INSERT INTO secret_pushes
      (target_id, workspace_id, key_id, target_kind, target_label, at, outcome, exit_code, message,
       cli_program, cli_path, cli_version)
      VALUES (@target_id, @workspace_id, @key_id, @target_kind, @target_label, @at, @outcome, @exit_code, @message,
       @cli_program, @cli_path, @cli_version)`);
    this.#pushesByOwner = db.prepare(
      'SELECT * FROM secret_pushes WHERE workspace_id = ? AND key_id = ? ORDER BY at DESC, id DESC LIMIT ?',
    );
    this.#moveToKey = db.prepare('UPDATE secret_targets SET key_id = ? WHERE workspace_id = ? AND key_id = ?');
  }

  listFor(owner: SecretTargetOwner): StoredTarget[] {
    return this.#byOwner.all(owner.workspaceId, owner.keyId).map(fromTargetRow);
  }

  find(id: string): StoredTarget | null {
    const row = this.#byId.get(id);
    return row ? fromTargetRow(row) : null;
  }

  add(target: SecretTarget): void {
    this.#insert.run({
      id: target.id,
      workspace_id: target.owner.workspaceId,
      key_id: target.owner.keyId,
      kind: target.kind,
      label: target.label,
      config: JSON.stringify(target.config),
      created_at: target.createdAt,
      updated_at: target.updatedAt,
    });
  }

  update(target: SecretTarget): boolean {
    const change = { id: target.id, label: target.label, config: JSON.stringify(target.config) };
    return this.#update.run({ ...change, updated_at: target.updatedAt }).changes > 0;
  }

  delete(id: string): boolean {
    return this.#delete.run(id).changes > 0;
  }

  /**
   * A rotated key's successor takes over its destinations (same workspace); each push already made
   * stays in the history of the key it was made for. Returns how many moved.
   */
  moveToKey(from: SecretTargetOwner, to: SecretTargetOwner): number {
    if (from.workspaceId !== to.workspaceId) throw new Error('Destinations move within one workspace.');
    return this.#moveToKey.run(to.keyId, from.workspaceId, from.keyId).changes;
  }

  recordPush(push: Omit<PushRecord, 'id'>): PushRecord {
    const { lastInsertRowid } = this.#insertPush.run({
      target_id: push.targetId,
      workspace_id: push.owner.workspaceId,
      key_id: push.owner.keyId,
      target_kind: push.targetKind,
      target_label: push.targetLabel,
      at: push.at,
      outcome: push.outcome,
      exit_code: push.exitCode,
      message: push.message,
      cli_program: push.cli?.program ?? null,
      cli_path: push.cli?.path ?? null,
      cli_version: push.cli?.version ?? null,
    });
    return { ...push, id: Number(lastInsertRowid) };
  }

  /** The key's pushes, newest first. */
  historyFor(owner: SecretTargetOwner, limit = 100): PushRecord[] {
    return this.#pushesByOwner.all(owner.workspaceId, owner.keyId, limit).map(fromPushRow);
  }
}
