import { existsSync } from 'node:fs';
import type { Storage } from '../repositories.ts';
import { SqliteApiKeyRepository } from './api-key-repository.ts';
import { AuditWriter, SqliteAuditRepository } from './audit-repository.ts';
import { databasePath, openDatabase } from './database.ts';
import { SqliteEmailOutboxRepository } from './email-outbox-repository.ts';
export { lockDataDirectory } from './instance-lock.ts';
import { SqliteUsageRepository } from './usage-repository.ts';
import { SqliteWebhookRepository } from './webhook-repository.ts';
import { SqliteAdminTokenRepository, SqliteWorkspaceRepository } from './workspace-repository.ts';

export function sqliteDatabaseExists(dataDir: string): boolean {
  return existsSync(databasePath(dataDir));
}

export function openSqliteStorage(dataDir: string): Storage {
  const db = openDatabase(dataDir);
  const audit = new AuditWriter(db);
  const adminTokens = new SqliteAdminTokenRepository(db, audit);
  const workspaces = new SqliteWorkspaceRepository(db, audit, adminTokens);
  const apiKeys = new SqliteApiKeyRepository(db, audit);
  return {
    backend: 'sqlite',
    // The data directory is locked to one serving process; the CLI beside it writes only admin
    // tokens, which are never cached.
    shared: false,
    authFailures: null,
    exclusively: async (_name, work) => {
      await work();
      return true;
    },
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    workspaces,
    adminTokens,
    apiKeys,
    transaction: async (collect) => {
      const writes: (() => void)[] = [];
      collect({
        updateWorkspace: (id, changes) => writes.push(() => workspaces.updateWithin(id, changes)),
        insertKey: (key) => writes.push(() => apiKeys.insertWithin(key)),
        appendAudit: (events) => writes.push(() => audit.write(events)),
      });
      db.transaction(() => {
        for (const write of writes) write();
      })();
    },
    audit: new SqliteAuditRepository(db, audit),
    usage: new SqliteUsageRepository(db),
    webhooks: new SqliteWebhookRepository(db, audit),
    emailOutbox: new SqliteEmailOutboxRepository(db, audit),
    close: async () => {
      db.close();
    },
  };
}
