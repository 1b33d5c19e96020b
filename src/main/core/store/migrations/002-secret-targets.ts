import type { Database } from 'better-sqlite3';

/**
 * Secret-manager targets (where a key's secret is pushed) and the history of pushes. A target's
 * config names places (a repository, a vault path, a file); a push row keeps what happened and
 * which program did it. Neither ever holds a secret.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE secret_targets (
      id TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      key_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      label TEXT NOT NULL,
      -- JSON checked against the kind's schema on the way in and on the way out.
      config TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX secret_targets_by_key ON secret_targets (workspace_id, key_id, created_at);

    -- No foreign key to secret_targets: a key's history outlives a target removed later.
    CREATE TABLE secret_pushes (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      target_id TEXT NOT NULL,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      key_id TEXT NOT NULL,
      target_kind TEXT NOT NULL,
      target_label TEXT NOT NULL,
      at TEXT NOT NULL,
      outcome TEXT NOT NULL,
      exit_code INTEGER,
      -- The sentence shown to the user, with the CLI's words capped and redacted.
      message TEXT NOT NULL,
      cli_program TEXT,
      cli_path TEXT,
      cli_version TEXT
    );
    CREATE INDEX secret_pushes_by_key ON secret_pushes (workspace_id, key_id, at);
  `);
}
