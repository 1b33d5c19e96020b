/** External keys' metadata. Their secrets live in the keychain, like every other secret. */
import type { Database, Statement } from 'better-sqlite3';
import type { KeyEnvironment } from '../../../shared/api/index.ts';

export interface ExternalKeyRecord {
  id: string;
  name: string;
  provider: string;
  presetId: string | null;
  scopeLabel: string;
  environment: KeyEnvironment;
  /** A non-secret label shown in lists (the issuer's prefix, or a few characters). */
  label: string;
  createdAt: string;
  expiresAt: string;
  deletesAt: string;
}

interface ExternalKeyRow {
  id: string;
  name: string;
  provider: string;
  preset_id: string | null;
  scope_label: string;
  environment: KeyEnvironment;
  label: string;
  created_at: string;
  expires_at: string;
  deletes_at: string;
}

const fromRow = (row: ExternalKeyRow): ExternalKeyRecord => ({
  id: row.id,
  name: row.name,
  provider: row.provider,
  presetId: row.preset_id,
  scopeLabel: row.scope_label,
  environment: row.environment,
  label: row.label,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  deletesAt: row.deletes_at,
});

export class ExternalKeyRepository {
  readonly #list: Statement<[], ExternalKeyRow>;
  readonly #count: Statement<[], { count: number }>;
  readonly #byId: Statement<[string], ExternalKeyRow>;
  readonly #insert: Statement<[ExternalKeyRecord]>;
  readonly #rename: Statement<[string, string]>;
  readonly #delete: Statement<[string]>;

  constructor(db: Database) {
    this.#list = db.prepare('SELECT * FROM external_keys ORDER BY created_at DESC, id');
    this.#count = db.prepare('SELECT COUNT(*) AS count FROM external_keys');
    this.#byId = db.prepare('SELECT * FROM external_keys WHERE id = ?');
    this.#insert = db.prepare(`INSERT INTO external_keys
      (id, name, provider, preset_id, scope_label, environment, label, created_at, expires_at, deletes_at)
      VALUES (@id, @name, @provider, @presetId, @scopeLabel, @environment, @label, @createdAt, @expiresAt, @deletesAt)`);
    this.#rename = db.prepare('UPDATE external_keys SET name = ? WHERE id = ?');
    this.#delete = db.prepare('DELETE FROM external_keys WHERE id = ?');
  }

  list(): ExternalKeyRecord[] {
    return this.#list.all().map(fromRow);
  }

  /** How many there are (the sidebar's count), without reading them. */
  count(): number {
    return this.#count.get()?.count ?? 0;
  }

  find(id: string): ExternalKeyRecord | null {
    const row = this.#byId.get(id);
    return row ? fromRow(row) : null;
  }

  add(key: ExternalKeyRecord): void {
    this.#insert.run(key);
  }

  rename(id: string, name: string): boolean {
    return this.#rename.run(name, id).changes > 0;
  }

  delete(id: string): boolean {
    return this.#delete.run(id).changes > 0;
  }
}
