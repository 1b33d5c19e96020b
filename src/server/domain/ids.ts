import { createHash } from 'node:crypto';
import { randomBase62 } from '../../shared/credentials.ts';

/** Opaque identifiers with a readable kind prefix, e.g. `key_4Fz…`. */
export type IdKind = 'ws' | 'key' | 'tok' | 'evt' | 'whk' | 'dlv' | 'mail';

export function newId(kind: IdKind): string {
  return `${kind}_${randomBase62(20)}`;
}

/** Only this hash of a key or admin token is stored; the plaintext is shown once. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
