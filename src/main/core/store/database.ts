/** Opens the vault's SQLite database and brings its schema up to date. */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { errorMessage } from '../../../shared/error-message.ts';
import { DatabaseTooNewError, openSqlite } from '../../../server/storage/sqlite/migrations-runner.ts';
import { MIGRATIONS } from './migrations/index.ts';

export const VAULT_DATABASE_FILE = 'keywarden.db';

/**
 * Opens the database, or fails with the sentence the app shows at start: what is wrong with which
 * file or folder, and what the user can do about it (never a bare "file is not a database").
 */
export function openVaultDatabase(dataDir: string): Database {
  const file = join(dataDir, VAULT_DATABASE_FILE);
  try {
    return openSqlite(file, MIGRATIONS);
  } catch (error) {
    throw new Error(startupSentence(error, dataDir, file), { cause: error });
  }
}

function startupSentence(error: unknown, dataDir: string, file: string): string {
  if (error instanceof DatabaseTooNewError) {
    return (
      `Keywarden's database (${file}) was written by a newer version of Keywarden, which this version can't ` +
      'read safely. Install the newer version again to open it; the file is left as it was.'
    );
  }
  const code = (error as { code?: unknown } | null)?.code;
  const reason = errorMessage(error);
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
