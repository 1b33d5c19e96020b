import type { UpdateWorkspaceRequest } from '../../shared/api/index.ts';
import { ok, type Result } from '../domain/result.ts';
import type { NewAuditEvent, Storage, WorkspaceChanges, WorkspaceRecord } from '../storage/repositories.ts';
import type { AuditTrail, RequestContext } from './audit-trail.ts';

/** The fields a request changes and its audit event: only those fields are written. */
export interface WorkspaceChange {
  workspaceId: string;
  changes: WorkspaceChanges;
  events: NewAuditEvent[];
}

const CHANGEABLE = ['name', 'brand', 'region', 'replyTo', 'scimCustomAttributes'] as const;

/**
 * The one workspace, kept in memory because every key request shows it. With other nodes on the
 * same database, `current()` (every read and change of the workspace) reads it afresh, and the
 * server refreshes the snapshot every second, so another node's change shows here within a second
 * on the hot path and at once everywhere else. A change writes only the fields it sets, so one
 * made from a snapshot another node has since changed keeps that node's other fields.
 */
export class WorkspaceService {
  readonly #storage: Storage;
  readonly #audit: AuditTrail;
  #current: WorkspaceRecord;

  private constructor(storage: Storage, audit: AuditTrail, current: WorkspaceRecord) {
    this.#storage = storage;
    this.#audit = audit;
    this.#current = current;
  }

  static async load(storage: Storage, audit: AuditTrail): Promise<WorkspaceService | null> {
    const current = await storage.workspaces.get();
    return current ? new WorkspaceService(storage, audit, current) : null;
  }

  /** Synchronous so the hot path can read it without awaiting. */
  get snapshot(): WorkspaceRecord {
    return this.#current;
  }

  async current(): Promise<WorkspaceRecord> {
    if (this.#storage.shared) await this.refresh();
    return this.#current;
  }

  async refresh(): Promise<void> {
    this.#current = (await this.#storage.workspaces.get()) ?? this.#current;
  }

  async update(context: RequestContext, request: UpdateWorkspaceRequest): Promise<Result<WorkspaceRecord>> {
    if (this.#storage.shared) await this.refresh();
    const change = this.prepare(context, request);
    if (!change) return ok(this.#current);
    this.#current = await this.#storage.workspaces.update(change.workspaceId, change.changes, change.events);
    this.#audit.committed(change.events);
    return ok(this.#current);
  }

  /**
   * The workspace after `request`, and its audit event, without saving: for a change that must
   * commit in another write's transaction. Null when nothing would change.
   */
  prepare(context: RequestContext, request: UpdateWorkspaceRequest): WorkspaceChange | null {
    const before = this.#current;
    const changes: WorkspaceChanges = {};
    for (const field of CHANGEABLE) {
      const value = request[field];
      if (value === undefined || value === before[field]) continue;
      Object.assign(changes, { [field]: value });
    }
    if (Object.keys(changes).length === 0) return null;
    return {
      workspaceId: before.id,
      changes,
      events: [this.#audit.event('workspace.updated', context, null, { changes })],
    };
  }

  /** Call once a prepared change's transaction committed. */
  applied(change: WorkspaceChange): void {
    this.#current = { ...this.#current, ...change.changes };
    this.#audit.committed(change.events);
  }
}
