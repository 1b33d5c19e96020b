/**
 * `keywarden-server audit verify`: walks the data directory's audit trail and names the first
 * event that was edited or deleted in the database since it was written.
 */
import type { AuditChainCheck } from '../../shared/audit-chain.ts';
import { KeywardenError } from '../domain/result.ts';
import { createStorage, storageMayExist, type StorageConfig } from '../storage/index.ts';
import { AuditService } from './audit.ts';
import { notInitializedIn } from './setup.ts';

/** Reads only; safe beside running servers (a data directory's, or every node on one database). */
export async function verifyAuditTrail(options: StorageConfig): Promise<AuditChainCheck> {
  if (!storageMayExist(options)) throw notInitializedIn(options);
  const storage = await createStorage(options);
  try {
    return await new AuditService(storage).verify();
  } finally {
    await storage.close();
  }
}

/** The sentence for a broken trail, as an error with its own code (the CLI exits 1 with it). */
export function auditTrailBroken(dataDir: string, check: AuditChainCheck & { intact: false }): KeywardenError {
  const before =
    check.checked === 0
      ? 'No event before it could be checked.'
      : `The ${check.checked} events before it (up to seq ${check.head.seq}) are intact.`;
  return new KeywardenError(
    'audit_chain_broken',
    `The audit trail in ${dataDir} is broken at seq ${check.broken.seq}: ${check.broken.message}. ${before} ` +
      'Someone changed the database outside Keywarden: restore it from a backup or keep it as evidence.',
  );
}
