/**
 * The keys reminders watch across workspaces: every cached key that is not revoked, and every
 * external key, each with its workspace's name and rotation policy. A key being rotated is
 * replaced as soon as its successor exists: during the overlap both share a name and an expiry, so
 * only the successor reminds (one key never reminds twice in the same words), while the dashboard
 * still lists both as being rotated.
 *
 * The dashboard and the reminders' overview read every watched key here, over possibly ten
 * thousand keys, so the read is plain columns of one table, with the workspace names and policies
 * (a handful of rows) joined in memory: SQLite's per-row joins cost more than the rest of the work.
 * The reminder pass, which runs after every change, takes the keys from the key cache in memory
 * instead (see ReminderOutlooks) and asks here only which keys a rotation made here replaced.
 */
import type { Database, Statement } from 'better-sqlite3';

/** What reminding needs of a key: names, dates and policy. */
export interface ReminderKeyRecord {
  workspaceId: string;
  workspaceName: string;
  keyId: string;
  keyName: string;
  createdAt: string;
  expiresAt: string;
  rotateEveryDays: number | null;
}

export interface WatchedKeyRecord extends ReminderKeyRecord {
  /** The key's non-secret label (its prefix). */
  label: string;
  /** When the key is deleted: by its service, or an external key by its issuer (its expiry when the issuer doesn't say). */
  deletesAt: string;
}

type KeyRow = Omit<ReminderKeyRecord, 'workspaceName' | 'rotateEveryDays'>;

/** The keys whose rotation here made a successor (and was not cancelled): they remind no more. */
export interface ReplacedKeys {
  /** Cached keys' ids, by workspace. */
  cached: ReadonlyMap<string, ReadonlySet<string>>;
  /** External keys' ids. */
  external: ReadonlySet<string>;
}

export class WatchedKeyRepository {
  readonly #cachedLabels: Statement<[], KeyRow & { label: string; deletesAt: string }>;
  readonly #externalKeys: Statement<[], KeyRow & { label: string; deletesAt: string }>;
  readonly #replaced: Statement<[], { workspaceId: string; keyId: string; kind: string }>;
  readonly #workspaceNames: Statement<[], { id: string; name: string }>;
  readonly #policies: Statement<[], { workspaceId: string; keyId: string; days: number }>;

  constructor(db: Database) {
    const columns =
      'workspace_id AS workspaceId, key_id AS keyId, name AS keyName, created_at AS createdAt, expires_at AS expiresAt';
    // The service names a key's successor (rotated elsewhere, or synced: the cached key's
    // rotatedToId); a rotation made here names it before the next sync does. A cancelled
    // rotation's successor replaced nothing.
    this.#replaced = db.prepare(`SELECT workspace_id AS workspaceId, key_id AS keyId, kind FROM rotations
      WHERE successor_key_id IS NOT NULL AND status != 'cancelled'`);
    this.#cachedLabels = db.prepare(
      `SELECT ${columns}, json_extract(body, '$.prefix') AS label, json_extract(body, '$.deletesAt') AS deletesAt
      FROM cached_keys WHERE revoked_at IS NULL`,
    );
    this.#externalKeys = db.prepare(`SELECT workspace_id AS workspaceId, id AS keyId, name AS keyName,
      created_at AS createdAt, expires_at AS expiresAt, label, deletes_at AS deletesAt FROM external_keys`);
    this.#workspaceNames = db.prepare('SELECT id, name FROM workspaces');
    this.#policies = db.prepare(
      'SELECT workspace_id AS workspaceId, key_id AS keyId, rotate_every_days AS days FROM rotation_policies',
    );
  }

  /** Every watched key with its label (dashboard, overview). */
  list(): WatchedKeyRecord[] {
    return this.#complete([...this.#cachedLabels.all(), ...this.#externalKeys.all()]);
  }

  /** The keys a rotation made here replaced: a few rows, read on every reminder pass. */
  replacedHere(): ReplacedKeys {
    const cached = new Map<string, Set<string>>();
    const external = new Set<string>();
    for (const { workspaceId, keyId, kind } of this.#replaced.iterate()) {
      let inWorkspace = cached.get(workspaceId);
      if (!inWorkspace) cached.set(workspaceId, (inWorkspace = new Set()));
      inWorkspace.add(keyId);
      if (kind === 'external') external.add(keyId);
    }
    return { cached, external };
  }

  /** Adds each key's workspace name and rotation policy, on the rows themselves (fresh objects). */
  #complete<R extends KeyRow>(rows: R[]): Array<R & ReminderKeyRecord> {
    const names = new Map(this.#workspaceNames.all().map((workspace) => [workspace.id, workspace.name]));
    const policies = new Map<string, Map<string, number>>();
    for (const { workspaceId, keyId, days } of this.#policies.all()) {
      let inWorkspace = policies.get(workspaceId);
      if (!inWorkspace) policies.set(workspaceId, (inWorkspace = new Map()));
      inWorkspace.set(keyId, days);
    }
    const completed = rows as Array<R & ReminderKeyRecord>;
    for (const row of completed) {
      row.workspaceName = names.get(row.workspaceId) ?? '';
      row.rotateEveryDays = policies.get(row.workspaceId)?.get(row.keyId) ?? null;
    }
    return completed;
  }
}
