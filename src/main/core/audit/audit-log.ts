/**
 * The audit log's services, built once by the composition root: the sync of every workspace's
 * trail, the kept log's reads and export, a key's usage and the webhooks, with their channels.
 * What the app records itself (LocalAudit) is built earlier, for the services that call it.
 */
import type { Database } from 'better-sqlite3';
import type { Clock } from '../../../shared/clock.ts';
import type { CoreEvents } from '../events.ts';
import type { SaveFilePort, SecretStore } from '../ports.ts';
import { AuditQuery } from '../store/audit-query.ts';
import type { AuditRepository } from '../store/audit-repository.ts';
import type { KeyCacheRepository } from '../store/key-cache-repository.ts';
import type { WorkspaceRepository } from '../store/workspace-repository.ts';
import type { WorkspaceClients } from '../workspaces/workspace-clients.ts';
import type { WorkspaceService } from '../workspaces/workspace-service.ts';
import { auditHandlers } from './audit-handlers.ts';
import { AuditService } from './audit-service.ts';
import { AuditSync } from './audit-sync.ts';
import { KeyUsageService } from './key-usage.ts';
import { WebhookService } from './webhook-service.ts';

export interface AuditLogDeps {
  db: Database;
  repository: AuditRepository;
  workspaceRepository: WorkspaceRepository;
  workspaces: WorkspaceService;
  cache: KeyCacheRepository;
  clients: WorkspaceClients;
  secrets: SecretStore;
  saveFile: SaveFilePort | undefined;
  clock: Clock;
  events: CoreEvents;
  onError(error: unknown): void;
}

/** A burst of key changes (a rotation, a bulk edit) is followed by one sync, this long after the last. */
const FOLLOW_UP_MS = 300;

export function createAuditLog(deps: AuditLogDeps) {
  const sync = new AuditSync({
    repository: deps.repository,
    workspaces: deps.workspaceRepository,
    clients: deps.clients,
    cache: deps.cache,
    clock: deps.clock,
    events: deps.events,
    onError: deps.onError,
  });
  const audit = new AuditService({
    repository: deps.repository,
    query: new AuditQuery(deps.db),
    sync,
    workspaces: deps.workspaceRepository,
    clock: deps.clock,
    saveFile: deps.saveFile,
  });
  const usage = new KeyUsageService({ workspaces: deps.workspaces, clients: deps.clients, clock: deps.clock });
  const webhooks = new WebhookService({ workspaces: deps.workspaces, clients: deps.clients, secrets: deps.secrets });
  // A key changed through this app has new events at its service: they join the log at once, so
  // the key's trail and the audit view show them without waiting for the next background sync.
  const followUps = new Map<string, ReturnType<typeof setTimeout>>();
  const stopListening = deps.events.on((event, payload) => {
    if (event !== 'keys:changed') return;
    const { workspaceId } = payload as { workspaceId: string };
    clearTimeout(followUps.get(workspaceId));
    const timer = setTimeout(() => {
      followUps.delete(workspaceId);
      void sync.sync(workspaceId);
    }, FOLLOW_UP_MS);
    timer.unref();
    followUps.set(workspaceId, timer);
  });
  return {
    sync,
    handlers: auditHandlers({ audit, usage, webhooks }),
    /** Stops the syncs on the wire and the ones planned; nothing is written after it resolves. */
    dispose: async () => {
      stopListening();
      for (const timer of followUps.values()) clearTimeout(timer);
      await sync.dispose();
    },
  };
}
