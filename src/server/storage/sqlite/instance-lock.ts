import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { KeywardenError } from '../../domain/result.ts';
import { isNotWritable, notWritable } from './database.ts';

export const LOCK_FILE = 'keywarden.lock';

/**
 * One server per data directory. Each server caches authenticated keys, so a second server on
 * the same database would keep accepting a key the first one revoked. The lock is an exclusive
 * SQLite lock on a side file: the OS drops it when the process dies, so a crash leaves nothing
 * stale, and the CLI's `token create` (which opens only the database) still works beside it.
 */
export function lockDataDirectory(dataDir: string): () => void {
  let lock: Database;
  try {
    lock = new BetterSqlite3(join(dataDir, LOCK_FILE), { timeout: 0 });
  } catch (error) {
    throw isNotWritable(error) ? notWritable(dataDir) : error;
  }
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new KeywardenError(
        'data_dir_in_use',
        `Another Keywarden server is already serving ${dataDir}; stop it first, or start this one with another --data directory.`,
      );
    }
    throw isNotWritable(error) ? notWritable(dataDir) : error;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    lock.close();
  };
}
