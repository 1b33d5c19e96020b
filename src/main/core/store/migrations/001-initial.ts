import type { Database } from 'better-sqlite3';

/**
 * The vault's first schema: workspaces, the last known keys of each, external keys' metadata,
 * settings, and which keys have a secret in the keychain. No secret ever goes in here.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE workspaces (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('local', 'remote', 'external')),
      url TEXT,
      -- The admin token's role, so read-only (auditor) workspaces refuse changes up front.
      role TEXT CHECK (role IN ('owner', 'admin', 'auditor')),
      created_at TEXT NOT NULL,
      last_synced_at TEXT,
      connection TEXT NOT NULL DEFAULT 'online' CHECK (connection IN ('online', 'offline', 'auth_failed')),
      connection_message TEXT
    );

    -- The external-keys collection always exists, so its keys can reference it like any other.
    INSERT INTO workspaces (id, name, kind, url, role, created_at)
    VALUES ('external', 'External keys', 'external', NULL, NULL, '1970-01-01T00:00:00.000Z');

    -- The last keys a workspace returned, so the app opens instantly and works offline.
    CREATE TABLE cached_keys (
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      key_id TEXT NOT NULL,
      name TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      revoked_at TEXT,
      created_at TEXT NOT NULL,
      -- The service's ApiKey exactly as it answered (no secret: the service never returns one).
      body TEXT NOT NULL,
      cached_at TEXT NOT NULL,
      PRIMARY KEY (workspace_id, key_id)
    );

    CREATE TABLE external_keys (
      id TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL DEFAULT 'external' REFERENCES workspaces(id),
      name TEXT NOT NULL,
      provider TEXT NOT NULL,
      preset_id TEXT,
      scope_label TEXT NOT NULL,
      environment TEXT NOT NULL CHECK (environment IN ('live', 'test')),
      label TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      deletes_at TEXT NOT NULL
    );

    CREATE TABLE settings (
      name TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );

    -- Which keys this device holds a secret for; rebuilt from the keychain at start.
    CREATE TABLE vault_entries (
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      key_id TEXT NOT NULL,
      stored_at TEXT NOT NULL,
      PRIMARY KEY (workspace_id, key_id)
    );
  `);
}
