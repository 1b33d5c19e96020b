import type { Database } from 'better-sqlite3';

/**
 * Rotations, saved after every step so one interrupted anywhere (quit, crash, network loss, a
 * locked keychain) resumes where it stopped, and each destination's push of the successor with
 * its own state, so a push that happened is never repeated without the admin saying so. Key ids,
 * states and sentences only; never a secret.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE rotations (
      id TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      key_id TEXT NOT NULL,
      -- What the key was called when the rotation began, for a key the service has since deleted.
      key_name TEXT NOT NULL,
      key_label TEXT,
      kind TEXT NOT NULL CHECK (kind IN ('managed', 'external')),
      mode TEXT NOT NULL CHECK (mode IN ('standard', 'leaked')),
      status TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'cancelled')),
      overlap_seconds INTEGER,
      overlap_ends_at TEXT,
      successor_key_id TEXT,
      successor_label TEXT,
      -- A successor the service made whose secret never reached the keychain.
      orphan_key_id TEXT,
      -- JSON: each step's state, problem (code and sentence) and time, checked on the way out.
      steps TEXT NOT NULL,
      -- JSON: the traffic last seen (the new key's first use, the old key's last use and masked IP).
      verify TEXT NOT NULL,
      retire_how TEXT,
      old_key_stops_at TEXT,
      audit_since TEXT,
      started_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      finished_at TEXT
    );
    -- One rotation at a time per key.
    CREATE UNIQUE INDEX rotations_one_in_progress ON rotations (workspace_id, key_id) WHERE status = 'in_progress';
    CREATE INDEX rotations_by_time ON rotations (started_at DESC);

    CREATE TABLE rotation_pushes (
      rotation_id TEXT NOT NULL REFERENCES rotations(id) ON DELETE CASCADE,
      target_id TEXT NOT NULL,
      position INTEGER NOT NULL,
      kind TEXT,
      label TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('waiting', 'running', 'done', 'failed', 'unknown')),
      outcome TEXT,
      -- The CLI's words as the push service redacted them, or why the push is unknown.
      message TEXT,
      exit_code INTEGER,
      attempts INTEGER NOT NULL DEFAULT 0,
      updated_at TEXT,
      PRIMARY KEY (rotation_id, target_id)
    ) WITHOUT ROWID;
  `);
}
