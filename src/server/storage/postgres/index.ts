/**
 * The PostgreSQL storage: what several nodes share. Everything a node must agree on with the
 * others lives here: keys, tokens, the audit chain's head, delivery leases, failed-authentication
 * windows, and the advisory locks that let one node at a time run the scheduled lifecycle.
 */
import type pg from 'pg';
import type { ExclusiveWork, Storage } from '../repositories.ts';
import { insertKey, PostgresApiKeyRepository } from './api-key-repository.ts';
import { PostgresAuditRepository, writeAudit } from './audit-repository.ts';
import { authFailureCounter } from './auth-failure-counter.ts';
import { createPool, inTransaction, LOCK } from './client.ts';
import { PostgresEmailOutboxRepository } from './email-outbox-repository.ts';
import { migrate } from './migrations.ts';
import { PostgresUsageRepository } from './usage-repository.ts';
import { PostgresWebhookRepository } from './webhook-repository.ts';
import { PostgresAdminTokenRepository, PostgresWorkspaceRepository, updateWorkspace } from './workspace-repository.ts';

export { migrate, POSTGRES_MIGRATIONS, PostgresSchemaTooNewError } from './migrations.ts';

export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** Connects, migrates (once across nodes starting together) and returns the storage. */
export async function openPostgresStorage(url: string, options: { poolSize?: number } = {}): Promise<Storage> {
  const pool = createPool(url, options.poolSize);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return {
    backend: 'postgres',
    shared: true,
    workspaces: new PostgresWorkspaceRepository(pool),
    adminTokens: new PostgresAdminTokenRepository(pool),
    apiKeys: new PostgresApiKeyRepository(pool),
    audit: new PostgresAuditRepository(pool),
    usage: new PostgresUsageRepository(pool),
    webhooks: new PostgresWebhookRepository(pool),
    emailOutbox: new PostgresEmailOutboxRepository(pool),
    transaction: async (collect) => {
      const writes: ((client: pg.PoolClient) => Promise<void>)[] = [];
      collect({
        updateWorkspace: (id, changes) =>
          writes.push(async (client) => {
            await updateWorkspace(client, id, changes);
          }),
        insertKey: (key) => writes.push((client) => insertKey(client, key)),
        appendAudit: (events) => writes.push((client) => writeAudit(client, events)),
      });
      await inTransaction(pool, async (client) => {
        for (const write of writes) await write(client);
      });
    },
    authFailures: authFailureCounter(pool),
    exclusively: (name, work) => exclusively(pool, name, work),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}

/**
 * A session-level advisory lock on a client of its own, held while `work` runs: a node that dies
 * loses its connection and with it the lock, so the next node's run is never blocked for good.
 */
async function exclusively(pool: pg.Pool, name: ExclusiveWork, work: () => Promise<void>): Promise<boolean> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [LOCK[name]]);
    if (!rows[0]?.locked) return false;
    try {
      await work();
      return true;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK[name]]);
    }
  } finally {
    client.release();
  }
}
