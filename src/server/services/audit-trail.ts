import type { Actor, AuditEventType } from '../../shared/api/index.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../domain/ids.ts';
import type { NewAuditEvent } from '../storage/repositories.ts';

/** Who asked for a change, and from where (IP already masked). */
export interface RequestContext {
  actor: Actor;
  ip: string | null;
  userAgent: string | null;
}

export const SYSTEM_CONTEXT: RequestContext = {
  actor: { type: 'system', id: null, name: 'Keywarden' },
  ip: null,
  userAgent: null,
};

/** Receives audit events once they are committed (the webhook dispatcher). */
export interface AuditSubscriber {
  publish(events: NewAuditEvent[]): void;
}

export class AuditTrail {
  readonly #clock: Clock;
  readonly #subscriber: AuditSubscriber;

  constructor(clock: Clock, subscriber: AuditSubscriber) {
    this.#clock = clock;
    this.#subscriber = subscriber;
  }

  event(
    type: AuditEventType,
    context: RequestContext,
    key: { id: string; prefix: string } | null,
    details: Record<string, unknown> = {},
  ): NewAuditEvent {
    return {
      id: newId('evt'),
      type,
      at: this.#clock.now().toISOString(),
      actor: context.actor,
      keyId: key?.id ?? null,
      keyPrefix: key?.prefix ?? null,
      ip: context.ip,
      userAgent: context.userAgent,
      details,
    };
  }

  /** Call after the events' transaction committed. */
  committed(events: NewAuditEvent[]): void {
    if (events.length > 0) this.#subscriber.publish(events);
  }
}
