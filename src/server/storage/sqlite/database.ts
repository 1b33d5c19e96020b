import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { KeywardenError } from '../../domain/result.ts';
import { MIGRATIONS } from './migrations/index.ts';

export const DATABASE_FILE = 'keywarden.db';

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/** Opens (creating if needed) the data directory's database in WAL mode and migrates it. */
export function openDatabase(dataDir: string): Database {
  let db: Database | null = null;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    db = new BetterSqlite3(databasePath(dataDir));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // WAL + NORMAL is durable across application crashes; only an OS crash can lose the last commit.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // SQLite opens a file it may not write read-only without a word; find out now, not on the
    // first request that writes.
    const version = db.pragma('user_version', { simple: true }) as number;
    db.exec(`BEGIN IMMEDIATE; PRAGMA user_version = ${version}; ROLLBACK`);
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    throw isNotWritable(error) ? notWritable(dataDir) : error;
  }
}

export function isNotWritable(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return ['EACCES', 'EPERM', 'EROFS', 'SQLITE_READONLY', 'SQLITE_CANTOPEN'].some((c) => code.startsWith(c));
}

export function notWritable(dataDir: string): KeywardenError {
  return new KeywardenError(
    'data_dir_not_writable',
    `Keywarden cannot write to the data directory ${dataDir}; give this user write access to it and the files in it, or choose another --data directory.`,
  );
}

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
