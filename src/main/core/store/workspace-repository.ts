/** The workspaces this vault knows: the embedded local one, connected remote ones, external keys. */
import type { Database, Statement } from 'better-sqlite3';
import type { AdminRole } from '../../../shared/api/index.ts';
import type { ConnectionState, WorkspaceKind } from '../../../shared/ipc/index.ts';

export const EXTERNAL_WORKSPACE_ID = 'external';

export type WorkspaceRole = Exclude<AdminRole, 'verifier'>;

export interface WorkspaceRecord {
  id: string;
  name: string;
  kind: WorkspaceKind;
  url: string | null;
  role: WorkspaceRole | null;
  createdAt: string;
  lastSyncedAt: string | null;
  connection: ConnectionState;
  connectionMessage: string | null;
}

interface WorkspaceRow {
  id: string;
  name: string;
  kind: WorkspaceKind;
  url: string | null;
  role: WorkspaceRole | null;
  created_at: string;
  last_synced_at: string | null;
  connection: ConnectionState;
  connection_message: string | null;
}

const fromRow = (row: WorkspaceRow): WorkspaceRecord => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  url: row.url,
  role: row.role,
  createdAt: row.created_at,
  lastSyncedAt: row.last_synced_at,
  connection: row.connection,
  connectionMessage: row.connection_message,
});

export class WorkspaceRepository {
  readonly #all: Statement<[], WorkspaceRow>;
  readonly #byId: Statement<[string], WorkspaceRow>;
  readonly #upsert: Statement<[Record<string, unknown>]>;
  readonly #setConnection: Statement<[string, string | null, string]>;
  readonly #setSynced: Statement<[string, string]>;
  readonly #delete: Statement<[string]>;

  constructor(db: Database) {
    // Local first, then remote workspaces in the order they were connected, external keys last.
    this.#all = db.prepare(`SELECT * FROM workspaces
      ORDER BY CASE kind WHEN 'local' THEN 0 WHEN 'remote' THEN 1 ELSE 2 END, created_at, id`);
    this.#byId = db.prepare('SELECT * FROM workspaces WHERE id = ?');
    this.#upsert =
      db.prepare(`INSERT INTO workspaces (id, name, kind, url, role, created_at, connection, connection_message)
      VALUES (@id, @name, @kind, @url, @role, @createdAt, 'online', NULL)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = excluded.url, role = excluded.role,
        connection = 'online', connection_message = NULL`);
    this.#setConnection = db.prepare('UPDATE workspaces SET connection = ?, connection_message = ? WHERE id = ?');
    this.#setSynced = db.prepare(
      "UPDATE workspaces SET last_synced_at = ?, connection = 'online', connection_message = NULL WHERE id = ?",
    );
    this.#delete = db.prepare('DELETE FROM workspaces WHERE id = ?');
  }

  list(): WorkspaceRecord[] {
    return this.#all.all().map(fromRow);
  }

  find(id: string): WorkspaceRecord | null {
    const row = this.#byId.get(id);
    return row ? fromRow(row) : null;
  }

  /** Adds a workspace, or updates its name, address and role when it is reconnected. */
  save(workspace: Pick<WorkspaceRecord, 'id' | 'name' | 'kind' | 'url' | 'role' | 'createdAt'>): void {
    this.#upsert.run({ ...workspace });
  }

  setConnection(id: string, connection: ConnectionState, message: string | null): void {
    this.#setConnection.run(connection, message, id);
  }

  markSynced(id: string, at: string): void {
    this.#setSynced.run(at, id);
  }

  /** Removes the workspace with its cached keys and vault index (ON DELETE CASCADE). */
  delete(id: string): boolean {
    return this.#delete.run(id).changes > 0;
  }
}
