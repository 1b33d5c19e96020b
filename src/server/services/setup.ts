/**
 * First-run setup: the workspace and its admin tokens, on any storage (a data directory or a
 * PostgreSQL database). The CLI and the desktop app's local workspace both come through here, so
 * there is one way to create a workspace and one to mint a token.
 */
import { z } from 'zod';
import type { AdminRole, AdminTokenSummary } from '../../shared/api/index.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { generateCredential, labelOf } from '../../shared/credentials.ts';
import { hashSecret, newId } from '../domain/ids.ts';
import { KeywardenError } from '../domain/result.ts';
import { createStorage, describeStorage, storageMayExist, type StorageConfig } from '../storage/index.ts';
import type { AdminTokenRecord, Storage } from '../storage/repositories.ts';
import { AdminTokenService } from './admin-tokens.ts';
import { AuditTrail, type RequestContext } from './audit-trail.ts';

/**
 * Who the audit trail names for changes made on the storage itself (CLI, desktop app). Webhooks
 * subscribed to them are sent them when the service next starts: a running one does not see
 * these writes.
 */
const DATA_DIRECTORY_CONTEXT: RequestContext = {
  actor: { type: 'system', id: null, name: 'keywarden-server on the data directory' },
  ip: null,
  userAgent: null,
};

export interface InitWorkspaceOptions extends StorageConfig {
  name?: string;
  clock?: Clock;
}

export interface CreateAdminTokenOptions extends StorageConfig {
  role: AdminRole;
  name: string;
  /** Owner tokens only: where the owner is emailed about expiring and expired keys. */
  email?: string;
  clock?: Clock;
}

/** Whether the storage holds a workspace; a data directory without a database is not created by asking. */
export async function isInitialized(config: StorageConfig): Promise<boolean> {
  if (!storageMayExist(config)) return false;
  return withStorage(config, async (storage) => (await storage.workspaces.get()) !== null);
}

/** Creates the workspace and its first owner token (shown once: only its hash is stored). */
export async function initWorkspace(
  options: InitWorkspaceOptions,
): Promise<{ workspaceId: string; ownerToken: string }> {
  return withStorage(options, async (storage) => {
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

/** Mints another admin token (shown once), beside a running server or none. */
export async function createAdminToken(options: CreateAdminTokenOptions): Promise<{ id: string; token: string }> {
  const email = checkedEmail(options);
  if (!storageMayExist(options)) throw notInitializedIn(options);
  return withStorage(options, async (storage) => {
    const workspace = await storage.workspaces.get();
    if (!workspace) throw notInitializedIn(options);
    const clock = options.clock ?? systemClock;
    const { record, token } = newAdminToken(workspace.id, options.role, options.name, clock.now().toISOString(), email);
    await storage.adminTokens.insert(record, [createdEvent(clock, record)]);
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
  return withStorage(options, async (storage) => {
    if (!(await storage.workspaces.get())) throw notInitializedIn(options);
    const clock = options.clock ?? systemClock;
    return use(new AdminTokenService(storage, clock, new AuditTrail(clock, { publish: () => {} })));
  });
}

async function withStorage<T>(config: StorageConfig, use: (storage: Storage) => Promise<T>): Promise<T> {
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

function notInitialized(dataDir: string): KeywardenError {
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
