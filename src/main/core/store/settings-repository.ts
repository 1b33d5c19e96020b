/** The user's settings, one row per setting, defaults applied on read. */
import type { Database, Statement } from 'better-sqlite3';
import { Settings } from '../../../shared/ipc/index.ts';

export const DEFAULT_SETTINGS: Settings = { clipboardClearSeconds: 30 };

export class SettingsRepository {
  readonly #all: Statement<[], { name: string; value: string }>;
  readonly #put: Statement<[string, string]>;

  constructor(db: Database) {
    this.#all = db.prepare('SELECT name, value FROM settings');
    this.#put = db.prepare(
      'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    );
  }

  get(): Settings {
    const stored: Record<string, unknown> = {};
    for (const row of this.#all.all()) stored[row.name] = JSON.parse(row.value);
    // A setting written by a newer or broken build falls back to its default rather than failing.
    const parsed = Settings.partial().safeParse(stored);
    return { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.data : {}) };
  }

  update(patch: Partial<Settings>): Settings {
    for (const [name, value] of Object.entries(patch)) {
      if (value !== undefined) this.#put.run(name, JSON.stringify(value));
    }
    return this.get();
  }
}
