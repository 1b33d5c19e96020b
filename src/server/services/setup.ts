/**
 * First-run setup: the workspace and its admin tokens, on any storage (`initWorkspaceIn`,
 * `createAdminTokenIn`: the CLI, also for a PostgreSQL database). `initWorkspace` and
 * `createAdminToken` are the SQLite-only synchronous forms the embedding API keeps, because the
 * desktop app creates its local workspace before anything else starts.
 */
import { z } from 'zod';
import type { AdminRole, AdminTokenSummary } from '../../shared/api/index.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { generateCredential, labelOf } from '../../shared/credentials.ts';
import { hashSecret, newId } from '../domain/ids.ts';
import { KeywardenError } from '../domain/result.ts';
import { createStorage, describeStorage, storageMayExist, type StorageConfig } from '../storage/index.ts';
import type { AdminTokenRecord, Storage } from '../storage/repositories.ts';
import { openSqliteStorage, sqliteDatabaseExists, type SqliteStorage } from '../storage/sqlite/index.ts';
import { AdminTokenService } from './admin-tokens.ts';
import { AuditTrail, type RequestContext } from './audit-trail.ts';

/**
 * Who the audit trail names for changes made on the data directory itself (CLI, desktop app).
 * Webhooks subscribed to them are sent them when the service next starts: a running one does not
 * see these writes.
 */
const DATA_DIRECTORY_CONTEXT: RequestContext = {
  actor: { type: 'system', id: null, name: 'keywarden-server on the data directory' },
  ip: null,
  userAgent: null,
};

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
    const clock = options.clock ?? systemClock;
    const createdAt = clock.now().toISOString();
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
      [createdEvent(clock, record)],
    );
    return { workspaceId, ownerToken: token };
  });
}

/** Creates the workspace on any storage (a data directory or a PostgreSQL database). */
export async function initWorkspaceIn(
  options: StorageConfig & { name?: string; clock?: Clock },
): Promise<{ workspaceId: string; ownerToken: string }> {
  return withAnyStorage(options, async (storage) => {
    if ((await storage.workspaces.get()) !== null) {
      throw new KeywardenError(
        'already_initialized',
        `${capitalized(describeStorage(options))} already holds a workspace; mint more admin tokens with "keywarden-server token create".`,
      );
    }
    const clock = options.clock ?? systemClock;
    const createdAt = clock.now().toISOString();
    const workspaceId = newId('ws');
    const { record, token } = newAdminToken(workspaceId, 'owner', 'Owner', createdAt);
    await storage.workspaces.create(
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
      [createdEvent(clock, record)],
    );
    return { workspaceId, ownerToken: token };
  });
}

/** Mints an admin token on any storage (a data directory or a PostgreSQL database). */
export async function createAdminTokenIn(
  options: StorageConfig & Omit<CreateAdminTokenOptions, 'dataDir'>,
): Promise<{ id: string; token: string }> {
  const email = checkedEmail(options);
  if (!storageMayExist(options)) throw notInitializedIn(options);
  return withAnyStorage(options, async (storage) => {
    const workspace = await storage.workspaces.get();
    if (!workspace) throw notInitializedIn(options);
    const clock = options.clock ?? systemClock;
    const { record, token } = newAdminToken(workspace.id, options.role, options.name, clock.now().toISOString(), email);
    await storage.adminTokens.insert(record, [createdEvent(clock, record)]);
    return { id: record.id, token };
  });
}

export interface CreateAdminTokenOptions {
  dataDir: string;
  role: AdminRole;
  name: string;
  /** Owner tokens only: where the owner is emailed about expiring and expired keys. */
  email?: string;
  clock?: Clock;
}

export function createAdminToken(options: CreateAdminTokenOptions): { id: string; token: string } {
  const email = checkedEmail(options);
  if (!sqliteDatabaseExists(options.dataDir)) throw notInitialized(options.dataDir);
  return withStorage(options.dataDir, (storage) => {
    const workspace = storage.bootstrap.workspaces.getNow();
    if (!workspace) throw notInitialized(options.dataDir);
    const clock = options.clock ?? systemClock;
    const { record, token } = newAdminToken(workspace.id, options.role, options.name, clock.now().toISOString(), email);
    storage.bootstrap.adminTokens.insertNow(record, [createdEvent(clock, record)]);
    return { id: record.id, token };
  });
}

export interface AdminTokensOptions extends StorageConfig {
  clock?: Clock;
}

/** Every admin token of the data directory's workspace, revoked ones included (CLI `token list`). */
export async function listAdminTokens(options: AdminTokensOptions): Promise<AdminTokenSummary[]> {
  return withAdminTokens(options, (tokens) => tokens.list());
}

/** Revokes an admin token on the data directory (CLI `token revoke`); a running server refuses it at once. */
export async function revokeAdminToken(options: AdminTokensOptions & { id: string }): Promise<AdminTokenSummary> {
  const result = await withAdminTokens(options, (tokens) => tokens.revoke(DATA_DIRECTORY_CONTEXT, options.id));
  if (!result.ok) {
    const message =
      result.problem.code === 'not_found'
        ? `There is no admin token ${options.id} in ${options.database ? describeStorage(options) : options.dataDir}.`
        : result.problem.message;
    throw new KeywardenError(result.problem.code, message);
  }
  return result.value;
}

async function withAdminTokens<T>(
  options: AdminTokensOptions,
  use: (tokens: AdminTokenService) => Promise<T>,
): Promise<T> {
  if (!storageMayExist(options)) throw notInitializedIn(options);
  return withAnyStorage(options, async (storage) => {
    if (!(await storage.workspaces.get())) throw notInitializedIn(options);
    const clock = options.clock ?? systemClock;
    return use(new AdminTokenService(storage, clock, new AuditTrail(clock, { publish: () => {} })));
  });
}

async function withAnyStorage<T>(config: StorageConfig, use: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = await createStorage(config);
  try {
    return await use(storage);
  } finally {
    await storage.close();
  }
}

function checkedEmail(options: { role: AdminRole; email?: string }): string | null {
  if (options.email !== undefined && options.role !== 'owner') {
    throw new KeywardenError(
      'invalid_request',
      'Only owner tokens carry a contact address: owners are the ones emailed about expiring keys.',
    );
  }
  return options.email === undefined ? null : contactAddress(options.email);
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function createdEvent(clock: Clock, record: AdminTokenRecord) {
  const audit = new AuditTrail(clock, { publish: () => {} });
  return audit.event('admin_token.created', DATA_DIRECTORY_CONTEXT, null, {
    tokenId: record.id,
    name: record.name,
    role: record.role,
    prefix: record.prefix,
  });
}

export function notInitialized(dataDir: string): KeywardenError {
  return new KeywardenError(
    'not_initialized',
    `The data directory ${dataDir} holds no workspace yet; run "keywarden-server init --data ${dataDir}" first.`,
  );
}

export function notInitializedIn(config: StorageConfig): KeywardenError {
  if (!config.database) return notInitialized(config.dataDir ?? '');
  return new KeywardenError(
    'not_initialized',
    `${capitalized(describeStorage(config))} holds no workspace yet; run "keywarden-server init --database URL" first.`,
  );
}

/** A plain address (no display name): it is where expiry emails go, and what the audit trail names. */
function contactAddress(email: string): string {
  const parsed = z.email().safeParse(email.trim());
  if (!parsed.success) {
    throw new KeywardenError('invalid_request', `"${email}" is not an email address, such as ops@example.com.`);
  }
  return parsed.data;
}

function newAdminToken(
  workspaceId: string,
  role: AdminRole,
  name: string,
  createdAt: string,
  email: string | null = null,
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
      lastUsedAt: null,
      revokedAt: null,
      email,
    },
  };
}

function withStorage<T>(dataDir: string, use: (storage: SqliteStorage) => T): T {
  const storage = openSqliteStorage(dataDir);
  try {
    return use(storage);
  } finally {
    void storage.close();
  }
}
