/**
 * First-run setup for a data directory: the workspace and its admin tokens. Synchronous, because
 * the embedding API returns the new token directly (the desktop app calls it before starting).
 */
import { z } from 'zod';
import type { AdminRole, AdminTokenSummary } from '../../shared/api/index.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { generateCredential, labelOf } from '../../shared/credentials.ts';
import { hashSecret, newId } from '../domain/ids.ts';
import { KeywardenError } from '../domain/result.ts';
import type { AdminTokenRecord } from '../storage/repositories.ts';
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

export interface CreateAdminTokenOptions {
  dataDir: string;
  role: AdminRole;
  name: string;
  /** Owner tokens only: where the owner is emailed about expiring and expired keys. */
  email?: string;
  clock?: Clock;
}

export function createAdminToken(options: CreateAdminTokenOptions): { id: string; token: string } {
  if (options.email !== undefined && options.role !== 'owner') {
    throw new KeywardenError(
      'invalid_request',
      'Only owner tokens carry a contact address: owners are the ones emailed about expiring keys.',
    );
  }
  const email = options.email === undefined ? null : contactAddress(options.email);
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

export interface AdminTokensOptions {
  dataDir: string;
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
        ? `There is no admin token ${options.id} in ${options.dataDir}.`
        : result.problem.message;
    throw new KeywardenError(result.problem.code, message);
  }
  return result.value;
}

async function withAdminTokens<T>(
  options: AdminTokensOptions,
  use: (tokens: AdminTokenService) => Promise<T>,
): Promise<T> {
  if (!sqliteDatabaseExists(options.dataDir)) throw notInitialized(options.dataDir);
  const storage = openSqliteStorage(options.dataDir);
  try {
    if (!storage.bootstrap.workspaces.getNow()) throw notInitialized(options.dataDir);
    const clock = options.clock ?? systemClock;
    return await use(new AdminTokenService(storage, clock, new AuditTrail(clock, { publish: () => {} })));
  } finally {
    storage.close();
  }
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
    storage.close();
  }
}
