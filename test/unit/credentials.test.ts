import { describe, expect, it } from 'vitest';
import { checksumOf, crc32, generateCredential, parseCredential } from '../../src/shared/credentials.ts';

describe('credentials', () => {
  it('computes the IEEE CRC32 that other tools compute', () => {
    // Reference value: CRC32("123456789") = 0xCBF43926 (the standard check value).
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it('mints keys of the documented shape that parse back with their 12-character label', () => {
    const secret = generateCredential('lsk_live_');
    expect(secret).toMatch(/^lsk_live_[0-9A-Za-z]{38}$/);
    expect(parseCredential(secret)).toEqual({ prefix: 'lsk_live_', label: secret.slice(0, 12) });
    expect(generateCredential('lsa_')).toMatch(/^lsa_[0-9A-Za-z]{38}$/);
  });

  it('rejects a credential with one character changed (bad checksum) or the wrong shape', () => {
    const secret = generateCredential('lsk_test_');
    const flipped = secret.slice(0, 20) + (secret[20] === 'a' ? 'b' : 'a') + secret.slice(21);
    expect(parseCredential(flipped)).toBeNull();
    expect(parseCredential(secret + 'x')).toBeNull();
    expect(parseCredential('lsk_prod_' + secret.slice(9))).toBeNull();
    expect(checksumOf('lsa_')).toHaveLength(6);
  });
});
