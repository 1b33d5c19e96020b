/**
 * The layering of docs/ARCHITECTURE.md is enforced by ESLint; these cases prove the rules fire
 * (and stay quiet where an import is allowed), so a config change can't drop them. Each case lints
 * a file that does not exist at a path inside a folder; the files it imports are real, because the
 * folder graph resolves an import to the file it names.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function messagesOf(filePath: string, code: string, isBoundaryRule: (ruleId: string) => boolean) {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: resolve(root, filePath) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId !== null && isBoundaryRule(message.ruleId))
    .map((message) => message.message);
}

const restrictedImports = (filePath: string, code: string) =>
  messagesOf(filePath, code, (ruleId) => ruleId === 'no-restricted-imports');

const folderGraphErrors = (filePath: string, code: string) =>
  messagesOf(filePath, code, (ruleId) => ruleId.startsWith('boundaries/') || ruleId === 'no-restricted-syntax');

describe('process boundaries', () => {
  it.each([
    ['src/renderer/src/Probe.tsx', "import { ipcRenderer } from 'electron';"],
    ['src/renderer/src/probe.ts', "import { readFile } from 'node:fs';"],
    ['src/renderer/src/probe.ts', "import Database from 'better-sqlite3';"],
    ['src/shared/probe.ts', "import keytar from 'keytar';"],
    ['src/shared/probe.ts', "import { createHash } from 'node:crypto';"],
    ['src/main/core/probe.ts', "import { app } from 'electron';"],
    ['src/server/probe.ts', "import { net } from 'electron';"],
    ['src/renderer-host/probe.ts', "import { protocol } from 'electron';"],
    ['src/main/probe.ts', "import { ipcMain } from 'electron';"],
    // The service reaches its database only through createStorage, so both backends stay interchangeable.
    ['src/server/probe.ts', "import { lockDataDirectory } from './storage/sqlite/index.ts';"],
    ['src/server/services/probe.ts', "import { openPostgresStorage } from '../storage/postgres/index.ts';"],
    ['src/server/services/probe.ts', "import type { Database } from 'better-sqlite3';"],
    ['src/server/http/probe.ts', "import pg from 'pg';"],
  ])('refuses %s importing across its boundary: %s', async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toHaveLength(1);
  });

  it.each([
    ['src/main/core/probe.ts', "import Database from 'better-sqlite3';"],
    ['src/server/probe.ts', "import { createHash } from 'node:crypto';"],
    ['src/server/services/probe.ts', "import { createStorage } from '../storage/index.ts';"],
    ['src/server/storage/probe.ts', "import { openSqliteStorage } from './sqlite/index.ts';"],
    ['src/server/storage/postgres/probe.ts', "import pg from 'pg';"],
    ['src/main/core/probe.ts', "import { openSqlite } from '../../server/storage/sqlite/migrations-runner.ts';"],
    ['src/main/probe.ts', "import { BrowserWindow } from 'electron';"],
    ['src/main/ipc.ts', "import { ipcMain } from 'electron';"],
    ['src/preload/probe.ts', "import { contextBridge } from 'electron';"],
  ])('allows %s: %s', async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([]);
  });
});

describe('folder graph', () => {
  it.each([
    // from, to, file, import
    [
      'renderer',
      'core',
      'src/renderer/src/probe.ts',
      "import { openVaultDatabase } from '../../main/core/store/database';",
    ],
    [
      'renderer',
      'server',
      'src/renderer/src/state/probe.ts',
      "import { startServer } from '../../../server/index.ts';",
    ],
    ['shared', 'server', 'src/shared/probe.ts', "import { startServer } from '../server/index.ts';"],
    ['shared', 'core', 'src/shared/ipc/probe.ts', "import { createCore } from '../../main/core/index.ts';"],
    ['server', 'core', 'src/server/http/probe.ts', "import { createCore } from '../../main/core/index.ts';"],
    ['server', 'shell', 'src/server/probe.ts', "import '../main/index.ts';"],
    [
      'core',
      'renderer',
      'src/main/core/probe.ts',
      "import { useKeysStore } from '../../renderer/src/state/useKeysStore.ts';",
    ],
    ['core', 'shell', 'src/main/core/keys/probe.ts', "import '../../index.ts';"],
    ['preload', 'core', 'src/preload/probe.ts', "import { createDispatch } from '../main/core/ipc-dispatch.ts';"],
    ['shell', 'server', 'src/main/probe.ts', "import { startServer } from '../server/index.ts';"],
    ['harness', 'shell', 'src/harness/probe.ts', "import '../main/index.ts';"],
    ['harness', 'core', 'src/harness/bridge-client.ts', "import { createCore } from '../main/core/index.ts';"],
    ['renderer-host', 'core', 'src/renderer-host/probe.ts', "import { createCore } from '../main/core/index.ts';"],
  ])('refuses %s importing %s (%s: %s)', async (from, to, filePath, code) => {
    expect(await folderGraphErrors(filePath, code)).toEqual([
      `${from} may not import ${to} (folder graph in docs/ARCHITECTURE.md).`,
    ]);
  });

  it.each([
    ["import { type openVaultDatabase } from '../../main/core/store/database.ts';"],
    ["import type { openVaultDatabase } from '../../main/core/store/database.ts';"],
    ["export { openVaultDatabase } from '../../main/core/store/database.ts';"],
    ["export * from '../../main/core/store/database.ts';"],
    ["export const load = () => import('../../main/core/store/database.ts');"],
    ["export type Open = typeof import('../../main/core/store/database.ts').openVaultDatabase;"],
    ["import { openVaultDatabase } from '../../../src/main/core/store/database.ts';"],
    ["import { openVaultDatabase } from './../../main/core/../core/store/database.ts';"],
  ])('refuses the renderer reaching into the core however the path is spelled: %s', async (code) => {
    const errors = await folderGraphErrors('src/renderer/src/probe.ts', code);
    expect(errors).toEqual(['renderer may not import core (folder graph in docs/ARCHITECTURE.md).']);
  });

  it('refuses an import the graph cannot check: a computed path', async () => {
    const code = "const path = '../../main/core/index.ts';\nawait import(path);";
    expect(await folderGraphErrors('src/renderer/src/probe.ts', code)).toHaveLength(1);
  });

  it('refuses source importing a file outside the graph (tests, scripts)', async () => {
    const code = "import { HarnessProcess } from '../../../test/e2e/harness.ts';";
    expect(await folderGraphErrors('src/main/core/probe.ts', code)).toHaveLength(1);
  });

  it('refuses a folder under src that the graph does not name', async () => {
    expect(await folderGraphErrors('src/plugins/probe.ts', 'export const plugin = 1;')).toHaveLength(1);
  });

  it.each([
    ['src/renderer/src/probe.ts', "import { systemClock } from '../../shared/clock.ts';"],
    ['src/renderer/src/components/Probe.tsx', "import { App } from '../App.tsx';"],
    ['src/preload/probe.ts', "import { systemClock } from '../shared/clock.ts';"],
    ['src/server/probe.ts', "import { systemClock } from '../shared/clock.ts';"],
    ['src/main/core/probe.ts', "import { startServer } from '../../server/index.ts';"],
    ['src/main/core/probe.ts', "import { systemClock } from '../../shared/clock.ts';"],
    ['src/main/probe.ts', "import { createCore } from './core/index.ts';"],
    ['src/main/probe.ts', "import { readRendererAsset } from '../renderer-host/renderer-assets.ts';"],
    ['src/main/probe.ts', "import { systemClock } from '../shared/clock.ts';"],
    ['src/harness/probe.ts', "import { createCore } from '../main/core/index.ts';"],
    ['src/harness/probe.ts', "import { readRendererAsset } from '../renderer-host/renderer-assets.ts';"],
    ['src/harness/bridge-client.ts', "import { systemClock } from '../shared/clock.ts';"],
    ['test/unit/probe.ts', "import '../../src/main/index.ts';"],
    ['bench/probe.ts', "import { createCore } from '../src/main/core/index.ts';"],
  ])('allows %s: %s', async (filePath, code) => {
    expect(await folderGraphErrors(filePath, code)).toEqual([]);
  });
});
