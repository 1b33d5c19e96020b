/**
 * The process boundaries of docs/ARCHITECTURE.md are enforced by ESLint; these cases prove the
 * rules fire (and stay quiet where an import is allowed), so a config change can't drop them.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('process boundaries', () => {
  it.each([
    ['src/renderer/src/Probe.tsx', "import { ipcRenderer } from 'electron';"],
    ['src/renderer/src/probe.ts', "import { readFile } from 'node:fs';"],
    ['src/renderer/src/probe.ts', "import Database from 'better-sqlite3';"],
    ['src/shared/probe.ts', "import keytar from 'keytar';"],
    ['src/shared/probe.ts', "import { createHash } from 'node:crypto';"],
    ['src/main/core/probe.ts', "import { app } from 'electron';"],
    ['src/server/probe.ts', "import { net } from 'electron';"],
    ['src/main/probe.ts', "import { ipcMain } from 'electron';"],
  ])('refuses %s importing across its boundary: %s', async (filePath, code) => {
    expect(await restrictedImports(filePath, `${code}\nexport {};\n`)).toHaveLength(1);
  });

  it.each([
    ['src/main/core/probe.ts', "import Database from 'better-sqlite3';"],
    ['src/server/probe.ts', "import { createHash } from 'node:crypto';"],
    ['src/main/probe.ts', "import { BrowserWindow } from 'electron';"],
    ['src/main/ipc.ts', "import { ipcMain } from 'electron';"],
    ['src/preload/probe.ts', "import { contextBridge } from 'electron';"],
  ])('allows %s: %s', async (filePath, code) => {
    expect(await restrictedImports(filePath, `${code}\nexport {};\n`)).toEqual([]);
  });
});
