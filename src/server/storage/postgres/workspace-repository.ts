import type pg from 'pg';
import type { AdminRole } from '../../../shared/api/index.ts';
import type {
  AdminTokenRecord,
  AdminTokenRepository,
  AdminTokenRevocation,
  NewAuditEvent,
  WorkspaceChanges,
  WorkspaceRecord,
  WorkspaceRepository,
} from '../repositories.ts';
import { changedColumns } from '../workspace-columns.ts';
import { writeAudit } from './audit-repository.ts';
import { inTransaction, type Queryable } from './client.ts';

interface WorkspaceRow {
  id: string;
  name: string;
  brand: string | null;
  region: string | null;
  reply_to: string | null;
  scim_custom_attributes: boolean;
  created_at: string;
}

interface AdminTokenRow {
  id: string;
  workspace_id: string;
  name: string;
  role: AdminRole;
  token_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  email: string | null;
}

export class PostgresWorkspaceRepository implements WorkspaceRepository {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async get(): Promise<WorkspaceRecord | null> {
    const { rows } = await this.#pool.query<WorkspaceRow>('SELECT * FROM workspaces ORDER BY created_at LIMIT 1');
    return rows[0] ? toWorkspace(rows[0]) : null;
  }

  async create(workspace: WorkspaceRecord, owner: AdminTokenRecord, events: NewAuditEvent[]): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query(
        `INSERT INTO workspaces (id, name, brand, region, reply_to, scim_custom_attributes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          workspace.id,
          workspace.name,
          workspace.brand,
          workspace.region,
          workspace.replyTo,
          workspace.scimCustomAttributes,
          workspace.createdAt,
        ],
      );
      await insertToken(client, owner);
      await writeAudit(client, events);
    });
  }

  async update(id: string, changes: WorkspaceChanges, events: NewAuditEvent[]): Promise<WorkspaceRecord> {
    return inTransaction(this.#pool, async (client) => {
      const saved = await updateWorkspace(client, id, changes);
      await writeAudit(client, events);
      return saved;
    });
  }
}

/** For another repository's transaction: writes the changed columns and nothing else. */
export async function updateWorkspace(db: Queryable, id: string, changes: WorkspaceChanges): Promise<WorkspaceRecord> {
  const columns = changedColumns(changes);
  const assignments = columns.map(({ column }, i) => `${column} = $${i + 2}`).join(', ');
  const { rows } = await db.query<WorkspaceRow>(
    columns.length === 0
      ? 'SELECT * FROM workspaces WHERE id = $1'
      : `UPDATE workspaces SET ${assignments} WHERE id = $1 RETURNING *`,
    [id, ...columns.map(({ value }) => value)],
  );
  if (!rows[0]) throw new Error(`There is no workspace ${id} to change.`);
  return toWorkspace(rows[0]);
}

export class PostgresAdminTokenRepository implements AdminTokenRepository {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async insert(token: AdminTokenRecord, events: NewAuditEvent[]): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await insertToken(client, token);
      await writeAudit(client, events);
    });
  }

  async findByHash(tokenHash: string): Promise<AdminTokenRecord | null> {
    return this.#one('SELECT * FROM admin_tokens WHERE token_hash = $1', [tokenHash]);
  }

  async findById(id: string): Promise<AdminTokenRecord | null> {
    return this.#one('SELECT * FROM admin_tokens WHERE id = $1', [id]);
  }

  async list(): Promise<AdminTokenRecord[]> {
    const { rows } = await this.#pool.query<AdminTokenRow>('SELECT * FROM admin_tokens ORDER BY created_at, seq');
    return rows.map(toToken);
  }

  async listByRole(role: AdminRole): Promise<AdminTokenRecord[]> {
    const { rows } = await this.#pool.query<AdminTokenRow>(
      'SELECT * FROM admin_tokens WHERE role = $1 AND revoked_at IS NULL ORDER BY created_at, seq',
      [role],
    );
    return rows.map(toToken);
  }

  async markUsed(id: string, at: string): Promise<void> {
    await this.#pool.query('UPDATE admin_tokens SET last_used_at = $1 WHERE id = $2', [at, id]);
  }

  async revoke(
    id: string,
    revokedAt: string,
    events: (token: AdminTokenRecord) => NewAuditEvent[],
  ): Promise<AdminTokenRevocation> {
    return inTransaction(this.#pool, async (client): Promise<AdminTokenRevocation> => {
      // Every unrevoked owner row is locked before counting, so two owners revoking each other
      // on two nodes at once cannot both see the other one still there.
      await client.query("SELECT id FROM admin_tokens WHERE role = 'owner' AND revoked_at IS NULL FOR UPDATE");
      const { rows } = await client.query<AdminTokenRow>('SELECT * FROM admin_tokens WHERE id = $1 FOR UPDATE', [id]);
      if (!rows[0]) return { outcome: 'not_found' };
      const token = toToken(rows[0]);
      if (token.revokedAt !== null) return { outcome: 'already_revoked', token };
      if (token.role === 'owner') {
        const others = await client.query<{ n: number }>(
          "SELECT COUNT(*)::int AS n FROM admin_tokens WHERE role = 'owner' AND revoked_at IS NULL AND id <> $1",
          [id],
        );
        if ((others.rows[0]?.n ?? 0) === 0) return { outcome: 'last_owner' };
      }
      await client.query('UPDATE admin_tokens SET revoked_at = $1 WHERE id = $2', [revokedAt, id]);
      await writeAudit(client, events(token));
      return { outcome: 'revoked', token: { ...token, revokedAt } };
    });
  }

  async #one(sql: string, params: unknown[]): Promise<AdminTokenRecord | null> {
    const { rows } = await this.#pool.query<AdminTokenRow>(sql, params);
    return rows[0] ? toToken(rows[0]) : null;
  }
}

async function insertToken(db: Queryable, token: AdminTokenRecord): Promise<void> {
  await db.query(
    `INSERT INTO admin_tokens (id, workspace_id, name, role, token_hash, prefix, created_at, email)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [token.id, token.workspaceId, token.name, token.role, token.tokenHash, token.prefix, token.createdAt, token.email],
  );
}

function toWorkspace(row: WorkspaceRow): WorkspaceRecord {
  return {
    id: row.id,
    name: row.name,
    brand: row.brand,
    region: row.region,
    replyTo: row.reply_to,
    scimCustomAttributes: row.scim_custom_attributes,
    createdAt: row.created_at,
  };
}

function toToken(row: AdminTokenRow): AdminTokenRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    role: row.role,
    tokenHash: row.token_hash,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    email: row.email,
  };
}
