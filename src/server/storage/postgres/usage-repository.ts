import type pg from 'pg';
import type { KeyUse, UsageRepository } from '../repositories.ts';
import { inTransaction } from './client.ts';

/**
 * Each node writes its own batches; the per-day counts are incremented in place (upsert with
 * `requests + excluded.requests`), so batches from every node add up instead of overwriting.
 */
export class PostgresUsageRepository implements UsageRepository {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async recordBatch(uses: KeyUse[]): Promise<void> {
    if (uses.length === 0) return;
    const perDay = new Map<string, { keyId: string; day: string; count: number }>();
    const latest = new Map<string, KeyUse>();
    for (const use of uses) {
      const day = use.at.slice(0, 10);
      const bucket = perDay.get(`${use.keyId}|${day}`);
      if (bucket) bucket.count += use.requests;
      else perDay.set(`${use.keyId}|${day}`, { keyId: use.keyId, day, count: use.requests });
      const previous = latest.get(use.keyId);
      if (!previous || previous.at <= use.at) latest.set(use.keyId, use);
    }
    const days = [...perDay.values()].sort((a, b) => (a.keyId + a.day < b.keyId + b.day ? -1 : 1));
    const touched = [...latest.values()].sort((a, b) => (a.keyId < b.keyId ? -1 : 1));
    await inTransaction(this.#pool, async (client) => {
      // A use of a key deleted meanwhile is dropped: its key row, and so its history, is gone.
      await client.query(
        `INSERT INTO key_uses (key_id, at, ip, user_agent, requests)
         SELECT u.key_id, u.at, u.ip, u.user_agent, u.requests
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS u(key_id, at, ip, user_agent, requests)
         WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = u.key_id)`,
        [
          uses.map((use) => use.keyId),
          uses.map((use) => use.at),
          uses.map((use) => use.ip),
          uses.map((use) => use.userAgent),
          uses.map((use) => use.requests),
        ],
      );
      // Rows are taken in key order on every node, so two nodes' batches cannot deadlock.
      await client.query(
        `INSERT INTO key_usage_daily (key_id, day, requests)
         SELECT d.key_id, d.day, d.requests
         FROM unnest($1::text[], $2::text[], $3::bigint[]) AS d(key_id, day, requests)
         WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = d.key_id)
         ON CONFLICT (key_id, day) DO UPDATE SET requests = key_usage_daily.requests + excluded.requests`,
        [days.map((d) => d.keyId), days.map((d) => d.day), days.map((d) => d.count)],
      );
      await client.query(
        `UPDATE api_keys k SET last_used_at = t.at, last_used_ip = t.ip
         FROM unnest($1::text[], $2::text[], $3::text[]) AS t(key_id, at, ip)
         WHERE k.id = t.key_id AND (k.last_used_at IS NULL OR k.last_used_at <= t.at)`,
        [touched.map((use) => use.keyId), touched.map((use) => use.at), touched.map((use) => use.ip)],
      );
    });
  }

  async pruneUsesBefore(before: string): Promise<number> {
    return (await this.#pool.query('DELETE FROM key_uses WHERE at < $1', [before])).rowCount ?? 0;
  }

  async dailyCounts(keyId: string, fromDay: string, toDay: string): Promise<Map<string, number>> {
    const { rows } = await this.#pool.query<{ day: string; requests: number }>(
      'SELECT day, requests FROM key_usage_daily WHERE key_id = $1 AND day >= $2 AND day <= $3 ORDER BY day',
      [keyId, fromDay, toDay],
    );
    return new Map(rows.map((row) => [row.day, row.requests]));
  }

  async usesSince(keyId: string, since: string, limit: number): Promise<KeyUse[]> {
    const { rows } = await this.#pool.query<KeyUse>(
      `SELECT key_id AS "keyId", at, ip, user_agent AS "userAgent", requests FROM key_uses
       WHERE key_id = $1 AND at >= $2 ORDER BY at DESC LIMIT $3`,
      [keyId, since, limit],
    );
    return rows;
  }
}
