/**
 * The keys reminders watch, read in one query across workspaces: every cached key that is neither
 * revoked nor rotated (its successor is watched instead), and every external key, with its
 * workspace's name and rotation policy. Plain columns and two JSON fields read by SQLite, so a pass
 * over ten thousand keys doesn't parse ten thousand bodies.
 */
import type { Database, Statement } from 'better-sqlite3';

export interface WatchedKeyRecord {
  workspaceId: string;
  workspaceName: string;
  keyId: string;
  keyName: string;
  label: string;
  createdAt: string;
  expiresAt: string;
  rotateEveryDays: number | null;
}

export class WatchedKeyRepository {
  readonly #all: Statement<[], WatchedKeyRecord>;

  constructor(db: Database) {
    this.#all = db.prepare(`
      SELECT c.workspace_id AS workspaceId, w.name AS workspaceName, c.key_id AS keyId, c.name AS keyName,
        json_extract(c.body, '$.prefix') AS label, c.created_at AS createdAt, c.expires_at AS expiresAt,
        p.rotate_every_days AS rotateEveryDays
      FROM cached_keys c
      JOIN workspaces w ON w.id = c.workspace_id
      LEFT JOIN rotation_policies p ON p.workspace_id = c.workspace_id AND p.key_id = c.key_id
      WHERE c.revoked_at IS NULL AND json_extract(c.body, '$.rotatedToId') IS NULL
      UNION ALL
      SELECT e.workspace_id, w.name, e.id, e.name, e.label, e.created_at, e.expires_at, p.rotate_every_days
      FROM external_keys e
      JOIN workspaces w ON w.id = e.workspace_id
      LEFT JOIN rotation_policies p ON p.workspace_id = e.workspace_id AND p.key_id = e.id`);
  }

  list(): WatchedKeyRecord[] {
    return this.#all.all();
  }
}
