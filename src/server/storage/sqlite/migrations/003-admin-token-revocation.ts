import type { Database } from 'better-sqlite3';

/** Admin tokens can be revoked (kept, so the list and the audit trail still name them) and show their last use. */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE admin_tokens ADD COLUMN revoked_at TEXT;
    ALTER TABLE admin_tokens ADD COLUMN last_used_at TEXT;
  `);
}
