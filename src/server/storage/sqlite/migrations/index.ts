import type { Database } from 'better-sqlite3';
import { up as initial } from './001-initial.ts';
import { up as keyUseCounts } from './002-key-use-counts.ts';
import { up as adminTokenRevocation } from './003-admin-token-revocation.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

/** Append only: a released migration never changes; a schema change is a new numbered file. */
export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'key-use-counts', up: keyUseCounts },
  { version: 3, name: 'admin-token-revocation', up: adminTokenRevocation },
];
