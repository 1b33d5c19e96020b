/**
 * The audit trail is a hash chain, so editing, deleting or reordering a stored event is found by
 * anyone who walks it again (the service's `audit verify`, the desktop app as it syncs):
 *
 *   hash(n) = lowercase hex of SHA-256( UTF-8( hash(n-1) + canonicalJson(event n) ) )
 *
 * where hash(0) is 64 zeros and `+` joins the 64 hex characters of the previous hash to the JSON
 * text. The canonical JSON of an event is the object of its fields below except `hash`
 * (`seq, id, type, at, actor {type, id, name}, keyId, keyPrefix, ip, userAgent, details`, absent
 * values as null) written as RFC 8785 (JSON Canonicalization Scheme) writes JSON values: object
 * keys sorted by their UTF-16 code units, no whitespace, strings and numbers as ECMAScript's
 * JSON.stringify writes them. `seq` is in it, so a row moved to another place breaks the chain too.
 *
 * Runs anywhere: the hash function is passed in (node:crypto's on the service, WebCrypto's
 * `webCryptoSha256Hex` where only that exists).
 */
import type { AuditEvent } from './api/audit.ts';

export const AUDIT_CHAIN_START = '0'.repeat(64);

/** Where a walk of the chain stands: the last event checked (seq 0 and 64 zeros before the first). */
export interface AuditChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_AUDIT_CHAIN: AuditChainHead = { seq: 0, hash: AUDIT_CHAIN_START };

/** What the chain's hash covers: every field of an event but the hash itself. */
export type AuditChainLink = Omit<AuditEvent, 'hash'>;

/**
 * JSON text per RFC 8785: sorted keys, no whitespace. Object entries whose value is undefined are
 * left out and array items that are undefined become null, as JSON.stringify does, so a value
 * canonicalises the same before it is stored as JSON and after it is read back.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no form for NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      // Plain < compares UTF-16 code units, which is the order RFC 8785 asks for.
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON has no form for a ${typeof value}`);
}

/** The canonical JSON of an event: its chained fields only, whatever else the object carries. */
export function canonicalAuditEvent(event: AuditChainLink): string {
  const link: AuditChainLink = {
    seq: event.seq,
    id: event.id,
    type: event.type,
    at: event.at,
    actor: { type: event.actor.type, id: event.actor.id ?? null, name: event.actor.name },
    keyId: event.keyId ?? null,
    keyPrefix: event.keyPrefix ?? null,
    ip: event.ip ?? null,
    userAgent: event.userAgent ?? null,
    details: event.details,
  };
  return canonicalJson(link);
}

/** The text whose SHA-256 is the event's hash. */
export function auditChainInput(previousHash: string, event: AuditChainLink): string {
  return previousHash + canonicalAuditEvent(event);
}

/** SHA-256 of the UTF-8 bytes of `text`, as lowercase hex. */
export type Sha256HexOf<Result extends string | Promise<string>> = (text: string) => Result;

/** SHA-256 through WebCrypto (browsers, Node, Electron): for the sides without node:crypto. */
export const webCryptoSha256Hex: Sha256HexOf<Promise<string>> = async (text) => {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
};

/** Where and how the chain breaks. */
export interface AuditChainBreak {
  /** The first seq that does not check out: a missing event's own seq, or the altered event's. */
  seq: number;
  reason: 'missing' | 'altered' | 'out_of_order';
  message: string;
}

/**
 * Checks one event against the head of the chain walked so far, given the hash computed for it
 * (`sha256(auditChainInput(head.hash, event))`). Returns null when it is the next link.
 */
export function checkAuditLink(
  head: AuditChainHead,
  event: Pick<AuditEvent, 'seq' | 'hash'>,
  computedHash: string,
): AuditChainBreak | null {
  const expectedSeq = head.seq + 1;
  if (event.seq > expectedSeq) {
    const missing = event.seq - expectedSeq === 1 ? `seq ${expectedSeq} is` : `seq ${expectedSeq}–${event.seq - 1} are`;
    return {
      seq: expectedSeq,
      reason: 'missing',
      message: `${missing} missing: the event after seq ${head.seq} is seq ${event.seq}`,
    };
  }
  if (event.seq < expectedSeq) {
    return { seq: event.seq, reason: 'out_of_order', message: `seq ${event.seq} comes after seq ${head.seq}` };
  }
  if (event.hash !== computedHash) {
    return {
      seq: event.seq,
      reason: 'altered',
      message: `seq ${event.seq} was altered: its stored hash does not match its content and the hash before it`,
    };
  }
  return null;
}

/** A walk's outcome: how far it got, and the first break if there is one. */
export type AuditChainCheck =
  | { intact: true; checked: number; head: AuditChainHead }
  | { intact: false; checked: number; head: AuditChainHead; broken: AuditChainBreak };

/**
 * Walks `events` (in seq order) on from `from`, with a synchronous hash function. `head` is the
 * last event that checked out, so a sync can go on from there with the next page.
 */
export function verifyAuditChain(
  events: Iterable<AuditEvent>,
  sha256: Sha256HexOf<string>,
  from: AuditChainHead = EMPTY_AUDIT_CHAIN,
): AuditChainCheck {
  let head = from;
  let checked = 0;
  for (const event of events) {
    const broken = checkAuditLink(head, event, sha256(auditChainInput(head.hash, event)));
    if (broken) return { intact: false, checked, head, broken };
    head = { seq: event.seq, hash: event.hash };
    checked++;
  }
  return { intact: true, checked, head };
}

/** The same walk with an asynchronous hash function (`webCryptoSha256Hex`). */
export async function verifyAuditChainAsync(
  events: Iterable<AuditEvent> | AsyncIterable<AuditEvent>,
  sha256: Sha256HexOf<string | Promise<string>>,
  from: AuditChainHead = EMPTY_AUDIT_CHAIN,
): Promise<AuditChainCheck> {
  let head = from;
  let checked = 0;
  for await (const event of events) {
    const broken = checkAuditLink(head, event, await sha256(auditChainInput(head.hash, event)));
    if (broken) return { intact: false, checked, head, broken };
    head = { seq: event.seq, hash: event.hash };
    checked++;
  }
  return { intact: true, checked, head };
}
