/**
 * The audit log as the app offers it: pages of the kept events (filters, free text, a cursor),
 * what the filters can choose from, each workspace's sync state with its chain breaks, syncing
 * now, and exporting the filtered rows to a CSV file the user picks. Works offline: everything
 * but syncing reads the vault.
 */
import type { Clock } from '../../../shared/clock.ts';
import type {
  AuditExportResult,
  AuditFacets,
  AuditFilters,
  AuditPage,
  AuditStatus,
} from '../../../shared/ipc/index.ts';
import { AppError } from '../errors.ts';
import type { SaveFilePort } from '../ports.ts';
import type { AuditQuery } from '../store/audit-query.ts';
import type { AuditRepository } from '../store/audit-repository.ts';
import type { WorkspaceRepository } from '../store/workspace-repository.ts';
import { AUDIT_CSV_HEADER, auditCsvRow } from './audit-csv.ts';
import type { AuditSync, AuditSyncOptions } from './audit-sync.ts';

/** Rows read per query while exporting: one page in memory at a time. */
const EXPORT_PAGE = 2000;

export interface AuditServiceDeps {
  repository: AuditRepository;
  query: AuditQuery;
  sync: AuditSync;
  workspaces: WorkspaceRepository;
  clock: Clock;
  saveFile: SaveFilePort | undefined;
}

export class AuditService {
  readonly #deps: AuditServiceDeps;

  constructor(deps: AuditServiceDeps) {
    this.#deps = deps;
  }

  page(filters: AuditFilters, limit: number, cursor: string | undefined): AuditPage {
    const before = cursor === undefined ? null : Number(cursor);
    if (before !== null && !Number.isSafeInteger(before)) {
      throw new AppError('invalid_input', 'cursor: this is not a cursor the audit log gave out.');
    }
    const page = this.#deps.query.page(filters, limit, before);
    return { entries: page.entries, nextCursor: page.next === null ? null : String(page.next) };
  }

  facets(): AuditFacets {
    return this.#deps.query.facets();
  }

  status(): AuditStatus {
    const states = this.#deps.repository.syncStates();
    const breaks = this.#deps.repository.breaks();
    const managed = this.#deps.workspaces.list().filter((workspace) => workspace.url !== null);
    return {
      workspaces: managed.map((workspace) => {
        const state = states.get(workspace.id);
        return {
          workspaceId: workspace.id,
          workspaceName: workspace.name,
          lastSeq: state?.head.seq ?? 0,
          headSeq: state?.headSeq ?? null,
          syncedAt: state?.syncedAt ?? null,
          syncing: this.#deps.sync.isSyncing(workspace.id),
          error: state?.error ?? null,
          breaks: breaks.get(workspace.id) ?? [],
        };
      }),
    };
  }

  async sync(workspaceId: string | undefined, options: AuditSyncOptions): Promise<AuditStatus> {
    if (workspaceId === undefined) {
      await this.#deps.sync.syncAll(options);
    } else {
      const workspace = this.#deps.workspaces.find(workspaceId);
      if (workspace === null) throw new AppError('not_found', 'This workspace is no longer in Keywarden.');
      if (workspace.url === null) {
        throw new AppError('unsupported', `${workspace.name} has no audit trail: its keys were issued elsewhere.`);
      }
      await this.#deps.sync.sync(workspaceId, options);
    }
    return this.status();
  }

  /** Writes every row the filters select, newest first, to the file the user picks. */
  async export(filters: AuditFilters): Promise<AuditExportResult> {
    const { saveFile, query, workspaces, clock } = this.#deps;
    if (saveFile === undefined) throw new AppError('unsupported', 'This version of Keywarden cannot save files.');
    const names = new Map(workspaces.list().map((workspace) => [workspace.id, workspace.name]));
    let rows = 0;
    async function* chunks(): AsyncGenerator<string> {
      yield AUDIT_CSV_HEADER;
      let before: number | null = null;
      do {
        const page = query.page(filters, EXPORT_PAGE, before);
        rows += page.entries.length;
        yield page.entries.map((entry) => auditCsvRow(entry, names.get(entry.workspaceId) ?? '')).join('');
        before = page.next;
      } while (before !== null);
    }
    const saved = await saveFile.save({
      title: 'Export the audit log',
      suggestedName: `keywarden-audit-${clock.now().toISOString().slice(0, 10)}.csv`,
      fileType: { name: 'CSV', extensions: ['csv'] },
      chunks,
    });
    return saved === null ? { saved: false, rows: 0, path: null } : { saved: true, rows, path: saved.path };
  }
}
