/** The last keys each workspace returned, so the app opens instantly and works offline. */
import type { Database, Statement, Transaction } from 'better-sqlite3';
import { ApiKey } from '../../../shared/api/index.ts';

export class KeyCacheRepository {
  readonly #list: Statement<[string], { body: string }>;
  readonly #listAll: Statement<[], { workspace_id: string; body: string }>;
  readonly #upsert: Statement<[Record<string, unknown>]>;
  readonly #clear: Statement<[string]>;
  readonly #replace: Transaction<(workspaceId: string, keys: ApiKey[], at: string) => void>;

  constructor(db: Database) {
    this.#list = db.prepare('SELECT body FROM cached_keys WHERE workspace_id = ? ORDER BY created_at DESC, key_id');
    this.#listAll = db.prepare('SELECT workspace_id, body FROM cached_keys');
    this.#upsert =
      db.prepare(`INSERT INTO cached_keys (workspace_id, key_id, name, expires_at, revoked_at, created_at, body, cached_at)
      VALUES (@workspaceId, @id, @name, @expiresAt, @revokedAt, @createdAt, @body, @cachedAt)
      ON CONFLICT (workspace_id, key_id) DO UPDATE SET name = excluded.name, expires_at = excluded.expires_at,
        revoked_at = excluded.revoked_at, body = excluded.body, cached_at = excluded.cached_at`);
    this.#clear = db.prepare('DELETE FROM cached_keys WHERE workspace_id = ?');
    // The service's list is the truth: keys it no longer returns (deleted) leave the cache too.
    this.#replace = db.transaction((workspaceId: string, keys: ApiKey[], at: string) => {
      this.#clear.run(workspaceId);
      for (const key of keys) this.#put(workspaceId, key, at);
    });
  }

  list(workspaceId: string): ApiKey[] {
    return this.#list.all(workspaceId).map((row) => ApiKey.parse(JSON.parse(row.body)));
  }

  /** Every cached key, for counts across workspaces (tray badge, next status change). */
  listAll(): Array<{ workspaceId: string; key: ApiKey }> {
    return this.#listAll
      .all()
      .map((row) => ({ workspaceId: row.workspace_id, key: ApiKey.parse(JSON.parse(row.body)) }));
  }

  replace(workspaceId: string, keys: ApiKey[], at: string): void {
    this.#replace(workspaceId, keys, at);
  }

  put(workspaceId: string, key: ApiKey, at: string): void {
    this.#put(workspaceId, key, at);
  }

  #put(workspaceId: string, key: ApiKey, at: string): void {
    this.#upsert.run({
      workspaceId,
      id: key.id,
      name: key.name,
      expiresAt: key.expiresAt,
      revokedAt: key.revokedAt,
      createdAt: key.createdAt,
      body: JSON.stringify(key),
      cachedAt: at,
    });
  }
}
