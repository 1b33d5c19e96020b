import type { AdminRole } from '../../shared/api/index.ts';
import type { Clock } from '../../shared/clock.ts';
import { parseCredential } from '../../shared/credentials.ts';
import { hashSecret } from '../domain/ids.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { AdminTokenRecord, ApiKeyRecord, Storage } from '../storage/repositories.ts';
import type { FailedAuthLimiter } from './rate-limiter.ts';

const MAX_CACHED_KEYS = 10_000;
const INVALID_KEY = 'The key is missing, malformed, unknown, revoked or expired.';

const INVALID: Result<never> = Object.freeze(fail('invalid_key', INVALID_KEY));

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
 */
export class Authenticator {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #limiter: FailedAuthLimiter;
  readonly #keysByHash = new Map<string, CachedKey>();
  readonly #hashById = new Map<string, string>();
  /** Bumped by every eviction, so a lookup that raced a revocation is not cached. */
  #evictions = 0;

  constructor(storage: Storage, clock: Clock, limiter: FailedAuthLimiter) {
    this.#storage = storage;
    this.#clock = clock;
    this.#limiter = limiter;
  }

  /** Seconds the address must wait, or null. Checked before authenticating. */
  retryAfterSeconds(address: string): number | null {
    return this.#limiter.retryAfterSeconds(address);
  }

  /**
   * Answers synchronously when the key is cached (the usual case on the hot path) and with a
   * promise when it has to be looked up; counts failures against the address.
   */
  authenticateKey(bearer: string | null, address: string): Result<ApiKeyRecord> | Promise<Result<ApiKeyRecord>> {
    const result = this.verifyKey(bearer);
    if (result instanceof Promise) {
      return result.then((looked) => {
        if (!looked.ok) this.#limiter.recordFailure(address);
        return looked;
      });
    }
    if (!result.ok) this.#limiter.recordFailure(address);
    return result;
  }

  /** Checks a key without counting failures against anyone (used by /v1/verify). */
  verifyKey(secret: string | null): Result<ApiKeyRecord> | Promise<Result<ApiKeyRecord>> {
    if (secret === null) return INVALID;
    const parsed = parseCredential(secret);
    if (!parsed || parsed.prefix === 'lsa_') return INVALID;
    const hash = hashSecret(secret);
    const cached = this.#keysByHash.get(hash);
    return cached ? this.#checkTimes(cached) : this.#lookUp(hash);
  }

  async #lookUp(hash: string): Promise<Result<ApiKeyRecord>> {
    const evictionsBefore = this.#evictions;
    const record = await this.#storage.apiKeys.findBySecretHash(hash);
    if (!record) return INVALID;
    const cached = toCached(record);
    if (evictionsBefore === this.#evictions) this.#remember(hash, cached);
    return this.#checkTimes(cached);
  }

  #checkTimes(cached: CachedKey): Result<ApiKeyRecord> {
    const now = this.#clock.now().getTime();
    if (cached.revokedAtMs <= now || cached.expiresAtMs <= now) return INVALID;
    return cached.ok;
  }

  async authenticateAdmin(bearer: string | null, address: string): Promise<Result<AdminTokenRecord>> {
    const parsed = bearer === null ? null : parseCredential(bearer);
    const token =
      bearer !== null && parsed?.prefix === 'lsa_'
        ? await this.#storage.adminTokens.findByHash(hashSecret(bearer))
        : null;
    if (!token) {
      this.#limiter.recordFailure(address);
      return fail('invalid_key', INVALID_KEY);
    }
    // Not cached, so a revocation (from the API or the CLI beside the server) applies to the next request.
    const lastUsedAt = this.#clock.now().toISOString();
    await this.#storage.adminTokens.markUsed(token.id, lastUsedAt);
    return ok({ ...token, lastUsedAt });
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
