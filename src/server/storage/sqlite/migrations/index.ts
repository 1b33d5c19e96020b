import type { SqliteMigration } from '../migrations-runner.ts';
import { up as initial } from './001-initial.ts';
import { up as keyUseCounts } from './002-key-use-counts.ts';
import { up as adminTokenRevocation } from './003-admin-token-revocation.ts';
import { up as ownerEmail } from './004-owner-email.ts';
import { up as auditChain } from './005-audit-chain.ts';
import { up as webhookDeliveries } from './006-webhook-deliveries.ts';

/** Append only: a released migration never changes; a schema change is a new numbered file. */
export const MIGRATIONS: readonly SqliteMigration[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'key-use-counts', up: keyUseCounts },
  { version: 3, name: 'admin-token-revocation', up: adminTokenRevocation },
  { version: 4, name: 'owner-email', up: ownerEmail },
  { version: 5, name: 'audit-chain', up: auditChain },
  { version: 6, name: 'webhook-deliveries', up: webhookDeliveries },
];
