import type { AdminRole } from '../../shared/api/index.ts';
import type { Clock } from '../../shared/clock.ts';
import { parseCredential } from '../../shared/credentials.ts';
import { hashSecret } from '../domain/ids.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { AdminTokenRecord, ApiKeyRecord, Storage } from '../storage/repositories.ts';
import type { FailureLimiter } from './rate-limiter.ts';

const MAX_CACHED_KEYS = 10_000;
const INVALID_KEY = 'The key is missing, malformed, unknown, revoked or expired.';

const INVALID: Result<never> = Object.freeze(fail('invalid_key', INVALID_KEY));

/**
 * Why a credential did not authenticate: it matched a real key or token that is revoked or expired
 * (`known`), or it matched nothing (missing, malformed or a guess). Only guesses are throttled.
 */
type Refusal = { ok: false; known: boolean };
const GUESS: Refusal = Object.freeze({ ok: false, known: false });
const DEAD: Refusal = Object.freeze({ ok: false, known: true });

type Check<T> = Result<T> | Refusal;

interface CachedKey {
  record: ApiKeyRecord;
  /** Built once per cached key: the hot path allocates no result object. */
  ok: Result<ApiKeyRecord>;
  revokedAtMs: number;
  expiresAtMs: number;
}

/**
 * Authenticates API keys and admin tokens. The key path is the hot path: parse (checksum
 * rejects garbage before any lookup) → SHA-256 → cache or one prepared-statement lookup.
 * Status is checked against the clock on every request, so a cached key still stops working
 * the instant it expires or its rotation overlap ends; revocation evicts it at once.
 *
 * Failures, not callers, are throttled: a valid credential is always served, so one client
 * guessing keys cannot lock out the good ones behind the same address (one office NAT). A revoked
 * or expired credential always gets `invalid_key`, so its owner learns what is wrong. Only
 * credentials that match nothing count against the address, and once it has used up its window
 * they are answered `rate_limited`, which makes guessing pointless.
 */
export class Authenticator {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #limiter: FailureLimiter;
  /** Off when other nodes share the database: a key revoked on one must be refused on every other at once. */
  readonly #caching: boolean;
  readonly #keysByHash = new Map<string, CachedKey>();
  readonly #hashById = new Map<string, string>();
  /** Bumped by every eviction, so a lookup that raced a revocation is not cached. */
  #evictions = 0;

  constructor(storage: Storage, clock: Clock, limiter: FailureLimiter) {
    this.#storage = storage;
    this.#clock = clock;
    this.#limiter = limiter;
    this.#caching = !storage.shared;
  }

  /**
   * Answers synchronously when the key is cached (the usual case on the hot path) and with a
   * promise when it has to be looked up. `address` is the client the failures are counted for.
   */
  authenticateKey(secret: string | null, address: string): Result<ApiKeyRecord> | Promise<Result<ApiKeyRecord>> {
    const check = this.#checkKey(secret);
    if (check instanceof Promise) return check.then((looked) => this.#settle(looked, address));
    return this.#settle(check, address);
  }

  async authenticateAdmin(bearer: string | null, address: string): Promise<Result<AdminTokenRecord>> {
    const parsed = bearer === null ? null : parseCredential(bearer);
    const token =
      bearer !== null && parsed?.prefix === 'lsa_'
        ? await this.#storage.adminTokens.findByHash(hashSecret(bearer))
        : null;
    if (!token) return this.#settle(GUESS, address);
    // Not cached, so a revocation (from the API or the CLI beside the server) applies to the next request.
    if (token.revokedAt !== null) return this.#settle(DEAD, address);
    const lastUsedAt = this.#clock.now().toISOString();
    await this.#storage.adminTokens.markUsed(token.id, lastUsedAt);
    return ok({ ...token, lastUsedAt });
  }

  #settle<T>(check: Check<T>, address: string): Result<T> | Promise<Result<T>> {
    if (check.ok) return check;
    if ('problem' in check) return check;
    if (check.known) return INVALID;
    const refused = this.#limiter.refuse(address);
    return refused instanceof Promise ? refused.then(rateLimited) : rateLimited(refused);
  }

  #checkKey(secret: string | null): Check<ApiKeyRecord> | Promise<Check<ApiKeyRecord>> {
    if (secret === null) return GUESS;
    const parsed = parseCredential(secret);
    if (!parsed || parsed.prefix === 'lsa_') return GUESS;
    const hash = hashSecret(secret);
    const cached = this.#keysByHash.get(hash);
    return cached ? this.#checkTimes(cached) : this.#lookUp(hash);
  }

  async #lookUp(hash: string): Promise<Check<ApiKeyRecord>> {
    const evictionsBefore = this.#evictions;
    const record = await this.#storage.apiKeys.findBySecretHash(hash);
    if (!record) return GUESS;
    const cached = toCached(record);
    if (this.#caching && evictionsBefore === this.#evictions) this.#remember(hash, cached);
    return this.#checkTimes(cached);
  }

  #checkTimes(cached: CachedKey): Check<ApiKeyRecord> {
    const now = this.#clock.now().getTime();
    if (cached.revokedAtMs <= now || cached.expiresAtMs <= now) return DEAD;
    return cached.ok;
  }

  /** The scheduled lifecycle's cleanup: failure windows that ended count nothing any more. */
  async forgetEndedFailureWindows(): Promise<number> {
    return this.#limiter.forgetEndedWindows();
  }

  /** Must be called whenever a key changes (revoked, rotated, renamed, deleted). */
  forget(keyId: string): void {
    this.#evictions += 1;
    const hash = this.#hashById.get(keyId);
    if (hash === undefined) return;
    this.#hashById.delete(keyId);
    this.#keysByHash.delete(hash);
  }

  #remember(hash: string, entry: CachedKey): void {
    if (this.#keysByHash.size >= MAX_CACHED_KEYS) {
      this.#keysByHash.clear();
      this.#hashById.clear();
    }
    this.#keysByHash.set(hash, entry);
    this.#hashById.set(entry.record.id, hash);
  }
}

function rateLimited(retryAfterSeconds: number | null): Result<never> {
  if (retryAfterSeconds === null) return INVALID;
  return {
    ok: false,
    problem: {
      code: 'rate_limited',
      message: `Too many failed authentications from this address; retry in ${retryAfterSeconds} seconds.`,
      retryAfterSeconds,
    },
  };
}

function toCached(record: ApiKeyRecord): CachedKey {
  return {
    record,
    ok: ok(record),
    revokedAtMs: record.revokedAt === null ? Infinity : Date.parse(record.revokedAt),
    expiresAtMs: Date.parse(record.expiresAt),
  };
}

/** Extracts the credential from `Authorization: Bearer …`; anything else counts as missing. */
export function bearerFrom(header: string | undefined): string | null {
  if (header === undefined || header.length > 300) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export const ROLES_THAT_MANAGE: AdminRole[] = ['owner', 'admin'];
export const ROLES_THAT_READ: AdminRole[] = ['owner', 'admin', 'auditor'];
export const ROLES_THAT_VERIFY: AdminRole[] = ['owner', 'admin', 'verifier'];
export const ALL_ROLES: AdminRole[] = ['owner', 'admin', 'auditor', 'verifier'];
