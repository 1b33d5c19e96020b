import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.ts';
import { generateCredential } from '../../../src/shared/credentials.ts';
import { hashSecret } from '../../../src/server/domain/ids.ts';
import { Authenticator } from '../../../src/server/services/authenticator.ts';
import { FailedAuthLimiter } from '../../../src/server/services/rate-limiter.ts';
import type { ApiKeyRecord, Storage } from '../../../src/server/storage/repositories.ts';

function harness(keys: ApiKeyRecord[]) {
  const lookups: string[] = [];
  const storage = {
    apiKeys: {
      findBySecretHash: async (hash: string) => {
        lookups.push(hash);
        return keys.find((key) => key.secretHash === hash) ?? null;
      },
    },
  } as unknown as Storage;
  const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'), () => 0);
  const authenticator = new Authenticator(
    storage,
    clock,
    new FailedAuthLimiter(clock, { failures: 3, windowMs: 60_000 }),
  );
  return { authenticator, lookups, clock };
}

function keyFor(secret: string, expiresAt: string, revokedAt: string | null = null): ApiKeyRecord {
  return { id: 'key_1', secretHash: hashSecret(secret), expiresAt, revokedAt } as ApiKeyRecord;
}

describe('Authenticator', () => {
  it('rejects malformed and bad-checksum credentials without touching storage', async () => {
    const { authenticator, lookups } = harness([]);
    const secret = generateCredential('lsk_live_');
    const flipped = secret.slice(0, 20) + (secret[20] === 'a' ? 'b' : 'a') + secret.slice(21);
    for (const candidate of [null, '', 'lsk_live_short', flipped, generateCredential('lsa_')]) {
      expect((await authenticator.authenticateKey(candidate, '198.51.100.7')).ok).toBe(false);
    }
    expect(lookups).toEqual([]);
  });

  it('looks a key up once, then refuses it from cache the instant its stored revocation time passes', async () => {
    const secret = generateCredential('lsk_live_');
    const { authenticator, lookups, clock } = harness([
      keyFor(secret, '2031-01-01T00:00:00.000Z', '2030-01-01T01:00:00.000Z'),
    ]);
    expect((await authenticator.authenticateKey(secret, '198.51.100.7')).ok).toBe(true);
    expect((await authenticator.authenticateKey(secret, '198.51.100.7')).ok).toBe(true);
    expect(lookups).toHaveLength(1);
    clock.advance(3_600_000);
    expect((await authenticator.authenticateKey(secret, '198.51.100.7')).ok).toBe(false);
  });

  it('throttles guesses from an address, but still serves its valid keys and names its revoked ones', async () => {
    const valid = generateCredential('lsk_live_');
    const revoked = generateCredential('lsk_live_');
    const { authenticator } = harness([
      keyFor(valid, '2031-01-01T00:00:00.000Z'),
      { ...keyFor(revoked, '2031-01-01T00:00:00.000Z', '2029-12-31T00:00:00.000Z'), id: 'key_2' },
    ]);
    const codeOf = async (secret: string, address: string) => {
      const result = await authenticator.authenticateKey(secret, address);
      return result.ok ? 'ok' : result.problem.code;
    };
    for (let i = 0; i < 3; i++)
      expect(await codeOf(generateCredential('lsk_live_'), '198.51.100.7')).toBe('invalid_key');
    const limited = await authenticator.authenticateKey('garbage', '198.51.100.7');
    expect(limited).toMatchObject({ ok: false, problem: { code: 'rate_limited', retryAfterSeconds: 60 } });
    expect(await codeOf(valid, '198.51.100.7')).toBe('ok');
    for (let i = 0; i < 10; i++) expect(await codeOf(revoked, '198.51.100.7')).toBe('invalid_key');
    expect(await codeOf('garbage', '198.51.100.8')).toBe('invalid_key');
  });
});
