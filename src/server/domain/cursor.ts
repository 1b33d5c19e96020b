import type { PagePosition } from '../storage/repositories.ts';

/** Opaque keyset cursors: the sort key of the last row served, base64url-encoded. */
export function encodeCursor(position: PagePosition | null): string | null {
  if (position === null) return null;
  return Buffer.from(JSON.stringify([position.time, position.seq])).toString('base64url');
}

export function decodeCursor(cursor: string): PagePosition | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [time, seq] = value as unknown[];
    if (typeof time !== 'string' || typeof seq !== 'number' || !Number.isInteger(seq)) return null;
    return { time, seq };
  } catch {
    return null;
  }
}
