import pg from 'pg';

/** Anything that runs a query: the pool, or one client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * Counts and sequence numbers are BIGINT in the schema (a busy trail outgrows 2^31), but never
 * reach 2^53, so they are read as numbers like SQLite's integers rather than node-pg's strings.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, types, connectionTimeoutMillis: 10_000 });
  // An idle client losing its server (a failover, a restart) must not crash the node: the pool
  // drops it and the next query opens a new one.
  pool.on('error', () => {});
  return pool;
}

/** Runs `work` in one transaction on one client: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Advisory lock keys: one per kind of work that must run on one node at a time. */
export const LOCK = {
  migrations: 7_160_001,
  lifecycle: 7_160_002,
} as const;
