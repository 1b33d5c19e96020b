/**
 * What free text finds an audit entry by: its type in words, the actor's name, the key's label
 * and the name the vault knows it by, the masked IP, the user agent and every value in its
 * details. Ids are left out: the actor and key filters choose by id, and every word indexed costs
 * each of a million rows.
 */
import type { AuditActor } from '../../../shared/ipc/index.ts';

export interface SearchableEntry {
  type: string;
  actor: AuditActor;
  keyId: string | null;
  keyPrefix: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

/** Long details (an error's whole text) are cut: the index is for finding, not for reading. */
const MAX_VALUE_LENGTH = 300;
const MAX_DEPTH = 4;

export function searchTextOf(entry: SearchableEntry, keyName: string | null): string {
  const parts = [
    entry.type.replaceAll(/[._]/g, ' '),
    entry.actor.name,
    entry.keyPrefix,
    keyName,
    entry.ip,
    entry.userAgent,
  ];
  collectValues(entry.details, parts, 0);
  return parts.filter((part): part is string => typeof part === 'string' && part.length > 0).join(' ');
}

function collectValues(value: unknown, into: (string | null | undefined)[], depth: number): void {
  if (typeof value === 'string') into.push(value.slice(0, MAX_VALUE_LENGTH));
  else if (typeof value === 'number' || typeof value === 'boolean') into.push(String(value));
  else if (value !== null && typeof value === 'object' && depth < MAX_DEPTH) {
    for (const item of Object.values(value)) collectValues(item, into, depth + 1);
  }
}
