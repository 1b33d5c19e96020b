/** Keys as the vault shows them, and what the renderer may ask of one. */
import { z } from 'zod';
import { ApiKey, CreateApiKeyRequest, isoTime, KeyScope, UpdateApiKeyRequest } from '../api/index.ts';

/**
 * A key as the vault shows it: the service's ApiKey (or an external key mapped onto it), plus
 * where it lives and whether this device holds its secret.
 */
export const VaultKey = ApiKey.omit({ scope: true, createdBy: true, revokedBy: true }).extend({
  workspaceId: z.string(),
  /** Null for external keys, whose scope is free text (`scopeLabel`). */
  scope: KeyScope.nullable(),
  scopeLabel: z.string(),
  /** External keys: the product that issued it, e.g. "Letsignit". Null for managed keys. */
  provider: z.string().nullable(),
  hasSecret: z.boolean(),
  createdByName: z.string().nullable(),
  revokedByName: z.string().nullable(),
});
export type VaultKey = z.infer<typeof VaultKey>;

export const KeyListView = z.object({
  keys: z.array(VaultKey),
  /** `cache`: the service could not be reached; these are the last known keys. */
  source: z.enum(['live', 'cache']),
  syncedAt: isoTime.nullable(),
  /** Why the list comes from the cache, in a sentence. */
  staleReason: z.string().nullable(),
});
export type KeyListView = z.infer<typeof KeyListView>;

export const CreatedKeyView = z.object({
  key: VaultKey,
  /** Shown once. The renderer drops it when the show-once view closes. */
  secret: z.string(),
  storedInKeychain: z.boolean(),
  /** Why the secret could not be stored, in a sentence; null when stored. */
  keychainWarning: z.string().nullable(),
});
export type CreatedKeyView = z.infer<typeof CreatedKeyView>;

export const KeyRef = z.strictObject({ workspaceId: z.string().min(1), keyId: z.string().min(1) });

export const CreateKeyInput = z.strictObject({ workspaceId: z.string().min(1), request: CreateApiKeyRequest });
export const UpdateKeyInput = KeyRef.extend({ patch: UpdateApiKeyRequest });
export const RevokeKeyInput = KeyRef.extend({ reason: z.string().max(500).optional() });
export const RevealedSecret = z.object({ secret: z.string() });
