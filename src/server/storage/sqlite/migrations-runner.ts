/**
 * Opens an SQLite database file and brings its schema up to date. Both of Keywarden's databases
 * (the service's and the desktop vault's) open through here, so they share one set of pragmas and
 * one way of recording which migrations ran.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';

/**
 * One schema change, in a numbered file `NNN-name.ts`. Released migrations never change: a new
 * schema change is a new file with the next number.
 */
export interface SqliteMigration {
  version: number;
  name: string;
  up(db: Database): void;
}

/** The database was written by a newer Keywarden: its schema is one this version doesn't know. */
export class DatabaseTooNewError extends Error {
  readonly code = 'database_too_new';
  readonly file: string;
  readonly foundVersion: number;
  readonly knownVersion: number;
  constructor(file: string, foundVersion: number, knownVersion: number) {
    super(
      `${file} was written by a newer version of Keywarden (schema version ${foundVersion}; this version knows ` +
        `up to ${knownVersion}), so it is left untouched. Use that newer version of Keywarden with it.`,
    );
    this.name = 'DatabaseTooNewError';
    this.file = file;
    this.foundVersion = foundVersion;
    this.knownVersion = knownVersion;
  }
}

/**
 * Opens (creating it and its folder if needed) the database at `file` and migrates it. The caller
 * turns a failure into a sentence for its user; the database is closed when this throws.
 */
export function openSqlite(file: string, migrations: readonly SqliteMigration[]): Database {
  let db: Database | null = null;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // WAL + NORMAL is durable across application crashes; only an OS crash can lose the last commit.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // SQLite opens a file it may not write read-only without a word; find out now, not on the
    // first click or request that writes.
    const version = schemaVersion(db);
    db.exec(`BEGIN IMMEDIATE; PRAGMA user_version = ${version}; ROLLBACK`);
    migrate(db, migrations);
    return db;
  } catch (error) {
    db?.close();
    throw error;
  }
}

/**
 * Runs, in order, the migrations newer than the version the database records, each in its own
 * transaction together with the new version number: a migration that fails leaves the database
 * at the version before it. The version lives in SQLite's `user_version` header field.
 */
export function migrate(db: Database, migrations: readonly SqliteMigration[]): void {
  checkNumbering(migrations);
  const current = schemaVersion(db);
  const known = migrations.at(-1)?.version ?? 0;
  // Older code on a newer schema would misread columns it doesn't know and write rows the
  // newer code can't read back.
  if (current > known) throw new DatabaseTooNewError(db.name, current, known);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** A duplicated or skipped number would make one migration run twice, or never, on some machines. */
function checkNumbering(migrations: readonly SqliteMigration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration "${migration.name}" is numbered ${migration.version} but is number ${index + 1} in the list: ` +
          'migrations are numbered 1, 2, 3… in the order they run.',
      );
    }
  });
}
