/** How a managed or external key looks in the vault, with its status computed at the clock's now. */
import { SCOPE_LABELS, keyStatusAt, type ApiKey } from '../../../shared/api/index.ts';
import type { VaultKey } from '../../../shared/ipc/index.ts';
import type { ExternalKeyRecord } from '../store/external-key-repository.ts';
import { EXTERNAL_WORKSPACE_ID } from '../store/workspace-repository.ts';

export function vaultKeyFromApiKey(workspaceId: string, key: ApiKey, now: Date, hasSecret: boolean): VaultKey {
  const { scope, createdBy, revokedBy, ...rest } = key;
  return {
    ...rest,
    // The service computed its status at its own now; a cached key must follow the vault's clock.
    status: keyStatusAt(key, now),
    workspaceId,
    scope,
    scopeLabel: SCOPE_LABELS[scope],
    provider: null,
    hasSecret,
    createdByName: createdBy.name,
    revokedByName: revokedBy?.name ?? null,
  };
}

export function vaultKeyFromExternal(record: ExternalKeyRecord, now: Date, hasSecret: boolean): VaultKey {
  return {
    id: record.id,
    name: record.name,
    prefix: record.label,
    environment: record.environment,
    options: null,
    status: keyStatusAt({ expiresAt: record.expiresAt, revokedAt: null }, now),
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    deletesAt: record.deletesAt,
    revokedAt: null,
    revokedReason: null,
    lastUsedAt: null,
    lastUsedIp: null,
    rotatedFromId: null,
    rotatedToId: null,
    overlapEndsAt: null,
    workspaceId: EXTERNAL_WORKSPACE_ID,
    scope: null,
    scopeLabel: record.scopeLabel,
    provider: record.provider,
    hasSecret,
    createdByName: null,
    revokedByName: null,
  };
}
