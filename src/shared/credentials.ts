/**
 * Credential format shared by the service and its clients (runs anywhere: no node:* imports).
 *
 *   lsk_live_ | lsk_test_ | lsa_   +  32 base62 chars (CSPRNG)  +  6-char checksum
 *
 * The checksum is CRC32 (IEEE) of everything before it, base62-encoded and left-padded with `0`.
 * It lets the service reject typos and garbage before touching the database, and lets secret
 * scanners recognise a Keywarden credential with no false positives.
 */

export const CREDENTIAL_PREFIXES = ['lsk_live_', 'lsk_test_', 'lsa_'] as const;
export type CredentialPrefix = (typeof CREDENTIAL_PREFIXES)[number];

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
/** How many leading characters are kept as the non-secret label, e.g. `lsk_live_a1b`. */
export const LABEL_LENGTH = 12;

const CREDENTIAL_PATTERN = /^(lsk_live_|lsk_test_|lsa_)([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/;

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC32 (IEEE 802.3) of an ASCII string. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc = (CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

export function checksumOf(body: string): string {
  return base62(crc32(body), CHECKSUM_LENGTH);
}

/** Uniform base62 characters from the platform CSPRNG (rejection sampling, no modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  const buffer = new Uint8Array(length * 2);
  while (out.length < length) {
    globalThis.crypto.getRandomValues(buffer);
    for (const byte of buffer) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function generateCredential(prefix: CredentialPrefix): string {
  const body = prefix + randomBase62(RANDOM_LENGTH);
  return body + checksumOf(body);
}

export interface ParsedCredential {
  prefix: CredentialPrefix;
  label: string;
}

/** Returns null for anything that is not a well-formed credential with a valid checksum. */
export function parseCredential(candidate: string): ParsedCredential | null {
  const match = CREDENTIAL_PATTERN.exec(candidate);
  if (!match) return null;
  const [, prefix, random, checksum] = match as unknown as [string, CredentialPrefix, string, string];
  if (checksumOf(prefix + random) !== checksum) return null;
  return { prefix, label: candidate.slice(0, LABEL_LENGTH) };
}

export function labelOf(secret: string): string {
  return secret.slice(0, LABEL_LENGTH);
}
