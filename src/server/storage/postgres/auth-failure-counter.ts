import type pg from 'pg';
import type { AuthFailureCounter } from '../repositories.ts';

/** Rows deleted per statement, so forgetting a flood's windows never holds many row locks at once. */
const FORGET_BATCH = 1_000;

/**
 * Failed-authentication windows in an UNLOGGED table every node upserts. One upsert per failure: a
 * window that ended starts over at 1, otherwise the count goes up. The row lock of the upsert
 * makes concurrent failures from two nodes count one after the other.
 */
export function authFailureCounter(pool: pg.Pool): AuthFailureCounter {
  return {
    async countFailure(client, nowMs, limit) {
      const { rows } = await pool.query<{ started: number; failures: number }>(
        `INSERT INTO auth_failures AS f (client, window_started_ms, failures) VALUES ($1, $2, 1)
         ON CONFLICT (client) DO UPDATE SET
           window_started_ms = CASE WHEN f.window_started_ms <= $2 - $3 THEN $2 ELSE f.window_started_ms END,
           failures = CASE WHEN f.window_started_ms <= $2 - $3 THEN 1
             WHEN f.failures > $4 THEN f.failures ELSE f.failures + 1 END
         RETURNING window_started_ms AS started, failures`,
        [client, nowMs, limit.windowMs, limit.failures],
      );
      const row = rows[0];
      if (!row || row.failures <= limit.failures) return null;
      return Math.max(1, Math.ceil((row.started + limit.windowMs - nowMs) / 1000));
    },

    async forgetEndedWindows(nowMs, windowMs) {
      // A row a failure is counting at this moment is skipped, left to the next run: forgetting
      // never waits for a client's request, nor deletes a window that request just started.
      let forgotten = 0;
      for (;;) {
        const { rowCount } = await pool.query(
          `DELETE FROM auth_failures WHERE client IN (
             SELECT client FROM auth_failures WHERE window_started_ms <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
           AND window_started_ms <= $1`,
          [nowMs - windowMs, FORGET_BATCH],
        );
        forgotten += rowCount ?? 0;
        if ((rowCount ?? 0) < FORGET_BATCH) return forgotten;
      }
    },
  };
}
