/**
 * Reading the kept audit log: newest first, any combination of filters, free text through the
 * FTS5 index, pages continued with a cursor. Every filter's index ends in the row's id, which is
 * time order, so a page walks an index downwards and stops after its rows: no sort of a million.
 */
import type { Database, Statement } from 'better-sqlite3';
import type {
  AuditActorOption,
  AuditEntry,
  AuditFacets,
  AuditFilters,
  AuditKeyOption,
} from '../../../shared/ipc/index.ts';
import { positionOfTime, SLOTS_PER_MS } from './audit-repository.ts';

interface EntryRow {
  id: number;
  workspace_id: string;
  source: AuditEntry['source'];
  seq: number | null;
  event_id: string;
  type: AuditEntry['type'];
  at: string;
  actor_type: AuditEntry['actor']['type'];
  actor_id: string | null;
  actor_name: string;
  key_id: string | null;
  key_prefix: string | null;
  ip: string | null;
  user_agent: string | null;
  details: string;
  hash: string | null;
}

export interface AuditPageRows {
  entries: AuditEntry[];
  /** The id to continue below; null when this was the last page. */
  next: number | null;
}

/** Shorter word starts are looked up as whole words: a one- or two-letter prefix matches nearly everything. */
const SHORTEST_PREFIX = 3;

/**
 * The FTS5 expression for what a user typed: every word must appear, in any field; a word of
 * three characters or more may be the start of a longer one (the search index keeps three-letter
 * starts, so the usual case costs one lookup). A word the tokenizer splits (an IP, a key label) is
 * matched as a phrase. Each word is quoted, so nothing typed is read as FTS syntax.
 */
export function searchExpression(text: string | undefined): string | null {
  const words = (text ?? '')
    .normalize('NFKC')
    .split(/\s+/u)
    .map((word) => word.split(/[^\p{L}\p{N}]+/u).filter(Boolean))
    .filter((tokens) => tokens.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words
    .map((tokens) => `"${tokens.join(' ')}"${(tokens.at(-1)?.length ?? 0) >= SHORTEST_PREFIX ? '*' : ''}`)
    .join(' ');
}

export class AuditQuery {
  readonly #db: Database;
  readonly #statements = new Map<string, Statement<unknown[], EntryRow>>();
  readonly #actors: Statement<[], AuditActorOption>;
  readonly #keys: Statement<[], AuditKeyOption>;
  readonly #keyName: Statement<[string, string], { name: string }>;

  constructor(db: Database) {
    this.#db = db;
    this.#actors = db.prepare(`SELECT ref, type, max(name) AS name FROM audit_actors GROUP BY ref, type
      ORDER BY CASE type WHEN 'app' THEN 1 ELSE 0 END, name COLLATE NOCASE`);
    this.#keys = db.prepare(`SELECT workspace_id AS workspaceId, key_id AS keyId, label FROM audit_keys
      ORDER BY label COLLATE NOCASE, key_id`);
    this.#keyName = db.prepare('SELECT name FROM cached_keys WHERE workspace_id = ? AND key_id = ?');
  }

  /** Up to `limit` entries below `before` (an id from the page before), newest first. */
  page(filters: AuditFilters, limit: number, before: number | null = null): AuditPageRows {
    const { sql, params } = this.#build(filters, before);
    const rows = this.#statement(sql).all(...params, limit + 1);
    const kept = rows.slice(0, limit);
    return {
      entries: kept.map((row) => toEntry(row, this.#nameOf(row))),
      next: rows.length > limit ? (kept.at(-1)?.id ?? null) : null,
    };
  }

  /** People know a key by its name; the event carries only its label, so the cache supplies the name. */
  #nameOf(row: EntryRow): string | null {
    return row.key_id === null ? null : (this.#keyName.get(row.workspace_id, row.key_id)?.name ?? null);
  }

  facets(): AuditFacets {
    return { actors: this.#actors.all(), keys: this.#keys.all() };
  }

  #build(filters: AuditFilters, before: number | null): { sql: string; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    const match = searchExpression(filters.text);
    // With free text the search index leads (its rowid is the entry's id, so it too walks newest first).
    const id = match === null ? 'e.id' : 's.rowid';
    if (match !== null) {
      where.push('audit_search MATCH ?');
      params.push(match);
    }
    const upper = Math.min(
      before ?? Number.MAX_SAFE_INTEGER,
      filters.until === undefined ? Number.MAX_SAFE_INTEGER : positionOfTime(Date.parse(filters.until)) + SLOTS_PER_MS,
    );
    if (upper < Number.MAX_SAFE_INTEGER) {
      where.push(`${id} < ?`);
      params.push(upper);
    }
    if (filters.since !== undefined) {
      where.push(`${id} >= ?`);
      params.push(positionOfTime(Date.parse(filters.since)));
    }
    const equal = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(`e.${column} = ?`);
      params.push(value);
    };
    equal('workspace_id', filters.workspaceId);
    equal('key_id', filters.keyId);
    equal('type', filters.type);
    equal('actor_ref', filters.actor);
    // A literal, so the index of the (few) local events can be used for it; the value is the enum's.
    if (filters.source !== undefined)
      where.push(filters.source === 'local' ? "e.source = 'local'" : "e.source = 'service'");
    const from = match === null ? 'audit_entries e' : 'audit_search s CROSS JOIN audit_entries e ON e.id = s.rowid';
    const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    return { sql: `SELECT e.* FROM ${from} ${condition} ORDER BY ${id} DESC LIMIT ?`, params };
  }

  /** One statement per shape of query, prepared once. */
  #statement(sql: string): Statement<unknown[], EntryRow> {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare<unknown[], EntryRow>(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

function toEntry(row: EntryRow, keyName: string | null): AuditEntry {
  return {
    id: String(row.id),
    workspaceId: row.workspace_id,
    source: row.source,
    seq: row.seq,
    eventId: row.event_id,
    type: row.type,
    at: row.at,
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    keyId: row.key_id,
    keyLabel: row.key_prefix,
    keyName,
    ip: row.ip,
    userAgent: row.user_agent,
    details: JSON.parse(row.details) as Record<string, unknown>,
    hash: row.hash,
  };
}
