/**
 * What the reminders remember between runs: which reminder fired for which key and date, each
 * workspace's thresholds, each key's rotation policy, and the reminder preferences.
 */
import type { Database, Statement, Transaction } from 'better-sqlite3';
import {
  DEFAULT_REMINDER_THRESHOLDS,
  DEFAULT_SYNC_INTERVAL_MINUTES,
  ReminderPreferences,
  ReminderThresholds,
} from '../../../shared/reminders.ts';

export type ReminderKind = 'expiry' | 'rotation';

/** One key and one date it is reminded of. */
export interface ReminderDate {
  workspaceId: string;
  keyId: string;
  kind: ReminderKind;
  dueAt: string;
}

export interface ReminderFiring extends ReminderDate {
  thresholdDays: number;
  firedAt: string;
}

export const DEFAULT_REMINDER_PREFERENCES: ReminderPreferences = {
  enabled: true,
  syncIntervalMinutes: DEFAULT_SYNC_INTERVAL_MINUTES,
  pausedUntil: null,
};

/** The map key of a reminder date in `firings()`. */
export function reminderDateId(date: ReminderDate): string {
  return `${date.workspaceId}\u0000${date.keyId}\u0000${date.kind}\u0000${date.dueAt}`;
}

export class ReminderRepository {
  readonly #firings: Statement<[], ReminderDate & { thresholdDays: number }>;
  readonly #fire: Statement<[ReminderFiring]>;
  readonly #fireAll: Transaction<(firings: ReminderFiring[]) => void>;
  readonly #pruneFirings: Statement<[string]>;
  readonly #thresholds: Statement<[], { workspace_id: string; days: string }>;
  readonly #setThresholds: Statement<[string, string]>;
  readonly #setPolicy: Statement<[string, string, number, string]>;
  readonly #deletePolicy: Statement<[string, string]>;
  readonly #policy: Statement<[string, string], { rotate_every_days: number }>;
  readonly #policies: Statement<[string], { keyId: string; days: number }>;
  readonly #preferences: Statement<[], { name: string; value: string }>;
  readonly #putPreference: Statement<[string, string]>;

  constructor(db: Database) {
    this.#firings = db.prepare(`SELECT workspace_id AS workspaceId, key_id AS keyId, kind, due_at AS dueAt,
      threshold_days AS thresholdDays FROM reminder_firings`);
    // A threshold only ever moves closer to the date: a less urgent one never overwrites a fired one.
    this.#fire = db.prepare(`INSERT INTO reminder_firings (workspace_id, key_id, kind, due_at, threshold_days, fired_at)
      VALUES (@workspaceId, @keyId, @kind, @dueAt, @thresholdDays, @firedAt)
      ON CONFLICT (workspace_id, key_id, kind, due_at) DO UPDATE SET threshold_days = excluded.threshold_days,
        fired_at = excluded.fired_at WHERE excluded.threshold_days < reminder_firings.threshold_days`);
    this.#fireAll = db.transaction((firings: ReminderFiring[]) => {
      for (const firing of firings) this.#fire.run(firing);
    });
    this.#pruneFirings = db.prepare('DELETE FROM reminder_firings WHERE due_at < ?');
    this.#thresholds = db.prepare('SELECT workspace_id, days FROM reminder_thresholds');
    this.#setThresholds = db.prepare(`INSERT INTO reminder_thresholds (workspace_id, days) VALUES (?, ?)
      ON CONFLICT (workspace_id) DO UPDATE SET days = excluded.days`);
    this.#setPolicy = db.prepare(`INSERT INTO rotation_policies (workspace_id, key_id, rotate_every_days, updated_at)
      VALUES (?, ?, ?, ?) ON CONFLICT (workspace_id, key_id) DO UPDATE SET
        rotate_every_days = excluded.rotate_every_days, updated_at = excluded.updated_at`);
    this.#deletePolicy = db.prepare('DELETE FROM rotation_policies WHERE workspace_id = ? AND key_id = ?');
    this.#policy = db.prepare('SELECT rotate_every_days FROM rotation_policies WHERE workspace_id = ? AND key_id = ?');
    this.#policies = db.prepare(
      'SELECT key_id AS keyId, rotate_every_days AS days FROM rotation_policies WHERE workspace_id = ?',
    );
    this.#preferences = db.prepare('SELECT name, value FROM reminder_preferences');
    this.#putPreference = db.prepare(`INSERT INTO reminder_preferences (name, value) VALUES (?, ?)
      ON CONFLICT (name) DO UPDATE SET value = excluded.value`);
  }

  /** The most urgent threshold fired so far for each reminder date (see `reminderDateId`). */
  firings(): Map<string, number> {
    const fired = new Map<string, number>();
    for (const row of this.#firings.all()) fired.set(reminderDateId(row), row.thresholdDays);
    return fired;
  }

  recordFirings(firings: ReminderFiring[]): void {
    if (firings.length > 0) this.#fireAll(firings);
  }

  /** Forgets firings for dates long past: their keys have been deleted or replaced since. */
  pruneFiringsBefore(at: string): number {
    return this.#pruneFirings.run(at).changes;
  }

  /** Thresholds of the workspaces that changed them; the others use the default. */
  thresholds(): Map<string, number[]> {
    const byWorkspace = new Map<string, number[]>();
    for (const row of this.#thresholds.all()) {
      // A row written by a newer or broken build falls back to the default rather than failing.
      const parsed = ReminderThresholds.safeParse(JSON.parse(row.days));
      if (parsed.success) byWorkspace.set(row.workspace_id, parsed.data);
    }
    return byWorkspace;
  }

  thresholdsOf(workspaceId: string): number[] {
    return this.thresholds().get(workspaceId) ?? [...DEFAULT_REMINDER_THRESHOLDS];
  }

  setThresholds(workspaceId: string, days: number[]): void {
    this.#setThresholds.run(workspaceId, JSON.stringify(days));
  }

  rotationPolicyOf(workspaceId: string, keyId: string): number | null {
    return this.#policy.get(workspaceId, keyId)?.rotate_every_days ?? null;
  }

  /** The workspace's policies: days by key id. */
  rotationPoliciesIn(workspaceId: string): Map<string, number> {
    return new Map(this.#policies.all(workspaceId).map((policy) => [policy.keyId, policy.days]));
  }

  setRotationPolicy(workspaceId: string, keyId: string, rotateEveryDays: number | null, at: string): void {
    if (rotateEveryDays === null) this.#deletePolicy.run(workspaceId, keyId);
    else this.#setPolicy.run(workspaceId, keyId, rotateEveryDays, at);
  }

  preferences(): ReminderPreferences {
    const stored: Record<string, unknown> = {};
    for (const row of this.#preferences.all()) stored[row.name] = JSON.parse(row.value);
    const parsed = ReminderPreferences.partial().safeParse(stored);
    return { ...DEFAULT_REMINDER_PREFERENCES, ...(parsed.success ? parsed.data : {}) };
  }

  updatePreferences(patch: Partial<ReminderPreferences>): ReminderPreferences {
    for (const [name, value] of Object.entries(patch)) {
      if (value !== undefined) this.#putPreference.run(name, JSON.stringify(value));
    }
    return this.preferences();
  }
}
