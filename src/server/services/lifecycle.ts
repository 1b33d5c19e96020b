import { DAY_MS, DELETE_AFTER_EXPIRY_DAYS, EXPIRY_WARNING_DAYS } from '../../shared/api/index.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Storage } from '../storage/repositories.ts';
import { SYSTEM_CONTEXT, type AuditTrail } from './audit-trail.ts';
import type { Authenticator } from './authenticator.ts';
import type { OwnerMail } from './owner-mail.ts';

const USE_RETENTION_DAYS = DELETE_AFTER_EXPIRY_DAYS;

/**
 * The scheduled part of a key's life: ending rotation overlaps, expiring, warning the owner a month
 * ahead, deleting three months after expiry. Idempotent: each step marks what it did, so running it
 * twice (or late, or after the clock jumped) emits every notice exactly once.
 * Authentication never depends on this job: it checks times itself.
 */
export class Lifecycle {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #audit: AuditTrail;
  readonly #authenticator: Authenticator;
  readonly #mail: OwnerMail | null;
  #running: Promise<void> | null = null;
  #again = false;

  constructor(
    storage: Storage,
    clock: Clock,
    audit: AuditTrail,
    authenticator: Authenticator,
    mail: OwnerMail | null = null,
  ) {
    this.#storage = storage;
    this.#clock = clock;
    this.#audit = audit;
    this.#authenticator = authenticator;
    this.#mail = mail;
  }

  /** Runs once; a call during a run schedules one more run after it, so no clock jump is missed. */
  run(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          // Once across nodes: a node finding another one's run in progress leaves the rows to it.
          await this.#storage.exclusively('lifecycle', () => this.#runOnce());
        } while (this.#again);
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  async #runOnce(): Promise<void> {
    const { apiKeys } = this.#storage;
    const now = this.#clock.now();
    const nowIso = now.toISOString();

    for (const key of await apiKeys.overlapsEnded(nowIso)) {
      const events = [
        this.#audit.event('key.revoked', SYSTEM_CONTEXT, key, { reason: 'rotated', successorId: key.rotatedToId }),
      ];
      await apiKeys.update(key.id, { overlapClosedAt: nowIso }, events);
      this.#authenticator.forget(key.id);
      this.#audit.committed(events);
    }

    for (const key of await apiKeys.dueForExpiredNotice(nowIso)) {
      // A key revoked before it expired never "expires" in the audit trail.
      const revokedFirst = key.revokedAt !== null && key.revokedAt <= key.expiresAt;
      const events = revokedFirst
        ? []
        : [this.#audit.event('key.expired', SYSTEM_CONTEXT, key, { expiresAt: key.expiresAt })];
      // Queued before the notice is marked: queuing twice is harmless, never queuing is not. A
      // rotated key's successor is the one that matters.
      if (!revokedFirst && key.rotatedToId === null) await this.#mail?.queue('expired', key);
      await apiKeys.update(key.id, { expiredNoticeAt: nowIso }, events);
      this.#authenticator.forget(key.id);
      this.#audit.committed(events);
    }

    const warnBefore = new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS).toISOString();
    const due = await apiKeys.dueForExpiringNotice(warnBefore, nowIso);
    if (due.length > 0) {
      // The workspace's global admins (our owner role) are the ones warned.
      const owners = (await this.#storage.adminTokens.listByRole('owner')).map((t) => ({ id: t.id, name: t.name }));
      for (const key of due) {
        const events = [
          this.#audit.event('key.expiring', SYSTEM_CONTEXT, key, { expiresAt: key.expiresAt, notify: owners }),
        ];
        if (key.rotatedToId === null) await this.#mail?.queue('expiring', key);
        await apiKeys.update(key.id, { expiringNoticeAt: nowIso }, events);
        this.#audit.committed(events);
      }
    }

    const expiredBefore = new Date(now.getTime() - DELETE_AFTER_EXPIRY_DAYS * DAY_MS).toISOString();
    for (const key of await apiKeys.dueForDeletion(expiredBefore)) {
      const events = [
        this.#audit.event('key.deleted', SYSTEM_CONTEXT, key, { name: key.name, expiresAt: key.expiresAt }),
      ];
      await apiKeys.delete(key.id, events);
      this.#authenticator.forget(key.id);
      this.#audit.committed(events);
    }

    // Per-request rows (masked IP, user agent) are kept as long as an expired key is: 90 days.
    await this.#storage.usage.pruneUsesBefore(new Date(now.getTime() - USE_RETENTION_DAYS * DAY_MS).toISOString());

    // With several nodes the windows are rows every node shares; here, under the lifecycle's
    // lock, one node deletes those that ended instead of each failure path paying for it.
    await this.#authenticator.forgetEndedFailureWindows();

    await this.#mail?.deliverDue();
  }
}
