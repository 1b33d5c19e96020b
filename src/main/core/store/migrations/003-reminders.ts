import type { Database } from 'better-sqlite3';

/**
 * Expiry and rotation reminders: which reminder already fired for which key and date (so a restart
 * never repeats one), each workspace's thresholds, each key's rotation policy, and the reminder
 * preferences. Names and dates only; no secret.
 */
export function up(db: Database): void {
  db.exec(`
    -- One row per key and date watched: the most urgent threshold that has fired for it. A date that
    -- moves (a new rotation policy) is a new row, so its thresholds fire again.
    CREATE TABLE reminder_firings (
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      key_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('expiry', 'rotation')),
      due_at TEXT NOT NULL,
      threshold_days INTEGER NOT NULL,
      fired_at TEXT NOT NULL,
      PRIMARY KEY (workspace_id, key_id, kind, due_at)
    );

    -- Days before a date that reminders fire, as a JSON array; a workspace without a row uses the default.
    CREATE TABLE reminder_thresholds (
      workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
      days TEXT NOT NULL
    );

    -- "Rotate every N days", per key; none by default.
    CREATE TABLE rotation_policies (
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      key_id TEXT NOT NULL,
      rotate_every_days INTEGER NOT NULL CHECK (rotate_every_days > 0),
      updated_at TEXT NOT NULL,
      PRIMARY KEY (workspace_id, key_id)
    );

    CREATE TABLE reminder_preferences (
      name TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
  `);
}
