import type { Database, Statement } from 'better-sqlite3';
import type { KeyUse, UsageRepository } from '../repositories.ts';

export class SqliteUsageRepository implements UsageRepository {
  readonly #db: Database;
  readonly #insertUse: Statement;
  readonly #countDay: Statement;
  readonly #touchKey: Statement;
  readonly #daily: Statement;
  readonly #prune: Statement;
  readonly #since: Statement;

  constructor(db: Database) {
    this.#db = db;
    // A use of a key deleted meanwhile is dropped: its key row, and so its history, is gone.
    this.#insertUse = db.prepare(`INSERT INTO key_uses (key_id, at, ip, user_agent, requests)
      SELECT @keyId, @at, @ip, @userAgent, @requests WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = @keyId)`);
    this.#countDay = db.prepare(`INSERT INTO key_usage_daily (key_id, day, requests)
      SELECT @keyId, @day, @count WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = @keyId)
      ON CONFLICT (key_id, day) DO UPDATE SET requests = requests + excluded.requests`);
    this.#touchKey = db.prepare(`UPDATE api_keys SET last_used_at = @at, last_used_ip = @ip
      WHERE id = @keyId AND (last_used_at IS NULL OR last_used_at <= @at)`);
    this.#prune = db.prepare('DELETE FROM key_uses WHERE at < ?');
    this.#since = db.prepare(
      `SELECT key_id AS keyId, at, ip, user_agent AS userAgent, requests FROM key_uses
       WHERE key_id = ? AND at >= ? ORDER BY at DESC LIMIT ?`,
    );
    this.#daily = db.prepare(
      'SELECT day, requests FROM key_usage_daily WHERE key_id = ? AND day >= ? AND day <= ? ORDER BY day',
    );
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
    this.#db.transaction(() => {
      for (const use of uses) this.#insertUse.run({ ...use });
      for (const bucket of perDay.values()) this.#countDay.run(bucket);
      for (const use of latest.values()) this.#touchKey.run({ keyId: use.keyId, at: use.at, ip: use.ip });
    })();
  }

  async pruneUsesBefore(before: string): Promise<number> {
    return this.#prune.run(before).changes;
  }

  async dailyCounts(keyId: string, fromDay: string, toDay: string): Promise<Map<string, number>> {
    const rows = this.#daily.all(keyId, fromDay, toDay) as { day: string; requests: number }[];
    return new Map(rows.map((row) => [row.day, row.requests]));
  }

  async usesSince(keyId: string, since: string, limit: number): Promise<KeyUse[]> {
    return this.#since.all(keyId, since, limit) as KeyUse[];
  }
}
