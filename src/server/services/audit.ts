/**
 * Reading the audit trail: the newest-first listing an admin filters, the oldest-first feed a
 * client syncs from, the chain's head, and a walk of the whole chain that finds the first event
 * edited or deleted in the database. Writing stays with the repositories, in the transaction of
 * the change each event records.
 */
import type {
  AuditEventsQuery,
  AuditEventsResponse,
  AuditFeedQuery,
  AuditFeedResponse,
  AuditHead,
} from '../../shared/api/index.ts';
import {
  EMPTY_AUDIT_CHAIN,
  verifyAuditChain,
  type AuditChainCheck,
  type AuditChainHead,
} from '../../shared/audit-chain.ts';
import { decodeCursor, encodeCursor } from '../domain/cursor.ts';
import { ok, type Result } from '../domain/result.ts';
import { sha256Hex } from '../domain/sha256.ts';
import type { Storage } from '../storage/repositories.ts';
import { invalidField } from './api-keys.ts';

/** Events read per query while walking the chain: few round trips, little memory. */
const VERIFY_BATCH = 5_000;

export class AuditService {
  readonly #storage: Storage;

  constructor(storage: Storage) {
    this.#storage = storage;
  }

  /** Newest first, filtered; `cursor` continues a listing from its last page. */
  async list(query: AuditEventsQuery): Promise<Result<AuditEventsResponse>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (after === null) return invalidField('cursor', 'cursor is not one this service issued');
    const page = await this.#storage.audit.list({
      ...(query.keyId !== undefined ? { keyId: query.keyId } : {}),
      ...(query.type !== undefined ? { type: query.type } : {}),
      ...(query.actorId !== undefined ? { actorId: query.actorId } : {}),
      // Stored times are UTC ISO strings; an offset in the query must compare as the same instant.
      ...(query.since !== undefined ? { since: new Date(query.since).toISOString() } : {}),
      ...(query.until !== undefined ? { until: new Date(query.until).toISOString() } : {}),
      limit: query.limit,
      ...(after ? { after } : {}),
    });
    return ok({ data: page.rows, nextCursor: encodeCursor(page.next) });
  }

  /**
   * Oldest first by seq. Appends are serialized until they commit: SQLite commits one writer at a
   * time, and on PostgreSQL every append locks the chain's head row (audit_head) until its
   * transaction commits, so the next seq is only given out after the previous one is visible. An
   * event can therefore never appear behind a position a client already read: paging on `after`
   * misses nothing and repeats nothing, whatever the timestamps.
   */
  async feed(query: AuditFeedQuery): Promise<AuditFeedResponse> {
    const rows = await this.#storage.audit.after(query.after, query.limit + 1);
    const data = rows.slice(0, query.limit);
    return { data, nextAfter: data.at(-1)?.seq ?? query.after, hasMore: rows.length > query.limit };
  }

  async head(): Promise<AuditHead> {
    return (await this.#storage.audit.head()) ?? { ...EMPTY_AUDIT_CHAIN, at: null };
  }

  /**
   * Walks the whole chain from its start. Besides edited and deleted events, finds events deleted
   * from the end (the database remembers the highest seq it gave out).
   */
  async verify(): Promise<AuditChainCheck> {
    let head: AuditChainHead = EMPTY_AUDIT_CHAIN;
    let checked = 0;
    for (;;) {
      const batch = await this.#storage.audit.after(head.seq, VERIFY_BATCH);
      if (batch.length === 0) break;
      const check = verifyAuditChain(batch, sha256Hex, head);
      checked += check.checked;
      if (!check.intact) return { ...check, checked };
      head = check.head;
    }
    const highest = await this.#storage.audit.highestSeqIssued();
    if (highest > head.seq) {
      const missing = highest === head.seq + 1 ? `seq ${highest} is` : `seq ${head.seq + 1}–${highest} are`;
      return {
        intact: false,
        checked,
        head,
        broken: {
          seq: head.seq + 1,
          reason: 'missing',
          message: `${missing} missing from the end: the last event is seq ${head.seq}, but seq ${highest} was given out`,
        },
      };
    }
    return { intact: true, checked, head };
  }
}
