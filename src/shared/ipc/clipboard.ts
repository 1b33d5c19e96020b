/** Copies of secrets, cleared from the clipboard after the configured delay. */
import { z } from 'zod';
import { isoTime } from '../api/index.ts';

export const CopyResult = z.object({
  /** When the clipboard will be cleared (if it still holds this secret); null when never. */
  clearsAt: isoTime.nullable(),
});

export const CopySecretInput = z.strictObject({ secret: z.string().min(1).max(10_000) });
