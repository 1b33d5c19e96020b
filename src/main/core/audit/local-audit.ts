/**
 * What the app itself did on this device (a secret copied, revealed or pushed to a destination, a
 * reminder shown, a workspace connected), kept in the same timeline as the services' events and
 * marked local. The services that act call `record`; what they pass is names, ids and outcomes,
 * never a secret, and only plain values are kept of it.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../shared/clock.ts';
import type { AuditActor, LocalAuditEventType } from '../../../shared/ipc/index.ts';
import type { CoreEvents } from '../events.ts';
import type { AuditRepository } from '../store/audit-repository.ts';
import type { ExternalKeyRepository } from '../store/external-key-repository.ts';
import type { KeyCacheRepository } from '../store/key-cache-repository.ts';
import { EXTERNAL_WORKSPACE_ID } from '../store/workspace-repository.ts';
import { searchTextOf } from './search-text.ts';

/** Who did it: this app, for the person using it here. */
export const LOCAL_ACTOR: AuditActor = { type: 'app', id: null, name: 'Keywarden on this device' };

/** Plain values only: nothing that could carry an object with a secret inside. */
export type LocalAuditDetails = Record<string, string | number | boolean | null>;

export interface LocalAuditRecord {
  workspaceId: string;
  type: LocalAuditEventType;
  keyId?: string | null;
  details?: LocalAuditDetails;
}

/** Records what the app did; the one method other services need. */
export interface LocalAuditRecorder {
  record(record: LocalAuditRecord): void;
}

export interface LocalAuditDeps {
  repository: AuditRepository;
  clock: Clock;
  events: CoreEvents;
  /** The key's name and label as the vault knows them (null for a key it no longer lists). */
  describeKey(workspaceId: string, keyId: string): { name: string; label: string } | null;
  /** A failed write is reported, never thrown: the copy or push it records already happened. */
  onError(error: unknown): void;
}

export class LocalAudit implements LocalAuditRecorder {
  readonly #deps: LocalAuditDeps;

  constructor(deps: LocalAuditDeps) {
    this.#deps = deps;
  }

  record({ workspaceId, type, keyId = null, details = {} }: LocalAuditRecord): void {
    try {
      const key = keyId === null ? null : this.#deps.describeKey(workspaceId, keyId);
      const kept: LocalAuditDetails = {};
      for (const [name, value] of Object.entries(details)) {
        if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) kept[name] = value;
      }
      if (key) kept.keyName = key.name;
      const entry = {
        workspaceId,
        source: 'local' as const,
        seq: null,
        eventId: `loc_${randomUUID()}`,
        type,
        at: this.#deps.clock.now().toISOString(),
        actor: LOCAL_ACTOR,
        keyId,
        keyPrefix: key?.label ?? null,
        ip: null,
        userAgent: null,
        details: kept,
        hash: null,
      };
      this.#deps.repository.storeLocal({ ...entry, searchText: searchTextOf(entry, key?.name ?? null) });
      this.#deps.events.emit('audit:changed', { workspaceId });
    } catch (error) {
      this.#deps.onError(error);
    }
  }
}

/** A key's name and label as the vault lists it: the cache for managed keys, the vault for external ones. */
export function vaultKeyDescriber(cache: KeyCacheRepository, externalKeys: ExternalKeyRepository) {
  return (workspaceId: string, keyId: string): { name: string; label: string } | null => {
    if (workspaceId === EXTERNAL_WORKSPACE_ID) {
      const external = externalKeys.find(keyId);
      return external ? { name: external.name, label: external.label } : null;
    }
    const key = cache.list(workspaceId).find((cached) => cached.id === keyId);
    return key ? { name: key.name, label: key.prefix } : null;
  };
}
