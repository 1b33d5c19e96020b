import type { UpdateWorkspaceRequest } from '../../shared/api.ts';
import { ok, type Result } from '../domain/result.ts';
import type { Storage, WorkspaceRecord } from '../storage/repositories.ts';
import type { AuditTrail, RequestContext } from './audit-trail.ts';

/** The one workspace of this data directory, kept in memory because every key request shows it. */
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
    return this.#current;
  }

  async update(context: RequestContext, request: UpdateWorkspaceRequest): Promise<Result<WorkspaceRecord>> {
    const before = this.#current;
    const after: WorkspaceRecord = { ...before };
    const changes: Record<string, unknown> = {};
    for (const field of ['name', 'brand', 'region', 'replyTo', 'scimCustomAttributes'] as const) {
      const value = request[field];
      if (value === undefined || value === before[field]) continue;
      changes[field] = value;
      (after as unknown as Record<string, unknown>)[field] = value;
    }
    if (Object.keys(changes).length === 0) return ok(before);
    const events = [this.#audit.event('workspace.updated', context, null, { changes })];
    await this.#storage.workspaces.update(after, events);
    this.#current = after;
    this.#audit.committed(events);
    return ok(after);
  }
}
