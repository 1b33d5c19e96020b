import {
  DAY_MS,
  EXPIRY_WARNING_DAYS,
  KEY_VALIDITY_DAYS,
  keyStatusAt,
  type ApiKey,
  type CreateApiKeyRequest,
  type CreateApiKeyResponse,
  type KeyUsage,
  type KeyUses,
  type ListApiKeysQuery,
  type ListApiKeysResponse,
  type RotateApiKeyResponse,
  type UpdateApiKeyRequest,
} from '../../shared/api/index.ts';
import type { Clock } from '../../shared/clock.ts';
import { generateCredential, labelOf } from '../../shared/credentials.ts';
import { decodeCursor, encodeCursor } from '../domain/cursor.ts';
import { hashSecret, newId } from '../domain/ids.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { ApiKeyChanges, ApiKeyRecord, Storage } from '../storage/repositories.ts';
import type { AuditTrail, RequestContext } from './audit-trail.ts';
import type { Authenticator } from './authenticator.ts';
import { presentApiKey } from './present.ts';
import type { UsageRecorder } from './usage-recorder.ts';
import type { WorkspaceService } from './workspace.ts';

export interface ApiKeyServiceDeps {
  storage: Storage;
  clock: Clock;
  audit: AuditTrail;
  authenticator: Authenticator;
  usage: UsageRecorder;
  workspaces: WorkspaceService;
}

const KEY_NOT_FOUND = 'No API key with this id exists in the workspace.';

/** Issuing, editing, revoking and rotating keys: every change is audited in its own transaction. */
export class ApiKeyService {
  readonly #deps: ApiKeyServiceDeps;

  constructor(deps: ApiKeyServiceDeps) {
    this.#deps = deps;
  }

  async create(context: RequestContext, request: CreateApiKeyRequest): Promise<Result<CreateApiKeyResponse>> {
    const { storage, clock, audit } = this.#deps;
    const now = clock.now();
    const latestExpiry = now.getTime() + KEY_VALIDITY_DAYS * DAY_MS;
    const expiresAt = request.expiresAt === undefined ? latestExpiry : Date.parse(request.expiresAt);
    if (expiresAt > latestExpiry || expiresAt <= now.getTime()) {
      return invalidField('expiresAt', `expiresAt must lie in the next ${KEY_VALIDITY_DAYS} days`);
    }
    // Read first: with several nodes this brings the workspace up to date before the toggle is prepared on it.
    const workspace = await this.#deps.workspaces.current();
    // The SCIM custom-attributes toggle is workspace-wide, so setting it on one SCIM key sets it for all. It
    // commits with the key: a key that fails to be created leaves the toggle as it was.
    const toggle =
      request.scimCustomAttributes === undefined
        ? null
        : this.#deps.workspaces.prepare(context, { scimCustomAttributes: request.scimCustomAttributes });
    const environment = request.environment ?? 'live';
    const secret = generateCredential(environment === 'test' ? 'lsk_test_' : 'lsk_live_');
    const key = newKeyRecord({
      workspaceId: workspace.id,
      name: request.name,
      secret,
      scope: request.scope,
      environment,
      options:
        request.scope === 'on_premise'
          ? { retrieveSignatures: false, sendDirectoryInfo: false, ...request.options }
          : null,
      createdAt: now.toISOString(),
      createdBy: context.actor,
      expiresAt: new Date(expiresAt).toISOString(),
      rotatedFromId: null,
    });
    const events = [
      audit.event('key.created', context, key, {
        name: key.name,
        scope: key.scope,
        environment: key.environment,
        expiresAt: key.expiresAt,
      }),
    ];
    await storage.transaction((writes) => {
      if (toggle) writes.updateWorkspace(toggle.workspaceId, toggle.changes);
      writes.insertKey(key);
      writes.appendAudit([...(toggle?.events ?? []), ...events]);
    });
    if (toggle) this.#deps.workspaces.applied(toggle);
    audit.committed(events);
    return ok({ apiKey: presentApiKey(key, now), secret });
  }

  async get(id: string): Promise<Result<ApiKey>> {
    this.#deps.usage.flush();
    const key = await this.#deps.storage.apiKeys.findById(id);
    if (!key) return fail('not_found', KEY_NOT_FOUND);
    return ok(presentApiKey(key, this.#deps.clock.now()));
  }

  async list(query: ListApiKeysQuery): Promise<Result<ListApiKeysResponse>> {
    this.#deps.usage.flush();
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (after === null) return invalidField('cursor', 'cursor is not one this service issued');
    const now = this.#deps.clock.now();
    const page = await this.#deps.storage.apiKeys.list({
      now: now.toISOString(),
      warnBefore: new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS).toISOString(),
      ...(query.status ? { status: query.status } : {}),
      limit: query.limit,
      ...(after ? { after } : {}),
    });
    return ok({ data: page.rows.map((key) => presentApiKey(key, now)), nextCursor: encodeCursor(page.next) });
  }

  async update(context: RequestContext, id: string, request: UpdateApiKeyRequest): Promise<Result<ApiKey>> {
    const { storage, clock, audit } = this.#deps;
    const key = await storage.apiKeys.findById(id);
    if (!key) return fail('not_found', KEY_NOT_FOUND);
    const status = keyStatusAt(key, clock.now());
    if (status === 'revoked' || status === 'expired') {
      return fail('conflict', `A ${status} key cannot be changed; create a new key instead.`);
    }
    if (request.options !== undefined && key.scope !== 'on_premise') {
      return invalidField('options', 'options apply to on_premise keys only');
    }
    const changes: ApiKeyChanges = {};
    if (request.name !== undefined && request.name !== key.name) changes.name = request.name;
    if (request.options !== undefined && key.options) changes.options = { ...key.options, ...request.options };
    const updated: ApiKeyRecord = { ...key, ...changes };
    if (Object.keys(changes).length > 0) {
      const events = [audit.event('key.updated', context, key, { changes })];
      await storage.apiKeys.update(id, changes, events);
      this.#deps.authenticator.forget(id);
      audit.committed(events);
    }
    return ok(presentApiKey(updated, clock.now()));
  }

  /** Permanent and immediate; revoking a revoked key changes nothing and succeeds. */
  async revoke(context: RequestContext, id: string, reason: string | undefined): Promise<Result<ApiKey>> {
    const { storage, clock, audit } = this.#deps;
    const now = clock.now();
    const key = await storage.apiKeys.findById(id);
    if (!key) return fail('not_found', KEY_NOT_FOUND);
    if (key.revokedAt !== null && Date.parse(key.revokedAt) <= now.getTime()) return ok(presentApiKey(key, now));
    const changes: ApiKeyChanges = {
      revokedAt: now.toISOString(),
      revokedReason: reason ?? 'revoked',
      revokedBy: context.actor,
      ...(key.overlapEndsAt !== null && key.overlapClosedAt === null ? { overlapClosedAt: now.toISOString() } : {}),
    };
    const events = [audit.event('key.revoked', context, key, { reason: changes.revokedReason })];
    await storage.apiKeys.update(id, changes, events);
    this.#deps.authenticator.forget(id);
    audit.committed(events);
    return ok(presentApiKey({ ...key, ...changes }, now));
  }

  /**
   * Rotation = a successor now, and the old key revoked when the overlap ends ("two keys live
   * for a moment", so a deployment can switch without an outage). The old key's revocation is stored up front with the overlap's end
   * as its time, so authentication refuses it the instant the overlap is over.
   */
  async rotate(context: RequestContext, id: string, overlapSeconds: number): Promise<Result<RotateApiKeyResponse>> {
    const { storage, clock, audit } = this.#deps;
    const now = clock.now();
    const old = await storage.apiKeys.findById(id);
    if (!old) return fail('not_found', KEY_NOT_FOUND);
    const revoked = old.revokedAt !== null && Date.parse(old.revokedAt) <= now.getTime();
    if (revoked) return fail('conflict', 'A revoked key cannot be rotated; create a new key instead.');
    if (Date.parse(old.expiresAt) <= now.getTime()) {
      return fail('conflict', 'An expired key cannot be rotated; create a new key instead.');
    }
    if (old.rotatedToId !== null) return fail('conflict', 'This key has already been rotated.');
    const secret = generateCredential(old.environment === 'test' ? 'lsk_test_' : 'lsk_live_');
    const successor = newKeyRecord({
      workspaceId: old.workspaceId,
      name: old.name,
      secret,
      scope: old.scope,
      environment: old.environment,
      options: old.options,
      createdAt: now.toISOString(),
      createdBy: context.actor,
      expiresAt: new Date(now.getTime() + KEY_VALIDITY_DAYS * DAY_MS).toISOString(),
      rotatedFromId: old.id,
    });
    const overlapEndsAt = new Date(now.getTime() + overlapSeconds * 1000).toISOString();
    const changes: ApiKeyChanges = {
      rotatedToId: successor.id,
      revokedAt: overlapEndsAt,
      revokedReason: 'rotated',
      revokedBy: context.actor,
      overlapEndsAt,
      ...(overlapSeconds === 0 ? { overlapClosedAt: now.toISOString() } : {}),
    };
    const events = [
      audit.event('key.created', context, successor, { name: successor.name, rotatedFromId: old.id }),
      audit.event('key.rotated', context, old, { successorId: successor.id, overlapEndsAt }),
      ...(overlapSeconds === 0 ? [audit.event('key.revoked', context, old, { reason: 'rotated' })] : []),
    ];
    if (!(await storage.apiKeys.rotate(old.id, changes, successor, events))) {
      return fail('conflict', 'This key was rotated or revoked meanwhile.');
    }
    this.#deps.authenticator.forget(old.id);
    audit.committed(events);
    return ok({
      apiKey: presentApiKey(successor, now),
      secret,
      previous: presentApiKey({ ...old, ...changes }, now),
    });
  }

  async usage(id: string, days: number): Promise<Result<KeyUsage>> {
    this.#deps.usage.flush();
    const key = await this.#deps.storage.apiKeys.findById(id);
    if (!key) return fail('not_found', KEY_NOT_FOUND);
    const today = Date.parse(this.#deps.clock.now().toISOString().slice(0, 10));
    const dates = Array.from({ length: days }, (_, i) =>
      new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10),
    );
    const counts = await this.#deps.storage.usage.dailyCounts(id, dates[0] ?? '', dates.at(-1) ?? '');
    const perDay = dates.map((date) => ({ date, requests: counts.get(date) ?? 0 }));
    return ok({
      keyId: id,
      days: perDay,
      totalRequests: perDay.reduce((sum, day) => sum + day.requests, 0),
      lastUsedAt: key.lastUsedAt,
      lastUsedIp: key.lastUsedIp,
    });
  }

  /** Recent requests with one key, newest first: what the rotation wizard charts and a leak audit lists. */
  async uses(id: string, since: string, limit: number): Promise<Result<KeyUses>> {
    this.#deps.usage.flush();
    const key = await this.#deps.storage.apiKeys.findById(id);
    if (!key) return fail('not_found', KEY_NOT_FOUND);
    // Rows are stored in UTC; an offset in the query would otherwise compare as text wrongly.
    const from = new Date(since).toISOString();
    const rows = await this.#deps.storage.usage.usesSince(id, from, limit + 1);
    const uses = rows.slice(0, limit).map(({ at, ip, userAgent, requests }) => ({ at, ip, userAgent, requests }));
    return ok({ keyId: id, since: from, uses, truncated: rows.length > limit });
  }
}

interface NewKey {
  workspaceId: string;
  name: string;
  secret: string;
  scope: ApiKeyRecord['scope'];
  environment: ApiKeyRecord['environment'];
  options: ApiKeyRecord['options'];
  createdAt: string;
  createdBy: ApiKeyRecord['createdBy'];
  expiresAt: string;
  rotatedFromId: string | null;
}

function newKeyRecord(input: NewKey): ApiKeyRecord {
  const { secret, ...rest } = input;
  return {
    ...rest,
    id: newId('key'),
    prefix: labelOf(secret),
    secretHash: hashSecret(secret),
    revokedAt: null,
    revokedReason: null,
    revokedBy: null,
    lastUsedAt: null,
    lastUsedIp: null,
    rotatedToId: null,
    overlapEndsAt: null,
    expiringNoticeAt: null,
    expiredNoticeAt: null,
    overlapClosedAt: null,
  };
}

export function invalidField<T>(path: string, message: string): Result<T> {
  return { ok: false, problem: { code: 'invalid_request', message, fields: [{ path, message }] } };
}
