/**
 * A node on PostgreSQL run in-process, with a clock the test moves: what a node does over time
 * to the rows every node shares.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.ts';
import { initWorkspace, startServer } from '../../../src/server/index.ts';
import { startTestPostgres, type TestPostgres } from '../../support/postgres.ts';

let postgres: TestPostgres;

beforeAll(async () => {
  postgres = await startTestPostgres();
}, 60_000);

afterAll(async () => {
  await postgres.stop();
});

describe('failed authentications on a shared database', () => {
  it('are forgotten by the lifecycle once their window ended, so the table holds one window of clients', async () => {
    const database = await postgres.database();
    const clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'), () => 0);
    await initWorkspace({ database, clock });
    const server = await startServer({
      database,
      clock,
      port: 0,
      rateLimit: { failures: 3, windowMs: 60_000 },
      lifecycleIntervalMs: 3_600_000,
    });
    const inspector = new pg.Client({ connectionString: database });
    await inspector.connect();
    try {
      const windows = async () =>
        (await inspector.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM auth_failures')).rows[0]?.n;
      const guess = async () =>
        (await fetch(`${server.url}/v1/whoami`, { headers: { authorization: 'Bearer lsk_live_guess' } })).status;

      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push(await guess());
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect(await windows()).toBe(1);

      // Half a window later the client is still counted, and still refused.
      clock.advance(30_000);
      await server.runLifecycle();
      expect(await windows()).toBe(1);
      expect(await guess()).toBe(429);

      clock.advance(30_000);
      await server.runLifecycle();
      expect(await windows()).toBe(0);
      expect(await guess()).toBe(401);
    } finally {
      await inspector.end();
      await server.close();
    }
  });
});
