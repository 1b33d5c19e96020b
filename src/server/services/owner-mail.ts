/**
 * Emails the workspace's owners about their keys, for admins away from the app. A message is
 * queued in the outbox once per key, notice and address (so the lifecycle job may run as often as
 * it likes), then handed to the mail server; a refusal or an unreachable server is retried later
 * (1 min, 5 min, 30 min, 2 h by default), and the audit trail records the delivery or the final
 * failure. Owners are the holders of owner admin tokens that carry an address.
 */
import type { Clock } from '../../shared/clock.ts';
import { errorMessage } from '../../shared/error-message.ts';
import { newId } from '../domain/ids.ts';
import type { ApiKeyRecord, EmailNotice, OutboxMessage, Storage } from '../storage/repositories.ts';
import { SYSTEM_CONTEXT, type AuditTrail } from './audit-trail.ts';
import { ownerMailMessage } from './owner-mail-message.ts';
import type { MailTransport } from './smtp-transport.ts';

export const DEFAULT_MAIL_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000];
const BATCH = 50;
const MAX_ERROR_LENGTH = 300;

export interface OwnerMailOptions {
  storage: Storage;
  clock: Clock;
  audit: AuditTrail;
  transport: MailTransport;
  from: string;
  /** Delay before each retry; one more attempt than there are delays. */
  retryDelaysMs?: readonly number[];
  /** A failed attempt, for the log (never a secret: the message holds none). */
  onAttemptFailed?: (message: OutboxMessage, error: string) => void;
}

export class OwnerMail {
  readonly #options: OwnerMailOptions;
  readonly #retryDelaysMs: readonly number[];

  constructor(options: OwnerMailOptions) {
    this.#options = options;
    this.#retryDelaysMs = options.retryDelaysMs ?? DEFAULT_MAIL_RETRY_DELAYS_MS;
  }

  /** Queues the notice for every owner with an address; queuing it again changes nothing. */
  async queue(notice: EmailNotice, key: ApiKeyRecord): Promise<void> {
    const { storage, clock } = this.#options;
    const owners = await storage.adminTokens.listByRole('owner');
    const recipients = [...new Set(owners.flatMap((owner) => (owner.email ? [owner.email] : [])))];
    if (recipients.length === 0) return;
    const workspace = await storage.workspaces.get();
    const { subject, text } = ownerMailMessage(notice, key, { workspaceName: workspace?.name ?? 'your workspace' });
    const now = clock.now().toISOString();
    await storage.emailOutbox.enqueue(
      recipients.map((recipient) => ({
        id: newId('mail'),
        keyId: key.id,
        keyPrefix: key.prefix,
        notice,
        recipient,
        subject,
        body: text,
        createdAt: now,
        nextAttemptAt: now,
      })),
    );
  }

  /** Sends what is due, one message at a time; each outcome is stored before the next. */
  async deliverDue(): Promise<void> {
    const { storage, clock } = this.#options;
    const due = await storage.emailOutbox.due(clock.now().toISOString(), BATCH);
    for (const message of due) await this.#deliver(message);
  }

  async #deliver(message: OutboxMessage): Promise<void> {
    const { storage, clock, audit, transport, from } = this.#options;
    const attempts = message.attempts + 1;
    const key = { id: message.keyId, prefix: message.keyPrefix };
    const delivery = { notice: message.notice, to: message.recipient, attempts };
    try {
      const { messageId } = await transport.send({
        from,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
      });
      const events = [audit.event('notification.email_sent', SYSTEM_CONTEXT, key, { ...delivery, messageId })];
      await storage.emailOutbox.markSent(message.id, attempts, clock.now().toISOString(), events);
      audit.committed(events);
    } catch (error) {
      const reason = describe(error);
      this.#options.onAttemptFailed?.(message, reason);
      const now = clock.now();
      const delay = this.#retryDelaysMs[attempts - 1];
      const events =
        delay === undefined
          ? [audit.event('notification.email_failed', SYSTEM_CONTEXT, key, { ...delivery, error: reason })]
          : [];
      await storage.emailOutbox.markAttemptFailed(
        message.id,
        {
          attempts,
          error: reason,
          nextAttemptAt: new Date(now.getTime() + (delay ?? 0)).toISOString(),
          failedAt: delay === undefined ? now.toISOString() : null,
        },
        events,
      );
      audit.committed(events);
    }
  }
}

function describe(error: unknown): string {
  const text = errorMessage(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
