/**
 * The last keys each workspace returned, so the app opens instantly and works offline.
 *
 * Every key change fires `workspaces:changed`, and the sidebar, the tray badge and the keys view
 * all read the cache again when it does. So the cache is read from SQLite and checked against the
 * ApiKey schema once, on first use; after that the typed keys are kept in memory and every write
 * goes to both. Keys arriving from a service were checked by the management client already and
 * are kept as they are (and frozen). What reads return is frozen and shared: it stays the same
 * array while the workspace's keys don't change, and a write replaces the array instead of
 * changing it.
 */
import type { Database, Statement } from 'better-sqlite3';
import { ApiKey } from '../../../shared/api/index.ts';

export type CachedKeys = readonly Readonly<ApiKey>[];

const NO_KEYS: CachedKeys = Object.freeze([]);

export class KeyCacheRepository {
  readonly #db: Database;
  readonly #listAll: Statement<[], { workspace_id: string; body: string }>;
  readonly #upsert: Statement<[Record<string, unknown>]>;
  readonly #delete: Statement<[string, string]>;
  /** Each workspace's keys, newest first (created_at DESC, then id), once loaded. */
  #byWorkspace: Map<string, CachedKeys> | null = null;

  constructor(db: Database) {
    this.#db = db;
    this.#listAll = db.prepare('SELECT workspace_id, body FROM cached_keys');
    this.#upsert =
      db.prepare(`INSERT INTO cached_keys (workspace_id, key_id, name, expires_at, revoked_at, created_at, body, cached_at)
      VALUES (@workspaceId, @id, @name, @expiresAt, @revokedAt, @createdAt, @body, @cachedAt)
      ON CONFLICT (workspace_id, key_id) DO UPDATE SET name = excluded.name, expires_at = excluded.expires_at,
        revoked_at = excluded.revoked_at, body = excluded.body, cached_at = excluded.cached_at`);
    this.#delete = db.prepare('DELETE FROM cached_keys WHERE workspace_id = ? AND key_id = ?');
    // Deleting a workspace deletes its keys on disk (ON DELETE CASCADE), out of this class's
    // sight: a trigger of this connection tells it, and the next read loads the cache afresh.
    // Rare, and right even when the deletion is rolled back.
    db.function('keywarden_key_cache_stale', () => {
      this.#byWorkspace = null;
      return null;
    });
    db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS key_cache_stale AFTER DELETE ON main.workspaces
      BEGIN SELECT keywarden_key_cache_stale(); END`);
  }

  /** The workspace's keys, newest first; the same array until they change. */
  list(workspaceId: string): CachedKeys {
    return this.#loaded().get(workspaceId) ?? NO_KEYS;
  }

  /** Every workspace's keys, for counts across workspaces (sidebar, tray badge, next status change). */
  byWorkspace(): ReadonlyMap<string, CachedKeys> {
    return this.#loaded();
  }

  /**
   * Makes the service's list the workspace's cache: keys it no longer returns (deleted) leave it.
   * Only keys that differ from the cached ones are written, so an unchanged list of thousands of
   * keys costs no write. Returns whether anything changed.
   */
  replace(workspaceId: string, keys: readonly ApiKey[], at: string): boolean {
    const cached = new Map(this.list(workspaceId).map((key) => [key.id, key]));
    const seen = new Set<string>();
    const next: Readonly<ApiKey>[] = [];
    const written: ApiKey[] = [];
    for (const key of keys) {
      if (seen.has(key.id)) continue;
      seen.add(key.id);
      const previous = cached.get(key.id);
      cached.delete(key.id);
      if (previous && sameJson(previous, key)) {
        next.push(previous);
      } else {
        next.push(Object.freeze(key));
        written.push(key);
      }
    }
    const removed = [...cached.keys()];
    if (written.length === 0 && removed.length === 0) return false;
    this.#db.transaction(() => {
      for (const keyId of removed) this.#delete.run(workspaceId, keyId);
      for (const key of written) this.#write(workspaceId, key, at);
    })();
    this.#loaded().set(workspaceId, Object.freeze(next.sort(newestFirst)));
    return true;
  }

  /** Adds the key, or replaces the cached one with the same id. */
  put(workspaceId: string, key: ApiKey, at: string): void {
    this.#write(workspaceId, key, at);
    const frozen = Object.freeze(key);
    const others = this.list(workspaceId).filter((cached) => cached.id !== key.id);
    this.#loaded().set(workspaceId, Object.freeze(insertSorted(others, frozen)));
  }

  #write(workspaceId: string, key: ApiKey, at: string): void {
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

  #loaded(): Map<string, CachedKeys> {
    if (this.#byWorkspace) return this.#byWorkspace;
    // A body written by an earlier release is checked against today's schema here, once.
    const grouped = new Map<string, Readonly<ApiKey>[]>();
    for (const row of this.#listAll.iterate()) {
      const keys = grouped.get(row.workspace_id) ?? [];
      grouped.set(row.workspace_id, keys);
      keys.push(Object.freeze(ApiKey.parse(JSON.parse(row.body))));
    }
    this.#byWorkspace = new Map<string, CachedKeys>();
    for (const [workspaceId, keys] of grouped)
      this.#byWorkspace.set(workspaceId, Object.freeze(keys.sort(newestFirst)));
    return this.#byWorkspace;
  }
}

/** What changed between two of a workspace's lists: the keys that left, and those that came. */
export interface CachedKeyChanges {
  /** Gone, or replaced by a changed copy (which came). */
  left: Readonly<ApiKey>[];
  came: Readonly<ApiKey>[];
}

/**
 * Which keys changed between two lists the cache returned for one workspace, at most `limit` of
 * them (null past that: reading them all again is as cheap then). A key that stayed is the same
 * object and both lists are newest first, so one walk comparing objects finds the changes.
 */
export function cachedKeyChanges(previous: CachedKeys, next: CachedKeys, limit: number): CachedKeyChanges | null {
  const changes: CachedKeyChanges = { left: [], came: [] };
  let p = 0;
  let n = 0;
  while (p < previous.length || n < next.length) {
    const before = previous[p];
    const after = next[n];
    if (before === after) {
      p++;
      n++;
      continue;
    }
    const order = before === undefined ? 1 : after === undefined ? -1 : newestFirst(before, after);
    if (order <= 0) changes.left.push(previous[p++]!);
    if (order >= 0) changes.came.push(next[n++]!);
    if (changes.left.length + changes.came.length > limit) return null;
  }
  return changes;
}

/** Newest first, ties by id: the order lists show before the user sorts. */
function newestFirst(a: ApiKey, b: ApiKey): number {
  if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function insertSorted(keys: CachedKeys, key: Readonly<ApiKey>): Readonly<ApiKey>[] {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (newestFirst(keys[middle]!, key) <= 0) low = middle + 1;
    else high = middle;
  }
  return [...keys.slice(0, low), key, ...keys.slice(low)];
}

/** Deep equality of two JSON values (what the service answers), without serialising either. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every(
    (name) =>
      Object.hasOwn(b, name) && sameJson((a as Record<string, unknown>)[name], (b as Record<string, unknown>)[name]),
  );
}
