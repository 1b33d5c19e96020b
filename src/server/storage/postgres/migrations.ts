/**
 * PostgreSQL's numbered migrations, applied under an advisory lock: nodes starting together wait
 * for the first one's migration and then find nothing left to do, so each migration runs once.
 * Each migration commits with its version row, so a failed one leaves the previous schema.
 */
import type pg from 'pg';
import { LOCK } from './client.ts';
import { INITIAL } from './migrations/001-initial.ts';
import { DELIVERY_CLAIM_TOKEN } from './migrations/002-delivery-claim-token.ts';

export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

/** Append only: a released migration never changes; a schema change is a new numbered entry. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  { version: 1, name: 'initial', sql: INITIAL },
  { version: 2, name: 'delivery claim token', sql: DELIVERY_CLAIM_TOKEN },
];

export class PostgresSchemaTooNewError extends Error {
  readonly foundVersion: number;
  readonly knownVersion: number;
  constructor(foundVersion: number, knownVersion: number) {
    super(`schema version ${foundVersion} is newer than ${knownVersion}`);
    this.foundVersion = foundVersion;
    this.knownVersion = knownVersion;
  }
}

export async function migrate(
  pool: pg.Pool,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK.migrations]);
    await client.query(`CREATE TABLE IF NOT EXISTS keywarden_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const applied = await client.query<{ version: number }>('SELECT version FROM keywarden_migrations');
    const versions = new Set(applied.rows.map((row) => row.version));
    const known = migrations.at(-1)?.version ?? 0;
    const newest = Math.max(0, ...versions);
    if (newest > known) throw new PostgresSchemaTooNewError(newest, known);
    for (const migration of migrations) {
      if (versions.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO keywarden_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK.migrations]).catch(() => undefined);
    client.release();
  }
}
