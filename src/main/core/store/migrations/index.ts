import type { SqliteMigration } from '../../../../server/storage/sqlite/migrations-runner.ts';
import { up as initial } from './001-initial.ts';
import { up as secretTargets } from './002-secret-targets.ts';
import { up as reminders } from './003-reminders.ts';
import { up as rotations } from './004-rotations.ts';
import { up as auditLog } from './005-audit-log.ts';

/** Append only: a released migration never changes; a schema change is a new numbered file. */
export const MIGRATIONS: readonly SqliteMigration[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'secret-targets', up: secretTargets },
  { version: 3, name: 'reminders', up: reminders },
  { version: 4, name: 'rotations', up: rotations },
  { version: 5, name: 'audit-log', up: auditLog },
];
