import type pg from 'pg';
import type {
  ApiKeyChanges,
  ApiKeyListQuery,
  ApiKeyRecord,
  ApiKeyRepository,
  NewAuditEvent,
  Page,
} from '../repositories.ts';
import { COLUMN_BY_FIELD, encodeChange, toRecord, toRow, type ApiKeyRow } from '../sqlite/api-key-repository.ts';
import { writeAudit } from './audit-repository.ts';
import { inTransaction, type Queryable } from './client.ts';

const COLUMNS = Object.keys(toRow({} as ApiKeyRecord));
const INSERT = `INSERT INTO api_keys (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

/** Not revoked as of $1 (a rotation overlap revokes in the future). */
const LIVE = '(revoked_at IS NULL OR revoked_at > $1)';
const STATUS_FILTER = {
  revoked: 'revoked_at IS NOT NULL AND revoked_at <= $1',
  expired: `${LIVE} AND expires_at <= $1`,
  expiring: `${LIVE} AND expires_at > $1 AND expires_at <= $2`,
  active: `${LIVE} AND expires_at > $2`,
} as const;

export class PostgresApiKeyRepository implements ApiKeyRepository {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async insert(key: ApiKeyRecord, events: NewAuditEvent[]): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await insertKey(client, key);
      await writeAudit(client, events);
    });
  }

  async findById(id: string): Promise<ApiKeyRecord | null> {
    return (await this.#select('SELECT * FROM api_keys WHERE id = $1', [id]))[0] ?? null;
  }

  async findBySecretHash(secretHash: string): Promise<ApiKeyRecord | null> {
    return (await this.#select('SELECT * FROM api_keys WHERE secret_hash = $1', [secretHash]))[0] ?? null;
  }

  async list(query: ApiKeyListQuery): Promise<Page<ApiKeyRecord>> {
    const params: unknown[] = [query.now, query.warnBefore, query.limit + 1];
    const where: string[] = ['$1::text IS NOT NULL AND $2::text IS NOT NULL'];
    if (query.status) where.push(STATUS_FILTER[query.status]);
    if (query.after) {
      params.push(query.after.time, query.after.seq);
      where.push('(created_at < $4 OR (created_at = $4 AND seq < $5))');
    }
    const { rows } = await this.#pool.query<ApiKeyRow>(
      `SELECT * FROM api_keys WHERE ${where.join(' AND ')} ORDER BY created_at DESC, seq DESC LIMIT $3`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      rows: page.map(toRecord),
      next: rows.length > query.limit && last ? { time: last.created_at, seq: last.seq } : null,
    };
  }

  async update(id: string, changes: ApiKeyChanges, events: NewAuditEvent[]): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await applyChanges(client, id, changes);
      await writeAudit(client, events);
    });
  }

  async rotate(
    oldId: string,
    oldChanges: ApiKeyChanges,
    successor: ApiKeyRecord,
    events: NewAuditEvent[],
  ): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      // A key revoked meanwhile stays revoked: the rotation would otherwise move its revocation
      // to the end of the overlap and bring it back to life. The UPDATE's row lock makes a
      // concurrent rotation on another node wait and then find rotated_to_id set.
      if (!(await applyChanges(client, oldId, oldChanges, 'rotated_to_id IS NULL AND revoked_at IS NULL'))) {
        return false;
      }
      await insertKey(client, successor);
      await writeAudit(client, events);
      return true;
    });
  }

  async dueForExpiringNotice(warnBefore: string, now: string): Promise<ApiKeyRecord[]> {
    return this.#select(
      `SELECT * FROM api_keys WHERE expiring_notice_at IS NULL AND ${LIVE} AND expires_at > $1 AND expires_at <= $2`,
      [now, warnBefore],
    );
  }

  async dueForExpiredNotice(now: string): Promise<ApiKeyRecord[]> {
    return this.#select('SELECT * FROM api_keys WHERE expired_notice_at IS NULL AND expires_at <= $1', [now]);
  }

  async overlapsEnded(now: string): Promise<ApiKeyRecord[]> {
    return this.#select(
      'SELECT * FROM api_keys WHERE overlap_closed_at IS NULL AND overlap_ends_at IS NOT NULL AND overlap_ends_at <= $1',
      [now],
    );
  }

  async dueForDeletion(expiredBefore: string): Promise<ApiKeyRecord[]> {
    return this.#select('SELECT * FROM api_keys WHERE expires_at <= $1', [expiredBefore]);
  }

  async delete(id: string, events: NewAuditEvent[]): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query('UPDATE api_keys SET rotated_to_id = NULL WHERE rotated_to_id = $1', [id]);
      await client.query('UPDATE api_keys SET rotated_from_id = NULL WHERE rotated_from_id = $1', [id]);
      await client.query('DELETE FROM api_keys WHERE id = $1', [id]);
      await writeAudit(client, events);
    });
  }

  async #select(sql: string, params: unknown[]): Promise<ApiKeyRecord[]> {
    return (await this.#pool.query<ApiKeyRow>(sql, params)).rows.map(toRecord);
  }
}

export async function insertKey(db: Queryable, key: ApiKeyRecord): Promise<void> {
  const row = toRow(key) as unknown as Record<string, unknown>;
  await db.query(
    INSERT,
    COLUMNS.map((column) => row[column]),
  );
}

/** Returns whether the row was changed (it may not match `onlyIf`). */
async function applyChanges(db: Queryable, id: string, changes: ApiKeyChanges, onlyIf?: string): Promise<boolean> {
  const fields = Object.keys(changes) as (keyof ApiKeyChanges)[];
  if (fields.length === 0) return true;
  const params: unknown[] = [id];
  const assignments = fields.map(
    (field) => `${COLUMN_BY_FIELD[field]} = $${params.push(encodeChange(field, changes[field]))}`,
  );
  const condition = onlyIf ? ` AND ${onlyIf}` : '';
  const result = await db.query(`UPDATE api_keys SET ${assignments.join(', ')} WHERE id = $1${condition}`, params);
  return (result.rowCount ?? 0) > 0;
}
