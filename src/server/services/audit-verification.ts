/**
 * `keywarden-server audit verify`: walks the data directory's audit trail and names the first
 * event that was edited or deleted in the database since it was written.
 */
import type { AuditChainCheck } from '../../shared/audit-chain.ts';
import { KeywardenError } from '../domain/result.ts';
import { openSqliteStorage, sqliteDatabaseExists } from '../storage/sqlite/index.ts';
import { AuditService } from './audit.ts';
import { notInitialized } from './setup.ts';

/** Reads only; safe beside a running server. */
export async function verifyAuditTrail(options: { dataDir: string }): Promise<AuditChainCheck> {
  if (!sqliteDatabaseExists(options.dataDir)) throw notInitialized(options.dataDir);
  const storage = openSqliteStorage(options.dataDir);
  try {
    return await new AuditService(storage).verify();
  } finally {
    storage.close();
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
