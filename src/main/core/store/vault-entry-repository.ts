/**
 * Which keys this device holds a secret for, so lists show "in vault" without asking the keychain
 * once per key. The keychain stays the truth: the index is rebuilt from it at every start.
 */
import type { Database, Statement, Transaction } from 'better-sqlite3';

export interface VaultEntry {
  workspaceId: string;
  keyId: string;
}

export class VaultEntryRepository {
  readonly #all: Statement<[], { workspace_id: string; key_id: string }>;
  readonly #has: Statement<[string, string], { present: 1 }>;
  readonly #add: Statement<[string, string, string]>;
  readonly #remove: Statement<[string, string]>;
  readonly #replaceAll: Transaction<(entries: VaultEntry[], at: string) => void>;

  constructor(db: Database) {
    this.#all = db.prepare('SELECT workspace_id, key_id FROM vault_entries');
    this.#has = db.prepare('SELECT 1 AS present FROM vault_entries WHERE workspace_id = ? AND key_id = ?');
    this.#add = db.prepare('INSERT OR IGNORE INTO vault_entries (workspace_id, key_id, stored_at) VALUES (?, ?, ?)');
    this.#remove = db.prepare('DELETE FROM vault_entries WHERE workspace_id = ? AND key_id = ?');
    const clear = db.prepare('DELETE FROM vault_entries');
    const known = db.prepare<[string], { id: string }>('SELECT id FROM workspaces WHERE id = ?');
    this.#replaceAll = db.transaction((entries: VaultEntry[], at: string) => {
      clear.run();
      for (const entry of entries) {
        // Keychain entries of workspaces this database doesn't know (another install) are left alone.
        if (known.get(entry.workspaceId)) this.#add.run(entry.workspaceId, entry.keyId, at);
      }
    });
  }

  /** Every entry, for lists (see `entryId`). */
  keys(): Set<string> {
    return new Set(this.#all.all().map((row) => entryId(row.workspace_id, row.key_id)));
  }

  /** Whether the device holds this one key's secret: one lookup, for a single key's answer. */
  has(workspaceId: string, keyId: string): boolean {
    return this.#has.get(workspaceId, keyId) !== undefined;
  }

  add(workspaceId: string, keyId: string, at: string): void {
    this.#add.run(workspaceId, keyId, at);
  }

  remove(workspaceId: string, keyId: string): void {
    this.#remove.run(workspaceId, keyId);
  }

  replaceAll(entries: VaultEntry[], at: string): void {
    this.#replaceAll(entries, at);
  }
}

export function entryId(workspaceId: string, keyId: string): string {
  return `${workspaceId}/${keyId}`;
}
