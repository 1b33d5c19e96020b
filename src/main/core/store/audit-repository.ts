/**
 * The audit log kept on this device: service events page by page with the sync's cursor in the
 * same transaction (an interrupted sync resumes after the last page it kept, never storing an
 * event twice or skipping one), local events one at a time, and the chain's breaks. Reads and
 * filters are in audit-query.ts.
 */
import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { AuditActor, AuditChainBreakView, AuditSource } from '../../../shared/ipc/index.ts';
import { AUDIT_CHAIN_START, type AuditChainHead } from '../../../shared/audit-chain.ts';

/**
 * Rows are ordered by time through their id: the event's millisecond times this many, plus its
 * place among the events of that millisecond. Times are clamped to what keeps the id a safe
 * JavaScript integer (up to the year 2248).
 */
export const SLOTS_PER_MS = 1024;
const LATEST_MS = 2 ** 43 - 1;

export function positionOfTime(atMs: number): number {
  return Math.min(Math.max(Math.floor(atMs), 0), LATEST_MS) * SLOTS_PER_MS;
}

export interface NewAuditEntry {
  workspaceId: string;
  source: AuditSource;
  seq: number | null;
  eventId: string;
  type: string;
  at: string;
  actor: AuditActor;
  keyId: string | null;
  keyPrefix: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  hash: string | null;
  /** What free text finds this entry by (its fields, the key's name, the details' values). */
  searchText: string;
}

export interface AuditSyncState {
  workspaceId: string;
  /** The last seq kept and the hash the chain was checked up to. */
  head: AuditChainHead;
  headSeq: number | null;
  syncedAt: string | null;
  error: string | null;
}

/** A page of service events and where the sync stands after it: written together or not at all. */
export interface ServicePage {
  workspaceId: string;
  entries: NewAuditEntry[];
  head: AuditChainHead;
  headSeq: number;
  breaks: AuditChainBreakView[];
}

interface SyncStateRow {
  workspace_id: string;
  last_seq: number;
  last_hash: string;
  head_seq: number | null;
  synced_at: string | null;
  error: string | null;
}

export function actorRef(actor: AuditActor): string {
  return `${actor.type}:${actor.id ?? actor.name}`;
}

export class AuditRepository {
  readonly #insert: Statement<[Record<string, unknown>]>;
  readonly #index: Statement<[number, string]>;
  readonly #highestIn: Statement<[number, number], number | null>;
  readonly #highestFrom: Statement<[number], number | null>;
  readonly #actor: Statement<[string, string, string, string]>;
  readonly #key: Statement<[string, string, string | null]>;
  readonly #state: Statement<[string], SyncStateRow>;
  readonly #states: Statement<[], SyncStateRow>;
  readonly #saveHead: Statement<[Record<string, unknown>]>;
  readonly #setOutcome: Statement<[Record<string, unknown>]>;
  readonly #addBreak: Statement<[Record<string, unknown>]>;
  readonly #breaks: Statement<[], AuditChainBreakView & { workspaceId: string }>;
  readonly #hashesAfter: Statement<[string, number, number], { seq: number; hash: string | null }>;
  readonly #storePage: Transaction<(page: ServicePage) => void>;
  readonly #storeLocal: Transaction<(entry: NewAuditEntry) => number>;

  constructor(db: Database) {
    this.#insert = db.prepare(`INSERT INTO audit_entries (id, workspace_id, source, seq, event_id, type, at, actor_type,
        actor_id, actor_name, actor_ref, key_id, key_prefix, ip, user_agent, details, hash)
      VALUES (@id, @workspaceId, @source, @seq, @eventId, @type, @at, @actorType, @actorId, @actorName, @actorRef,
        @keyId, @keyPrefix, @ip, @userAgent, @details, @hash)`);
    this.#index = db.prepare('INSERT INTO audit_search (rowid, body) VALUES (?, ?)');
    this.#highestIn = db
      .prepare<[number, number], number | null>('SELECT max(id) FROM audit_entries WHERE id BETWEEN ? AND ?')
      .pluck();
    this.#highestFrom = db.prepare<[number], number | null>('SELECT max(id) FROM audit_entries WHERE id >= ?').pluck();
    this.#actor = db.prepare(`INSERT INTO audit_actors (workspace_id, ref, type, name) VALUES (?, ?, ?, ?)
      ON CONFLICT (workspace_id, ref) DO UPDATE SET name = excluded.name`);
    this.#key = db.prepare(`INSERT INTO audit_keys (workspace_id, key_id, label) VALUES (?, ?, ?)
      ON CONFLICT (workspace_id, key_id) DO UPDATE SET label = coalesce(excluded.label, audit_keys.label)`);
    this.#state = db.prepare('SELECT * FROM audit_sync_state WHERE workspace_id = ?');
    this.#states = db.prepare('SELECT * FROM audit_sync_state');
    this.#saveHead = db.prepare(`INSERT INTO audit_sync_state (workspace_id, last_seq, last_hash, head_seq)
      VALUES (@workspaceId, @seq, @hash, @headSeq)
      ON CONFLICT (workspace_id) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash,
        head_seq = excluded.head_seq`);
    this.#setOutcome =
      db.prepare(`INSERT INTO audit_sync_state (workspace_id, last_seq, last_hash, head_seq, synced_at, error)
      VALUES (@workspaceId, 0, '${AUDIT_CHAIN_START}', @headSeq, @syncedAt, @error)
      ON CONFLICT (workspace_id) DO UPDATE SET head_seq = coalesce(excluded.head_seq, audit_sync_state.head_seq),
        synced_at = coalesce(excluded.synced_at, audit_sync_state.synced_at), error = excluded.error`);
    this.#addBreak =
      db.prepare(`INSERT OR IGNORE INTO audit_chain_breaks (workspace_id, seq, reason, message, detected_at)
      VALUES (@workspaceId, @seq, @reason, @message, @detectedAt)`);
    this.#breaks = db.prepare(`SELECT workspace_id AS workspaceId, seq, reason, message, detected_at AS detectedAt
      FROM audit_chain_breaks ORDER BY detected_at, seq`);
    this.#hashesAfter = db.prepare(
      'SELECT seq, hash FROM audit_entries WHERE workspace_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.#storePage = db.transaction((page: ServicePage) => {
      this.#insertAll(page.entries);
      this.#saveHead.run({ workspaceId: page.workspaceId, ...page.head, headSeq: page.headSeq });
      for (const found of page.breaks) this.#addBreak.run({ workspaceId: page.workspaceId, ...found });
    });
    this.#storeLocal = db.transaction((entry: NewAuditEntry) => this.#insertAll([entry]));
  }

  /** Stores a page of service events with the sync's new cursor and any breaks found in it. */
  storeServicePage(page: ServicePage): void {
    this.#storePage(page);
  }

  /** Stores one thing the app did; returns its id. */
  storeLocal(entry: NewAuditEntry): number {
    return this.#storeLocal(entry);
  }

  syncState(workspaceId: string): AuditSyncState {
    const row = this.#state.get(workspaceId);
    return row
      ? fromRow(row)
      : { workspaceId, head: { seq: 0, hash: AUDIT_CHAIN_START }, headSeq: null, syncedAt: null, error: null };
  }

  syncStates(): Map<string, AuditSyncState> {
    return new Map(this.#states.all().map((row) => [row.workspace_id, fromRow(row)]));
  }

  /** How the last sync ended: the service's head seq when it was read, the time, or why it stopped. */
  recordOutcome(
    workspaceId: string,
    outcome: { headSeq: number | null; syncedAt: string | null; error: string | null },
  ): void {
    this.#setOutcome.run({ workspaceId, ...outcome });
  }

  recordBreak(workspaceId: string, found: AuditChainBreakView): void {
    this.#addBreak.run({ workspaceId, ...found });
  }

  /** Every workspace's breaks, oldest first. */
  breaks(): Map<string, AuditChainBreakView[]> {
    const byWorkspace = new Map<string, AuditChainBreakView[]>();
    for (const { workspaceId, ...found } of this.#breaks.all()) {
      const list = byWorkspace.get(workspaceId) ?? [];
      list.push(found);
      byWorkspace.set(workspaceId, list);
    }
    return byWorkspace;
  }

  /** The kept copy's hashes in seq order, for walking the service's trail against it. */
  hashesAfter(workspaceId: string, seq: number, limit: number): { seq: number; hash: string | null }[] {
    return this.#hashesAfter.all(workspaceId, seq, limit);
  }

  #insertAll(entries: readonly NewAuditEntry[]): number {
    let id = 0;
    const actors = new Set<string>();
    const keys = new Set<string>();
    for (const entry of entries) {
      id = this.#nextPosition(Date.parse(entry.at));
      const ref = actorRef(entry.actor);
      this.#insert.run({
        id,
        workspaceId: entry.workspaceId,
        source: entry.source,
        seq: entry.seq,
        eventId: entry.eventId,
        type: entry.type,
        at: entry.at,
        actorType: entry.actor.type,
        actorId: entry.actor.id,
        actorName: entry.actor.name,
        actorRef: ref,
        keyId: entry.keyId,
        keyPrefix: entry.keyPrefix,
        ip: entry.ip,
        userAgent: entry.userAgent,
        details: JSON.stringify(entry.details),
        hash: entry.hash,
      });
      this.#index.run(id, entry.searchText);
      if (!actors.has(`${entry.workspaceId} ${ref}`)) {
        actors.add(`${entry.workspaceId} ${ref}`);
        this.#actor.run(entry.workspaceId, ref, entry.actor.type, entry.actor.name);
      }
      if (entry.keyId !== null && !keys.has(`${entry.workspaceId} ${entry.keyId}`)) {
        keys.add(`${entry.workspaceId} ${entry.keyId}`);
        this.#key.run(entry.workspaceId, entry.keyId, entry.keyPrefix);
      }
    }
    return id;
  }

  /**
   * The next free id at this time: after the events already kept for the same millisecond. A
   * millisecond with more events than slots spills past the ones after it, still unique.
   */
  #nextPosition(atMs: number): number {
    const base = positionOfTime(Number.isFinite(atMs) ? atMs : 0);
    const highest = this.#highestIn.get(base, base + SLOTS_PER_MS - 1) ?? null;
    if (highest === null) return base;
    if (highest < base + SLOTS_PER_MS - 1) return highest + 1;
    return (this.#highestFrom.get(base) ?? base) + 1;
  }
}

function fromRow(row: SyncStateRow): AuditSyncState {
  return {
    workspaceId: row.workspace_id,
    head: { seq: row.last_seq, hash: row.last_hash },
    headSeq: row.head_seq,
    syncedAt: row.synced_at,
    error: row.error,
  };
}
