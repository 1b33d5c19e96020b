import type { SqliteMigration } from '../../../../server/storage/sqlite/migrations-runner.ts';
import { up as initial } from './001-initial.ts';

/** Append only: a released migration never changes; a schema change is a new numbered file. */
export const MIGRATIONS: readonly SqliteMigration[] = [{ version: 1, name: 'initial', up: initial }];
