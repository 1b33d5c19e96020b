/**
 * The one migration runner both databases use: what it records, what it refuses, and what a
 * failed migration leaves behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DatabaseTooNewError,
  migrate,
  openSqlite,
  schemaVersion,
  type SqliteMigration,
} from '../../../src/server/storage/sqlite/migrations-runner.ts';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function tempFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'keywarden-runner-'));
  folders.push(folder);
  return join(folder, 'nested', 'folder', 'test.db');
}

/** A notes app's schema history: each test picks the part it needs. */
const createNotes: SqliteMigration = {
  version: 1,
  name: 'notes',
  up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)'),
};
const addTitles: SqliteMigration = {
  version: 2,
  name: 'titles',
  up: (db) => db.exec("ALTER TABLE notes ADD COLUMN title TEXT NOT NULL DEFAULT 'Untitled'"),
};

function tableNames(db: Database.Database): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
  return (rows as { name: string }[]).map((row) => row.name);
}

describe('migrate', () => {
  it('runs every migration on a new database and records the last version', () => {
    const db = new Database(':memory:');
    migrate(db, [createNotes, addTitles]);
    db.prepare('INSERT INTO notes (body) VALUES (?)').run('hello');
    expect(db.prepare('SELECT title, body FROM notes').get()).toEqual({ title: 'Untitled', body: 'hello' });
    expect(schemaVersion(db)).toBe(2);
  });

  it('runs only the migrations newer than the recorded version, keeping the rows', () => {
    const db = new Database(':memory:');
    migrate(db, [createNotes]);
    db.prepare('INSERT INTO notes (body) VALUES (?)').run('written by the older version');
    const ran: number[] = [];
    const watched = [createNotes, addTitles].map((m) => ({
      ...m,
      up: (d: Database.Database) => (ran.push(m.version), m.up(d)),
    }));
    migrate(db, watched);
    expect(ran).toEqual([2]);
    migrate(db, watched);
    expect(ran).toEqual([2]);
    expect(db.prepare('SELECT title, body FROM notes').all()).toEqual([
      { title: 'Untitled', body: 'written by the older version' },
    ]);
  });

  it('refuses a database written by a newer version, and leaves it untouched', () => {
    const db = new Database(':memory:');
    migrate(db, [createNotes, addTitles]);
    db.prepare('INSERT INTO notes (body, title) VALUES (?, ?)').run('from the future', 'New');
    const failure = catchError(() => migrate(db, [createNotes]));
    expect(failure).toBeInstanceOf(DatabaseTooNewError);
    expect(failure).toMatchObject({ code: 'database_too_new', foundVersion: 2, knownVersion: 1 });
    expect((failure as Error).message).toMatch(/written by a newer version of Keywarden/);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT title FROM notes').get()).toEqual({ title: 'New' });
  });

  it('rolls a failing migration back whole, leaving the version before it', () => {
    const db = new Database(':memory:');
    const halfDone: SqliteMigration = {
      version: 2,
      name: 'half-done',
      up: (d) => {
        d.exec('CREATE TABLE tags (name TEXT)');
        d.exec("UPDATE notes SET body = 'overwritten'");
        d.exec('INSERT INTO no_such_table VALUES (1)');
      },
    };
    migrate(db, [createNotes]);
    db.prepare('INSERT INTO notes (body) VALUES (?)').run('keep me');
    expect(() => migrate(db, [createNotes, halfDone])).toThrow(/no such table/);
    expect(schemaVersion(db)).toBe(1);
    expect(tableNames(db)).toEqual(['notes']);
    expect(db.prepare('SELECT body FROM notes').get()).toEqual({ body: 'keep me' });
  });

  it('keeps the migrations before a failing one in the same run', () => {
    const db = new Database(':memory:');
    const failing: SqliteMigration = {
      version: 3,
      name: 'failing',
      up: () => {
        throw new Error('disk on fire');
      },
    };
    expect(() => migrate(db, [createNotes, addTitles, failing])).toThrow('disk on fire');
    expect(schemaVersion(db)).toBe(2);
  });

  it('refuses a list whose numbers skip or repeat before touching the database', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [createNotes, { ...addTitles, version: 3 }])).toThrow(/numbered 3 but is number 2/);
    expect(() => migrate(db, [createNotes, { ...addTitles, version: 1 }])).toThrow(/numbered 1 but is number 2/);
    expect(schemaVersion(db)).toBe(0);
    expect(tableNames(db)).toEqual([]);
  });
});

describe('openSqlite', () => {
  it('creates the folder and the file, in WAL mode with foreign keys enforced', () => {
    const file = tempFile();
    const db = openSqlite(file, [createNotes]);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(schemaVersion(db)).toBe(1);
    } finally {
      db.close();
    }
  });

  it('closes the file when it refuses it, so another version can open it at once', () => {
    const file = tempFile();
    openSqlite(file, [createNotes, addTitles]).close();
    expect(() => openSqlite(file, [createNotes])).toThrow(DatabaseTooNewError);
    const again = new Database(file);
    again.pragma('locking_mode = EXCLUSIVE');
    expect(() => again.exec('BEGIN EXCLUSIVE; ROLLBACK')).not.toThrow();
    again.close();
  });
});

function catchError(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return null;
}
