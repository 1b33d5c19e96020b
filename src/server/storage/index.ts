/**
 * Chooses the storage backend: PostgreSQL when a database URL is given (several nodes share it),
 * else SQLite in the data directory (the default, and the desktop app's embedded workspace).
 */
import { errorMessage } from '../../shared/error-message.ts';
import { KeywardenError } from '../domain/result.ts';
import { openPostgresStorage, PostgresSchemaTooNewError } from './postgres/index.ts';
import type { Storage } from './repositories.ts';
import { lockDataDirectory, openSqliteStorage, sqliteDatabaseExists } from './sqlite/index.ts';

export interface StorageConfig {
  /** postgres://… (also from KEYWARDEN_DATABASE_URL on the command line). */
  database?: string | undefined;
  /** The SQLite data directory, when no database URL is given. */
  dataDir?: string | undefined;
}

/** What the user named, for sentences: the data directory, or the database without its password. */
export function describeStorage(config: StorageConfig): string {
  if (config.database) return `the database ${redactUrl(config.database)}`;
  return `the data directory ${config.dataDir ?? '(none)'}`;
}

/** Whether opening would find a schema at all (SQLite: the file exists); PostgreSQL is always created. */
export function storageMayExist(config: StorageConfig): boolean {
  if (config.database) return true;
  return config.dataDir !== undefined && sqliteDatabaseExists(config.dataDir);
}

export async function createStorage(config: StorageConfig): Promise<Storage> {
  if (config.database) {
    if (!/^postgres(ql)?:\/\//i.test(config.database)) {
      throw new KeywardenError('usage', 'The database must be a postgres://user@host:port/name URL.');
    }
    try {
      return await openPostgresStorage(config.database);
    } catch (error) {
      if (error instanceof PostgresSchemaTooNewError) {
        throw new KeywardenError(
          'database_too_new',
          `${describeStorage(config)} was written by a newer version of Keywarden (schema version ` +
            `${error.foundVersion}; this version knows up to ${error.knownVersion}) and is left untouched: update Keywarden.`,
        );
      }
      throw new KeywardenError(
        'database_unreachable',
        `Keywarden cannot use ${describeStorage(config)}: ${errorMessage(error)}.`,
      );
    }
  }
  if (!config.dataDir) throw new KeywardenError('usage', 'Give a data directory (--data DIR) or a --database URL.');
  return openSqliteStorage(config.dataDir);
}

/**
 * Claims the storage for one serving process where it must have one: a data directory is served
 * by one process (SQLite has no way to tell another process a key was revoked), a database by as
 * many nodes as share it. Returns the release.
 */
export function lockStorageForServing(config: StorageConfig): () => void {
  if (config.database || !config.dataDir) return () => {};
  return lockDataDirectory(config.dataDir);
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}
