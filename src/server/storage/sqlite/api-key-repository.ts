import type { Database, Statement } from 'better-sqlite3';
import type { Actor } from '../../../shared/api/index.ts';
import type {
  ApiKeyChanges,
  ApiKeyListQuery,
  ApiKeyRecord,
  ApiKeyRepository,
  NewAuditEvent,
  Page,
} from '../repositories.ts';
import type { AuditWriter } from './audit-repository.ts';

export interface ApiKeyRow {
  seq: number;
  id: string;
  workspace_id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  scope: ApiKeyRecord['scope'];
  environment: ApiKeyRecord['environment'];
  options: string | null;
  created_at: string;
  created_by: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
  revoked_by: string | null;
  last_used_at: string | null;
  last_used_ip: string | null;
  rotated_from_id: string | null;
  rotated_to_id: string | null;
  overlap_ends_at: string | null;
  expiring_notice_at: string | null;
  expired_notice_at: string | null;
  overlap_closed_at: string | null;
}

export const COLUMN_BY_FIELD: Record<keyof ApiKeyChanges, string> = {
  name: 'name',
  options: 'options',
  revokedAt: 'revoked_at',
  revokedReason: 'revoked_reason',
  revokedBy: 'revoked_by',
  rotatedToId: 'rotated_to_id',
  overlapEndsAt: 'overlap_ends_at',
  expiringNoticeAt: 'expiring_notice_at',
  expiredNoticeAt: 'expired_notice_at',
  overlapClosedAt: 'overlap_closed_at',
};

/** Not revoked as of @now (a rotation overlap revokes in the future). */
const LIVE = '(revoked_at IS NULL OR revoked_at > @now)';
const STATUS_FILTER = {
  revoked: 'revoked_at IS NOT NULL AND revoked_at <= @now',
  expired: `${LIVE} AND expires_at <= @now`,
  expiring: `${LIVE} AND expires_at > @now AND expires_at <= @warnBefore`,
  active: `${LIVE} AND expires_at > @warnBefore`,
} as const;

export class SqliteApiKeyRepository implements ApiKeyRepository {
  readonly #db: Database;
  readonly #audit: AuditWriter;
  readonly #statements = new Map<string, Statement>();
  readonly #insert: Statement;
  readonly #byId: Statement;
  readonly #byHash: Statement;

  constructor(db: Database, audit: AuditWriter) {
    this.#db = db;
    this.#audit = audit;
    this.#insert = db.prepare(`
      INSERT INTO api_keys (id, workspace_id, name, prefix, secret_hash, scope, environment, options, created_at,
        created_by, expires_at, revoked_at, revoked_reason, revoked_by, last_used_at, last_used_ip,
        rotated_from_id, rotated_to_id, overlap_ends_at, expiring_notice_at, expired_notice_at, overlap_closed_at)
      VALUES (@id, @workspace_id, @name, @prefix, @secret_hash, @scope, @environment, @options, @created_at,
        @created_by, @expires_at, @revoked_at, @revoked_reason, @revoked_by, @last_used_at, @last_used_ip,
        @rotated_from_id, @rotated_to_id, @overlap_ends_at, @expiring_notice_at, @expired_notice_at, @overlap_closed_at)`);
    this.#byId = db.prepare('SELECT * FROM api_keys WHERE id = ?');
    this.#byHash = db.prepare('SELECT * FROM api_keys WHERE secret_hash = ?');
  }

  async insert(key: ApiKeyRecord, events: NewAuditEvent[]): Promise<void> {
    this.#db.transaction(() => {
      this.insertWithin(key);
      this.#audit.write(events);
    })();
  }

  /** For a transaction of the storage's: writes the row and nothing else. */
  insertWithin(key: ApiKeyRecord): void {
    this.#insert.run(toRow(key));
  }

  async findById(id: string): Promise<ApiKeyRecord | null> {
    const row = this.#byId.get(id) as ApiKeyRow | undefined;
    return row ? toRecord(row) : null;
  }

  async findBySecretHash(secretHash: string): Promise<ApiKeyRecord | null> {
    const row = this.#byHash.get(secretHash) as ApiKeyRow | undefined;
    return row ? toRecord(row) : null;
  }

  async list(query: ApiKeyListQuery): Promise<Page<ApiKeyRecord>> {
    const where: string[] = [];
    if (query.status) where.push(STATUS_FILTER[query.status]);
    if (query.after) where.push('(created_at < @afterTime OR (created_at = @afterTime AND seq < @afterSeq))');
    const sql = `SELECT * FROM api_keys ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at DESC, seq DESC LIMIT @limit`;
    const params: Record<string, string | number> = { limit: query.limit + 1 };
    if (sql.includes('@now')) params.now = query.now;
    if (sql.includes('@warnBefore')) params.warnBefore = query.warnBefore;
    if (query.after) {
      params.afterTime = query.after.time;
      params.afterSeq = query.after.seq;
    }
    const rows = this.#prepare(sql).all(params) as ApiKeyRow[];
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      rows: page.map(toRecord),
      next: rows.length > query.limit && last ? { time: last.created_at, seq: last.seq } : null,
    };
  }

  async update(id: string, changes: ApiKeyChanges, events: NewAuditEvent[]): Promise<void> {
    this.#db.transaction(() => {
      this.#applyChanges(id, changes);
      this.#audit.write(events);
    })();
  }

  async rotate(
    oldId: string,
    oldChanges: ApiKeyChanges,
    successor: ApiKeyRecord,
    events: NewAuditEvent[],
  ): Promise<boolean> {
    return this.#db.transaction(() => {
      // A key revoked meanwhile stays revoked: the rotation would otherwise move its revocation
      // to the end of the overlap and bring it back to life.
      if (!this.#applyChanges(oldId, oldChanges, 'rotated_to_id IS NULL AND revoked_at IS NULL')) return false;
      this.#insert.run(toRow(successor));
      this.#audit.write(events);
      return true;
    })();
  }

  async dueForExpiringNotice(warnBefore: string, now: string): Promise<ApiKeyRecord[]> {
    return this.#select(
      `SELECT * FROM api_keys WHERE expiring_notice_at IS NULL AND ${LIVE} AND expires_at > @now AND expires_at <= @warnBefore`,
      { now, warnBefore },
    );
  }

  async dueForExpiredNotice(now: string): Promise<ApiKeyRecord[]> {
    return this.#select('SELECT * FROM api_keys WHERE expired_notice_at IS NULL AND expires_at <= @now', { now });
  }

  async overlapsEnded(now: string): Promise<ApiKeyRecord[]> {
    return this.#select(
      'SELECT * FROM api_keys WHERE overlap_closed_at IS NULL AND overlap_ends_at IS NOT NULL AND overlap_ends_at <= @now',
      { now },
    );
  }

  async dueForDeletion(expiredBefore: string): Promise<ApiKeyRecord[]> {
    return this.#select('SELECT * FROM api_keys WHERE expires_at <= @expiredBefore', { expiredBefore });
  }

  async delete(id: string, events: NewAuditEvent[]): Promise<void> {
    this.#db.transaction(() => {
      this.#prepare('UPDATE api_keys SET rotated_to_id = NULL WHERE rotated_to_id = ?').run(id);
      this.#prepare('UPDATE api_keys SET rotated_from_id = NULL WHERE rotated_from_id = ?').run(id);
      this.#prepare('DELETE FROM api_keys WHERE id = ?').run(id);
      this.#audit.write(events);
    })();
  }

  /** Returns whether the row was changed (it may not match `onlyIf`). */
  #applyChanges(id: string, changes: ApiKeyChanges, onlyIf?: string): boolean {
    const fields = Object.keys(changes) as (keyof ApiKeyChanges)[];
    if (fields.length === 0) return true;
    const assignments = fields.map((field) => `${COLUMN_BY_FIELD[field]} = @${field}`).join(', ');
    const params: Record<string, string | null> = { id };
    for (const field of fields) params[field] = encodeChange(field, changes[field]);
    const condition = onlyIf ? ` AND ${onlyIf}` : '';
    return this.#prepare(`UPDATE api_keys SET ${assignments} WHERE id = @id${condition}`).run(params).changes > 0;
  }

  #select(sql: string, params: Record<string, string>): ApiKeyRecord[] {
    return (this.#prepare(sql).all(params) as ApiKeyRow[]).map(toRecord);
  }

  #prepare(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) this.#statements.set(sql, (statement = this.#db.prepare(sql)));
    return statement;
  }
}

export function encodeChange(field: keyof ApiKeyChanges, value: ApiKeyChanges[keyof ApiKeyChanges]): string | null {
  if (value === null || value === undefined) return null;
  if (field === 'options' || field === 'revokedBy') return JSON.stringify(value);
  return value as string;
}

export function toRow(key: ApiKeyRecord): Omit<ApiKeyRow, 'seq'> {
  return {
    id: key.id,
    workspace_id: key.workspaceId,
    name: key.name,
    prefix: key.prefix,
    secret_hash: key.secretHash,
    scope: key.scope,
    environment: key.environment,
    options: key.options ? JSON.stringify(key.options) : null,
    created_at: key.createdAt,
    created_by: JSON.stringify(key.createdBy),
    expires_at: key.expiresAt,
    revoked_at: key.revokedAt,
    revoked_reason: key.revokedReason,
    revoked_by: key.revokedBy ? JSON.stringify(key.revokedBy) : null,
    last_used_at: key.lastUsedAt,
    last_used_ip: key.lastUsedIp,
    rotated_from_id: key.rotatedFromId,
    rotated_to_id: key.rotatedToId,
    overlap_ends_at: key.overlapEndsAt,
    expiring_notice_at: key.expiringNoticeAt,
    expired_notice_at: key.expiredNoticeAt,
    overlap_closed_at: key.overlapClosedAt,
  };
}

export function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    prefix: row.prefix,
    secretHash: row.secret_hash,
    scope: row.scope,
    environment: row.environment,
    options: row.options ? (JSON.parse(row.options) as ApiKeyRecord['options']) : null,
    createdAt: row.created_at,
    createdBy: JSON.parse(row.created_by) as Actor,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedReason: row.revoked_reason,
    revokedBy: row.revoked_by ? (JSON.parse(row.revoked_by) as Actor) : null,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
    rotatedFromId: row.rotated_from_id,
    rotatedToId: row.rotated_to_id,
    overlapEndsAt: row.overlap_ends_at,
    expiringNoticeAt: row.expiring_notice_at,
    expiredNoticeAt: row.expired_notice_at,
    overlapClosedAt: row.overlap_closed_at,
  };
}
