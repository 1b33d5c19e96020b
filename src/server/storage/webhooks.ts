/** The storage boundary for webhooks: receivers, their deliveries and each delivery's attempts. */
import type { AuditEvent, AuditEventType, WebhookDeliveryStatus, WebhookEventType } from '../../shared/api/index.ts';
import type { NewAuditEvent, Page, PagePosition } from './repositories.ts';

export interface WebhookRecord {
  id: string;
  workspaceId: string;
  url: string;
  events: WebhookEventType[];
  /** Kept in plaintext: the server must sign with it. The only secret the server keeps. */
  secret: string;
  createdAt: string;
}

/** One event to send to one webhook, and how its attempts went. */
export interface WebhookDeliveryRecord {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: AuditEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  responseCode: number | null;
  error: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  redeliveryOf: string | null;
}

/** One HTTP POST of a delivery. */
export interface WebhookAttempt {
  deliveryId: string;
  webhookId: string;
  eventId: string;
  attempt: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  delivered: boolean;
}

/** What an attempt needs: the delivery, its webhook (with the signing secret) and the stored event. */
export interface DeliveryJob {
  delivery: WebhookDeliveryRecord;
  webhook: WebhookRecord;
  event: AuditEvent;
}

/**
 * A job this node claimed. The token names this claim alone: a node whose lease ran out (a slow
 * attempt, a pause) and whose delivery another node claimed meanwhile holds a token that no longer
 * matches, so what it records later cannot overwrite the new owner's result.
 */
export interface ClaimedDelivery extends DeliveryJob {
  claimToken: string;
}

/**
 * What became of a recorded attempt: stored; not stored because another claim holds the delivery
 * now (this node's lease ran out); or not stored because the delivery is gone (its webhook deleted).
 */
export type AttemptOutcome = 'recorded' | 'lease_lost' | 'gone';

export interface WebhookRepository {
  insert(webhook: WebhookRecord, events: NewAuditEvent[]): Promise<void>;
  list(): Promise<WebhookRecord[]>;
  findById(id: string): Promise<WebhookRecord | null>;
  /** Deletes the webhook with its deliveries, so its pending retries stop. */
  delete(id: string, events: NewAuditEvent[]): Promise<void>;
  /**
   * Stores the test event and, in the same transaction, its one delivery to `webhookId`.
   * (Every other event is queued for its subscribers as it is stored.)
   */
  insertTestEvent(webhookId: string, deliveryId: string, event: NewAuditEvent): Promise<void>;
  /** A new pending delivery of the same event to the same webhook. */
  redeliver(original: WebhookDeliveryRecord, deliveryId: string, at: string): Promise<void>;
  findDelivery(webhookId: string, deliveryId: string): Promise<WebhookDeliveryRecord | null>;
  /** Newest first. */
  deliveries(webhookId: string, limit: number, after?: PagePosition): Promise<Page<WebhookDeliveryRecord>>;
  /** Pending deliveries of these events. */
  pendingFor(eventIds: string[]): Promise<string[]>;
  /** Every pending delivery, for resuming them when the service starts. */
  pending(): Promise<{ id: string; nextAttemptAt: string }[]>;
  /** A pending delivery whose webhook still exists, ready to send; null otherwise. */
  job(deliveryId: string): Promise<DeliveryJob | null>;
  /**
   * Like `job`, and takes the delivery until `leaseUntil`: until then no other node's claim gets it
   * (null), and recording the attempt ends the lease. A node that dies mid-delivery leaves the
   * lease to run out, and another node takes the delivery over.
   */
  claim(deliveryId: string, now: string, leaseUntil: string): Promise<ClaimedDelivery | null>;
  /**
   * Logs the attempt and moves the delivery on (to delivered, failed, or pending until
   * `nextAttemptAt`), only while `claimToken` is still the delivery's claim; otherwise nothing.
   */
  recordAttempt(
    attempt: WebhookAttempt,
    next: { status: WebhookDeliveryStatus; nextAttemptAt: string | null },
    claimToken: string,
  ): Promise<AttemptOutcome>;
  /** Every attempt made for the webhook, oldest first. */
  attempts(webhookId: string): Promise<WebhookAttempt[]>;
}
