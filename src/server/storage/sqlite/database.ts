import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { KeywardenError } from '../../domain/result.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { DatabaseTooNewError, openSqlite } from './migrations-runner.ts';

export const DATABASE_FILE = 'keywarden.db';

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/** Opens (creating if needed) the data directory's database and migrates it. */
export function openDatabase(dataDir: string): Database {
  try {
    return openSqlite(databasePath(dataDir), MIGRATIONS);
  } catch (error) {
    if (error instanceof DatabaseTooNewError) throw tooNew(dataDir, error);
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

function tooNew(dataDir: string, error: DatabaseTooNewError): KeywardenError {
  return new KeywardenError(
    'database_too_new',
    `The database in ${dataDir} was written by a newer version of Keywarden (schema version ${error.foundVersion}; ` +
      `this version knows up to ${error.knownVersion}) and is left untouched: update Keywarden to open it, or ` +
      'choose another --data directory.',
  );
}
