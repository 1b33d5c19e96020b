import type { Database, Statement } from 'better-sqlite3';
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
import type { AuditWriter } from './audit-repository.ts';

interface WorkspaceRow {
  id: string;
  name: string;
  brand: string | null;
  region: string | null;
  reply_to: string | null;
  scim_custom_attributes: number;
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

export class SqliteWorkspaceRepository implements WorkspaceRepository {
  readonly #db: Database;
  readonly #audit: AuditWriter;
  readonly #tokens: SqliteAdminTokenRepository;
  readonly #get: Statement;
  readonly #insert: Statement;
  readonly #byId: Statement;
  /** One UPDATE per set of changed columns, prepared once. */
  readonly #updates = new Map<string, Statement>();

  constructor(db: Database, audit: AuditWriter, tokens: SqliteAdminTokenRepository) {
    this.#db = db;
    this.#audit = audit;
    this.#tokens = tokens;
    this.#get = db.prepare('SELECT * FROM workspaces ORDER BY created_at LIMIT 1');
    this.#insert =
      db.prepare(`INSERT INTO workspaces (id, name, brand, region, reply_to, scim_custom_attributes, created_at)
      VALUES (@id, @name, @brand, @region, @replyTo, @scim, @createdAt)`);
    this.#byId = db.prepare('SELECT * FROM workspaces WHERE id = ?');
  }

  async get(): Promise<WorkspaceRecord | null> {
    const row = this.#get.get() as WorkspaceRow | undefined;
    return row ? toWorkspace(row) : null;
  }

  async create(workspace: WorkspaceRecord, owner: AdminTokenRecord, events: NewAuditEvent[]): Promise<void> {
    this.#db.transaction(() => {
      this.#insert.run(toParams(workspace));
      this.#tokens.insertWithin(owner);
      this.#audit.write(events);
    })();
  }

  async update(id: string, changes: WorkspaceChanges, events: NewAuditEvent[]): Promise<WorkspaceRecord> {
    return this.#db.transaction(() => {
      const saved = this.updateWithin(id, changes);
      this.#audit.write(events);
      return saved;
    })();
  }

  /** For another repository's transaction: writes the changed columns and nothing else. */
  updateWithin(id: string, changes: WorkspaceChanges): WorkspaceRecord {
    const columns = changedColumns(changes);
    const values = columns.map(({ value }) => (typeof value === 'boolean' ? Number(value) : value));
    const row = (
      columns.length === 0 ? this.#byId.get(id) : this.#updateOf(columns.map(({ column }) => column)).get(...values, id)
    ) as WorkspaceRow | undefined;
    if (!row) throw new Error(`There is no workspace ${id} to change.`);
    return toWorkspace(row);
  }

  #updateOf(columns: string[]): Statement {
    const sql = `UPDATE workspaces SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE id = ? RETURNING *`;
    let statement = this.#updates.get(sql);
    if (!statement) this.#updates.set(sql, (statement = this.#db.prepare(sql)));
    return statement;
  }
}

export class SqliteAdminTokenRepository implements AdminTokenRepository {
  readonly #db: Database;
  readonly #audit: AuditWriter;
  readonly #insert: Statement;
  readonly #byHash: Statement;
  readonly #byId: Statement;
  readonly #all: Statement;
  readonly #byRole: Statement;
  readonly #markUsed: Statement;
  readonly #revoke: Statement;
  readonly #otherOwners: Statement;

  constructor(db: Database, audit: AuditWriter) {
    this.#db = db;
    this.#audit = audit;
    this.#insert =
      db.prepare(`INSERT INTO admin_tokens (id, workspace_id, name, role, token_hash, prefix, created_at, email)
      VALUES (@id, @workspaceId, @name, @role, @tokenHash, @prefix, @createdAt, @email)`);
    this.#byHash = db.prepare('SELECT * FROM admin_tokens WHERE token_hash = ?');
    this.#byId = db.prepare('SELECT * FROM admin_tokens WHERE id = ?');
    this.#all = db.prepare('SELECT * FROM admin_tokens ORDER BY created_at, rowid');
    this.#byRole = db.prepare('SELECT * FROM admin_tokens WHERE role = ? AND revoked_at IS NULL ORDER BY created_at');
    this.#markUsed = db.prepare('UPDATE admin_tokens SET last_used_at = ? WHERE id = ?');
    this.#revoke = db.prepare('UPDATE admin_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
    this.#otherOwners = db.prepare(
      "SELECT COUNT(*) AS n FROM admin_tokens WHERE role = 'owner' AND revoked_at IS NULL AND id <> ?",
    );
  }

  async insert(token: AdminTokenRecord, events: NewAuditEvent[]): Promise<void> {
    this.#db.transaction(() => {
      this.insertWithin(token);
      this.#audit.write(events);
    })();
  }

  /** For another repository's transaction (the workspace's first owner): writes the row and nothing else. */
  insertWithin(token: AdminTokenRecord): void {
    const { lastUsedAt: _lastUsedAt, revokedAt: _revokedAt, ...columns } = token;
    this.#insert.run(columns);
  }

  async findByHash(tokenHash: string): Promise<AdminTokenRecord | null> {
    const row = this.#byHash.get(tokenHash) as AdminTokenRow | undefined;
    return row ? toToken(row) : null;
  }

  async findById(id: string): Promise<AdminTokenRecord | null> {
    const row = this.#byId.get(id) as AdminTokenRow | undefined;
    return row ? toToken(row) : null;
  }

  async list(): Promise<AdminTokenRecord[]> {
    return (this.#all.all() as AdminTokenRow[]).map(toToken);
  }

  async listByRole(role: AdminRole): Promise<AdminTokenRecord[]> {
    return (this.#byRole.all(role) as AdminTokenRow[]).map(toToken);
  }

  async markUsed(id: string, at: string): Promise<void> {
    this.#markUsed.run(at, id);
  }

  async revoke(
    id: string,
    revokedAt: string,
    events: (token: AdminTokenRecord) => NewAuditEvent[],
  ): Promise<AdminTokenRevocation> {
    // IMMEDIATE takes the write lock before the owner count is read, so the check cannot go stale.
    return this.#db
      .transaction((): AdminTokenRevocation => {
        const row = this.#byId.get(id) as AdminTokenRow | undefined;
        if (!row) return { outcome: 'not_found' };
        const token = toToken(row);
        if (token.revokedAt !== null) return { outcome: 'already_revoked', token };
        if (token.role === 'owner' && (this.#otherOwners.get(id) as { n: number }).n === 0) {
          return { outcome: 'last_owner' };
        }
        this.#revoke.run(revokedAt, id);
        this.#audit.write(events(token));
        return { outcome: 'revoked', token: { ...token, revokedAt } };
      })
      .immediate();
  }
}

function toParams(workspace: WorkspaceRecord): Record<string, string | number | null> {
  return {
    id: workspace.id,
    name: workspace.name,
    brand: workspace.brand,
    region: workspace.region,
    replyTo: workspace.replyTo,
    scim: workspace.scimCustomAttributes ? 1 : 0,
    createdAt: workspace.createdAt,
  };
}

function toWorkspace(row: WorkspaceRow): WorkspaceRecord {
  return {
    id: row.id,
    name: row.name,
    brand: row.brand,
    region: row.region,
    replyTo: row.reply_to,
    scimCustomAttributes: row.scim_custom_attributes === 1,
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
