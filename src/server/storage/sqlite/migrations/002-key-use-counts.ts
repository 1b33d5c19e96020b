import type { Database } from 'better-sqlite3';

/**
 * Uses are written in batches; identical uses (same key, masked IP, user agent and second) in a
 * batch become one row with a count, which keeps the hot path's disk work small under load.
 */
export function up(db: Database): void {
  db.exec('ALTER TABLE key_uses ADD COLUMN requests INTEGER NOT NULL DEFAULT 1');
}
