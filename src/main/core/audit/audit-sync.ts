/**
 * Brings each managed workspace's audit trail into the vault, page by page, oldest first after
 * the last seq kept. Each page is checked link by link against the hash chain as it arrives and
 * stored in one transaction with the new cursor and any break found, so a sync stopped anywhere
 * (quit, crash, network loss) resumes after the last page kept: no gap, no duplicate. A break
 * (an event edited, deleted or out of place at the service) is kept as a warning naming the
 * workspace and the seq; the sync goes on from what the service holds, so later breaks show too.
 */
import { createHash } from 'node:crypto';
import type { AuditEvent, AuditFeedResponse } from '../../../shared/api/index.ts';
import { auditChainInput, checkAuditLink, type AuditChainHead } from '../../../shared/audit-chain.ts';
import type { Clock } from '../../../shared/clock.ts';
import { errorMessage } from '../../../shared/error-message.ts';
import type { AuditChainBreakView } from '../../../shared/ipc/index.ts';
import type { ManagementClient } from '../client/management-client.ts';
import type { CoreEvents } from '../events.ts';
import type { AuditRepository, NewAuditEntry } from '../store/audit-repository.ts';
import type { KeyCacheRepository } from '../store/key-cache-repository.ts';
import type { WorkspaceRecord, WorkspaceRepository } from '../store/workspace-repository.ts';
import type { WorkspaceClients } from '../workspaces/workspace-clients.ts';
import { searchTextOf } from './search-text.ts';

/** The chain's hash, as the service computes it: SHA-256 of the UTF-8 text, lowercase hex. */
function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The service's largest page: few round trips, one short transaction each. */
const PAGE_SIZE = 1000;

export interface AuditSyncDeps {
  repository: AuditRepository;
  workspaces: WorkspaceRepository;
  clients: WorkspaceClients;
  cache: KeyCacheRepository;
  clock: Clock;
  events: CoreEvents;
  /** Failures that are not the sync's own (its workspace removed under it); never a secret. */
  onError(error: unknown): void;
  pageSize?: number;
}

export interface AuditSyncOptions {
  /** Also walk the service's whole trail again against the copy kept here. */
  recheck?: boolean;
}

export class AuditSync {
  readonly #deps: AuditSyncDeps;
  readonly #running = new Map<string, Promise<void>>();
  readonly #stop = new AbortController();
  #disposed = false;

  constructor(deps: AuditSyncDeps) {
    this.#deps = deps;
  }

  isSyncing(workspaceId: string): boolean {
    return this.#running.has(workspaceId);
  }

  /** Every managed workspace, side by side. Never throws: each one's failure is kept as its error. */
  async syncAll(options: AuditSyncOptions = {}): Promise<void> {
    const managed = this.#deps.workspaces.list().filter((workspace) => workspace.url !== null);
    await Promise.all(managed.map((workspace) => this.sync(workspace.id, options)));
  }

  /** One workspace; a sync already running for it is joined. Never throws. */
  sync(workspaceId: string, options: AuditSyncOptions = {}): Promise<void> {
    const running = this.#running.get(workspaceId);
    if (running && !options.recheck) return running;
    const run = (running ?? Promise.resolve()).then(() => this.#run(workspaceId, options));
    const tracked = run.finally(() => {
      if (this.#running.get(workspaceId) === tracked) this.#running.delete(workspaceId);
    });
    this.#running.set(workspaceId, tracked);
    return tracked;
  }

  /** Stops what is on the wire; nothing is written after this resolves. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#stop.abort();
    await Promise.allSettled([...this.#running.values()]);
  }

  async #run(workspaceId: string, options: AuditSyncOptions): Promise<void> {
    const workspace = this.#deps.workspaces.find(workspaceId);
    if (this.#disposed || workspace === null || workspace.url === null) return;
    const { repository, events } = this.#deps;
    let headSeq: number | null = null;
    try {
      const client = await this.#deps.clients.clientFor(workspace);
      const head = await client.auditHead(this.#stop.signal);
      headSeq = head.seq;
      if (options.recheck) await this.#recheck(workspace, client);
      const reached = await this.#pull(workspace, client, head.seq);
      if (this.#disposed) return;
      const ending = endOfTrailBreak(reached, head, this.#now());
      if (ending) repository.recordBreak(workspace.id, ending);
      repository.recordOutcome(workspace.id, { headSeq: head.seq, syncedAt: this.#now(), error: null });
    } catch (error) {
      if (this.#disposed) return;
      // The workspace may have been removed meanwhile, and its sync state with it.
      if (this.#deps.workspaces.find(workspace.id) === null) return;
      this.#safely(() =>
        repository.recordOutcome(workspace.id, { headSeq, syncedAt: null, error: errorMessage(error) }),
      );
    }
    this.#safely(() => {
      const lastSeq = repository.syncState(workspace.id).head.seq;
      events.emit('audit:syncProgress', { workspaceId, stored: 0, lastSeq, headSeq: headSeq ?? lastSeq, done: true });
      events.emit('audit:changed', { workspaceId });
    });
  }

  #safely(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.#deps.onError(error);
    }
  }

  /**
   * Pages after the last seq kept until the service has no more; returns where the chain got to.
   * The next page is asked for before this one is checked and stored, so the service prepares it
   * meanwhile.
   */
  async #pull(workspace: WorkspaceRecord, client: ManagementClient, headSeq: number): Promise<AuditChainHead> {
    const { repository, events } = this.#deps;
    const pageSize = this.#deps.pageSize ?? PAGE_SIZE;
    const keyNames = new Map(this.#deps.cache.list(workspace.id).map((key) => [key.id, key.name]));
    let chain = repository.syncState(workspace.id).head;
    let stored = 0;
    let next: Promise<AuditFeedResponse> | null = client.auditFeed(chain.seq, pageSize, this.#stop.signal);
    while (next !== null) {
      const page: AuditFeedResponse = await next;
      next =
        page.hasMore && page.data.length > 0 ? client.auditFeed(page.nextAfter, pageSize, this.#stop.signal) : null;
      // Left unread when this page ends the sync (disposed, a failed write): its failure is nobody's.
      next?.catch(() => undefined);
      if (this.#disposed) return chain;
      const entries: NewAuditEntry[] = [];
      const breaks: AuditChainBreakView[] = [];
      for (const event of page.data) {
        const broken = checkAuditLink(chain, event, sha256Hex(auditChainInput(chain.hash, event)));
        if (broken) breaks.push({ ...broken, detectedAt: this.#now() });
        // A repeated or earlier seq is already kept: storing it again would duplicate it.
        if (broken?.reason === 'out_of_order') continue;
        entries.push(serviceEntry(workspace.id, event, keyNames.get(event.keyId ?? '') ?? null));
        // Go on from what the service holds, so a second edit further on is found too.
        chain = { seq: event.seq, hash: event.hash };
      }
      const reachable = Math.max(headSeq, chain.seq);
      repository.storeServicePage({ workspaceId: workspace.id, entries, head: chain, headSeq: reachable, breaks });
      stored += entries.length;
      events.emit('audit:syncProgress', {
        workspaceId: workspace.id,
        stored,
        lastSeq: chain.seq,
        headSeq: reachable,
        done: false,
      });
      if (entries.length > 0 || breaks.length > 0) events.emit('audit:changed', { workspaceId: workspace.id });
      // A page of nothing new (every seq already kept) would be asked for again and again.
      if (entries.length === 0) return chain;
    }
    return chain;
  }

  /**
   * Walks the service's trail from its first event up to the last one kept here: each link is
   * checked again, and each hash compared with the copy synced earlier, so a row edited after it
   * was synced is named too.
   */
  async #recheck(workspace: WorkspaceRecord, client: ManagementClient): Promise<void> {
    const { repository } = this.#deps;
    const keptUpTo = repository.syncState(workspace.id).head.seq;
    let chain: AuditChainHead = { seq: 0, hash: '0'.repeat(64) };
    let after = 0;
    while (after < keptUpTo) {
      const page = await client.auditFeed(after, this.#deps.pageSize ?? PAGE_SIZE, this.#stop.signal);
      if (this.#disposed || page.data.length === 0) return;
      const kept = new Map(
        repository.hashesAfter(workspace.id, after, page.data.length).map((row) => [row.seq, row.hash]),
      );
      for (const event of page.data) {
        if (event.seq > keptUpTo) return;
        const broken = checkAuditLink(chain, event, sha256Hex(auditChainInput(chain.hash, event)));
        if (broken) repository.recordBreak(workspace.id, { ...broken, detectedAt: this.#now() });
        const keptHash = kept.get(event.seq);
        if (keptHash !== undefined && keptHash !== event.hash) {
          repository.recordBreak(workspace.id, {
            seq: event.seq,
            reason: 'differs_from_copy',
            message: `seq ${event.seq} differs from the copy this device synced earlier: it was changed at the service since`,
            detectedAt: this.#now(),
          });
        }
        chain = { seq: event.seq, hash: event.hash };
      }
      after = page.nextAfter;
      if (!page.hasMore) return;
    }
  }

  #now(): string {
    return this.#deps.clock.now().toISOString();
  }
}

/**
 * The service's head must be at or past where the walk ended, with the same hash when it is the
 * same seq: otherwise events were deleted from the end, or the head was tampered with.
 */
function endOfTrailBreak(
  reached: AuditChainHead,
  head: { seq: number; hash: string },
  detectedAt: string,
): AuditChainBreakView | null {
  if (head.seq < reached.seq) {
    return {
      seq: head.seq + 1,
      reason: 'missing',
      message: `the service's trail now ends at seq ${head.seq}, but this device kept events up to seq ${reached.seq}: events were deleted from its end`,
      detectedAt,
    };
  }
  if (head.seq === reached.seq && head.hash !== reached.hash && reached.seq > 0) {
    return {
      seq: head.seq,
      reason: 'head_mismatch',
      message: `the service's head says seq ${head.seq} has another hash than the event it sent`,
      detectedAt,
    };
  }
  return null;
}

function serviceEntry(workspaceId: string, event: AuditEvent, keyName: string | null): NewAuditEntry {
  return {
    workspaceId,
    source: 'service',
    seq: event.seq,
    eventId: event.id,
    type: event.type,
    at: event.at,
    actor: event.actor,
    keyId: event.keyId,
    keyPrefix: event.keyPrefix,
    ip: event.ip,
    userAgent: event.userAgent,
    details: event.details,
    hash: event.hash,
    searchText: searchTextOf(event, keyName),
  };
}
