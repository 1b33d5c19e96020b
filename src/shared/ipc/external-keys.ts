/** Keys issued by other products, kept in the vault's external-keys collection. */
import { z } from 'zod';
import { isoTime, KeyEnvironment } from '../api/index.ts';

export const ExternalKeyInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  provider: z.string().trim().min(1).max(100),
  scopeLabel: z.string().trim().max(100),
  environment: KeyEnvironment.optional(),
  secret: z.string().min(1).max(10_000),
  expiresAt: isoTime,
  /** Preset id from src/shared/presets.ts, whose policy (format check, deletion delay) applies. */
  presetId: z.string().optional(),
});
export type ExternalKeyInput = z.infer<typeof ExternalKeyInput>;

export const RemovedExternalKey = z.strictObject({ removed: z.boolean() });
