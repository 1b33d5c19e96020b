import type { Database } from 'better-sqlite3';

/**
 * The audit log kept on this device: each workspace's trail as its service sent it (with the
 * chain's seq and hash), and what the app did itself (source 'local'); where each workspace's sync
 * stands (the last seq kept and the last hash checked, written in the transaction of the rows
 * they follow) and the places its chain did not check out. Names, labels, masked IPs and event
 * details only; never a secret.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE audit_entries (
      -- Time order: the event's millisecond times 1024 plus its place among that millisecond's
      -- events (see audit-repository.ts). Newest first is a walk down this key, and the search
      -- index shares it, so a filtered or searched page stops after its rows instead of sorting.
      id INTEGER PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      source TEXT NOT NULL CHECK (source IN ('service', 'local')),
      seq INTEGER,
      event_id TEXT NOT NULL,
      type TEXT NOT NULL,
      -- As the service wrote it: the chain's hash covers this exact text.
      at TEXT NOT NULL,
      actor_type TEXT NOT NULL,
      actor_id TEXT,
      actor_name TEXT NOT NULL,
      -- What the actor filter matches: type and id (or name when there is no id).
      actor_ref TEXT NOT NULL,
      key_id TEXT,
      key_prefix TEXT,
      ip TEXT,
      user_agent TEXT,
      details TEXT NOT NULL,
      hash TEXT,
      CHECK ((source = 'service') = (seq IS NOT NULL))
    );
    -- A seq is kept once per workspace: a resumed sync can't store an event twice.
    CREATE UNIQUE INDEX audit_entries_by_seq ON audit_entries (workspace_id, seq) WHERE seq IS NOT NULL;
    -- Each filter's index ends in the row's id (SQLite appends it), so every one walks newest first.
    CREATE INDEX audit_entries_by_workspace ON audit_entries (workspace_id);
    CREATE INDEX audit_entries_by_key ON audit_entries (key_id) WHERE key_id IS NOT NULL;
    CREATE INDEX audit_entries_by_type ON audit_entries (type);
    CREATE INDEX audit_entries_by_actor ON audit_entries (actor_ref);
    -- The app's own events are few: only they are indexed by source (a page of service events is
    -- found walking the primary key).
    CREATE INDEX audit_entries_local ON audit_entries (source) WHERE source = 'local';

    -- Free text: one document per entry, rowid = audit_entries.id; the text lives in the entry.
    -- Three-letter word starts are kept too: what a user types first is looked up at once.
    CREATE VIRTUAL TABLE audit_search USING fts5(
      body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
    );
    CREATE TRIGGER audit_entries_unsearch AFTER DELETE ON audit_entries BEGIN
      DELETE FROM audit_search WHERE rowid = old.id;
    END;

    -- What the actor and key filters offer, kept as entries arrive (a million entries are not scanned for it).
    CREATE TABLE audit_actors (
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      ref TEXT NOT NULL,
      type TEXT NOT NULL,
      name TEXT NOT NULL,
      PRIMARY KEY (workspace_id, ref)
    ) WITHOUT ROWID;
    CREATE TABLE audit_keys (
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      key_id TEXT NOT NULL,
      label TEXT,
      PRIMARY KEY (workspace_id, key_id)
    ) WITHOUT ROWID;

    CREATE TABLE audit_sync_state (
      workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      -- The last seq kept and the hash the chain was checked up to: the sync resumes after them.
      last_seq INTEGER NOT NULL,
      last_hash TEXT NOT NULL,
      head_seq INTEGER,
      synced_at TEXT,
      error TEXT
    );

    -- Kept until the workspace is removed: a broken chain must not be forgotten by the next sync.
    CREATE TABLE audit_chain_breaks (
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      reason TEXT NOT NULL,
      message TEXT NOT NULL,
      detected_at TEXT NOT NULL,
      PRIMARY KEY (workspace_id, seq, reason)
    ) WITHOUT ROWID;
  `);
}
