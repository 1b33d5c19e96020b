import type { Database } from 'better-sqlite3';
import { up as initial } from './001-initial.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

/** Append only: a released migration never changes; a schema change is a new numbered file. */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'initial', up: initial }];
