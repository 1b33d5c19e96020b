import type { Database, Statement } from 'better-sqlite3';
import type { AdminRole, AuditEvent } from '../../../shared/api.ts';
import type { AdminTokenRecord, AdminTokenRepository, WorkspaceRecord, WorkspaceRepository } from '../repositories.ts';
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
}

export class SqliteWorkspaceRepository implements WorkspaceRepository {
  readonly #db: Database;
  readonly #audit: AuditWriter;
  readonly #tokens: SqliteAdminTokenRepository;
  readonly #get: Statement;
  readonly #insert: Statement;
  readonly #update: Statement;

  constructor(db: Database, audit: AuditWriter, tokens: SqliteAdminTokenRepository) {
    this.#db = db;
    this.#audit = audit;
    this.#tokens = tokens;
    this.#get = db.prepare('SELECT * FROM workspaces ORDER BY created_at LIMIT 1');
    this.#insert =
      db.prepare(`INSERT INTO workspaces (id, name, brand, region, reply_to, scim_custom_attributes, created_at)
      VALUES (@id, @name, @brand, @region, @replyTo, @scim, @createdAt)`);
    this.#update = db.prepare(`UPDATE workspaces SET name = @name, brand = @brand, region = @region,
      reply_to = @replyTo, scim_custom_attributes = @scim WHERE id = @id`);
  }

  async get(): Promise<WorkspaceRecord | null> {
    return this.getNow();
  }

  async create(workspace: WorkspaceRecord, owner: AdminTokenRecord): Promise<void> {
    this.createNow(workspace, owner);
  }

  /** Synchronous forms for the embedding API's `initWorkspace`, which returns its result directly. */
  getNow(): WorkspaceRecord | null {
    const row = this.#get.get() as WorkspaceRow | undefined;
    return row ? toWorkspace(row) : null;
  }

  createNow(workspace: WorkspaceRecord, owner: AdminTokenRecord): void {
    this.#db.transaction(() => {
      this.#insert.run(toParams(workspace));
      this.#tokens.insertNow(owner);
    })();
  }

  async update(workspace: WorkspaceRecord, events: AuditEvent[]): Promise<void> {
    this.#db.transaction(() => {
      this.#update.run(toParams(workspace));
      this.#audit.write(events);
    })();
  }
}

export class SqliteAdminTokenRepository implements AdminTokenRepository {
  readonly #insert: Statement;
  readonly #byHash: Statement;
  readonly #byRole: Statement;

  constructor(db: Database) {
    this.#insert = db.prepare(`INSERT INTO admin_tokens (id, workspace_id, name, role, token_hash, prefix, created_at)
      VALUES (@id, @workspaceId, @name, @role, @tokenHash, @prefix, @createdAt)`);
    this.#byHash = db.prepare('SELECT * FROM admin_tokens WHERE token_hash = ?');
    this.#byRole = db.prepare('SELECT * FROM admin_tokens WHERE role = ? ORDER BY created_at');
  }

  insertNow(token: AdminTokenRecord): void {
    this.#insert.run({ ...token });
  }

  async insert(token: AdminTokenRecord): Promise<void> {
    this.insertNow(token);
  }

  async findByHash(tokenHash: string): Promise<AdminTokenRecord | null> {
    const row = this.#byHash.get(tokenHash) as AdminTokenRow | undefined;
    return row ? toToken(row) : null;
  }

  async listByRole(role: AdminRole): Promise<AdminTokenRecord[]> {
    return (this.#byRole.all(role) as AdminTokenRow[]).map(toToken);
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
  };
}
