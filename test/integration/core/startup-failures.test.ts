/**
 * What the user reads when the vault can't open its database: a damaged file, a folder it may not
 * write to, a database another program holds. The shell shows this sentence in its error box.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../src/main/core/index.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/memory-secret-store.ts';
import { ManualClock } from '../../../src/shared/clock.ts';
import { RecordingClipboard, RecordingTray } from './core-fixture.ts';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'keywarden-startup-'));
  folders.push(folder);
  return folder;
}

function start(dataDir: string) {
  return createCore(
    {
      dataDir,
      clock: new ManualClock(new Date()),
      secrets: new MemorySecretStore(),
      keychainBackend: 'Memory (this session only)',
      notifier: { show: () => undefined },
      clipboard: new RecordingClipboard(),
      tray: new RecordingTray(),
      exec: { locate: async () => null, run: async () => ({ status: 'not_found' }) },
      fetch: globalThis.fetch,
      appVersion: '0.0.0-test',
      platform: process.platform,
    },
    { embeddedWorkspace: false },
  );
}

describe('starting with a database Keywarden cannot use', () => {
  it('says the database file is damaged, names it, and says the secrets are safe', async () => {
    const dataDir = tempFolder();
    const file = join(dataDir, 'keywarden.db');
    writeFileSync(file, 'this is not an SQLite database, it was overwritten by a sync tool. '.repeat(20));
    const failure = await start(dataDir).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toContain(file);
    expect(failure?.message).toMatch(/damaged/);
    expect(failure?.message).toMatch(/secrets are safe in your system keychain/);
  });

  it("says it can't write to its data folder when the folder is not a folder", async () => {
    const parent = tempFolder();
    const dataDir = join(parent, 'Keywarden');
    writeFileSync(dataDir, 'a file where the folder should be');
    const failure = await start(dataDir).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(/^Keywarden can't use its data folder/);
    expect(failure?.message).toContain(dataDir);
  });

  it('says another program holds the database instead of failing later on every click', async () => {
    const dataDir = tempFolder();
    const first = await start(dataDir);
    await first.dispose();
    const holder = new Database(join(dataDir, 'keywarden.db'));
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const failure = await start(dataDir).then(
        (core) => core.dispose().then(() => null),
        (error: unknown) => error as Error,
      );
      expect(failure?.message).toMatch(/in use by another program/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  }, 20_000);
});
