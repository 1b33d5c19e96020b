/** Opens the vault's SQLite database and brings its schema up to date. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index.ts';

export const VAULT_DATABASE_FILE = 'keywarden.db';

/**
 * Opens the database, or fails with the sentence the app shows at start: what is wrong with which
 * file or folder, and what the user can do about it (never a bare "file is not a database").
 */
export function openVaultDatabase(dataDir: string): Database {
  const file = join(dataDir, VAULT_DATABASE_FILE);
  let db: Database | null = null;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, MIGRATIONS);
    return db;
  } catch (error) {
    db?.close();
    throw new Error(startupSentence(error, dataDir, file), { cause: error });
  }
}

function startupSentence(error: unknown, dataDir: string, file: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return (
      `Keywarden's database (${file}) is damaged. Quit Keywarden, move that file somewhere else and start ` +
      'again: your secrets are safe in your system keychain, and connected workspaces will need reconnecting.'
    );
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return (
      `Keywarden's database (${file}) is in use by another program, perhaps another copy of Keywarden. ` +
      'Close it and start Keywarden again.'
    );
  }
  return (
    `Keywarden can't use its data folder (${dataDir}): ${reason}. Check that it is a folder you may ` +
    'write to, with free space, and start Keywarden again.'
  );
}

/** Runs, in order and each in its own transaction, the migrations newer than `user_version`. */
export function migrate(db: Database, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
