/**
 * First-run setup for a data directory: the workspace and its admin tokens. Synchronous, because
 * the embedding API returns the new token directly (the desktop app calls it before starting).
 */
import type { AdminRole } from '../../shared/api.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { generateCredential, labelOf } from '../../shared/credentials.ts';
import { hashSecret, newId } from '../domain/ids.ts';
import { KeywardenError } from '../domain/result.ts';
import type { AdminTokenRecord } from '../storage/repositories.ts';
import { openSqliteStorage, sqliteDatabaseExists, type SqliteStorage } from '../storage/sqlite/index.ts';

export interface InitWorkspaceOptions {
  dataDir: string;
  name?: string;
  clock?: Clock;
}

export function isInitialized(dataDir: string): boolean {
  if (!sqliteDatabaseExists(dataDir)) return false;
  return withStorage(dataDir, (storage) => storage.bootstrap.workspaces.getNow() !== null);
}

export function initWorkspace(options: InitWorkspaceOptions): { workspaceId: string; ownerToken: string } {
  return withStorage(options.dataDir, (storage) => {
    if (storage.bootstrap.workspaces.getNow() !== null) {
      throw new KeywardenError(
        'already_initialized',
        `The data directory ${options.dataDir} already holds a workspace; mint more admin tokens with "keywarden-server token create".`,
      );
    }
    const createdAt = (options.clock ?? systemClock).now().toISOString();
    const workspaceId = newId('ws');
    const { record, token } = newAdminToken(workspaceId, 'owner', 'Owner', createdAt);
    storage.bootstrap.workspaces.createNow(
      {
        id: workspaceId,
        name: options.name ?? 'My workspace',
        brand: null,
        region: null,
        replyTo: null,
        scimCustomAttributes: false,
        createdAt,
      },
      record,
    );
    return { workspaceId, ownerToken: token };
  });
}

export interface CreateAdminTokenOptions {
  dataDir: string;
  role: AdminRole;
  name: string;
  clock?: Clock;
}

export function createAdminToken(options: CreateAdminTokenOptions): { id: string; token: string } {
  if (!sqliteDatabaseExists(options.dataDir)) throw notInitialized(options.dataDir);
  return withStorage(options.dataDir, (storage) => {
    const workspace = storage.bootstrap.workspaces.getNow();
    if (!workspace) throw notInitialized(options.dataDir);
    const createdAt = (options.clock ?? systemClock).now().toISOString();
    const { record, token } = newAdminToken(workspace.id, options.role, options.name, createdAt);
    storage.bootstrap.adminTokens.insertNow(record);
    return { id: record.id, token };
  });
}

export function notInitialized(dataDir: string): KeywardenError {
  return new KeywardenError(
    'not_initialized',
    `The data directory ${dataDir} holds no workspace yet; run "keywarden-server init --data ${dataDir}" first.`,
  );
}

function newAdminToken(
  workspaceId: string,
  role: AdminRole,
  name: string,
  createdAt: string,
): { record: AdminTokenRecord; token: string } {
  const token = generateCredential('lsa_');
  return {
    token,
    record: {
      id: newId('tok'),
      workspaceId,
      name,
      role,
      tokenHash: hashSecret(token),
      prefix: labelOf(token),
      createdAt,
    },
  };
}

function withStorage<T>(dataDir: string, use: (storage: SqliteStorage) => T): T {
  const storage = openSqliteStorage(dataDir);
  try {
    return use(storage);
  } finally {
    storage.close();
  }
}
