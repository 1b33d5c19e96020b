/**
 * Every IPC channel and event is declared in src/shared/ipc, the contract's folder, so a reader
 * finds the whole map there and a resource's schemas elsewhere in src/shared never carry channels
 * the contract spreads in unseen.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ipcContract, ipcEvents } from '../../src/shared/ipc/index.ts';

const ROOT = join(import.meta.dirname, '../..');
const CONTRACT_FOLDER = 'src/shared/ipc/';

function sharedFiles(dir = join(ROOT, 'src/shared')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sharedFiles(path);
    return entry.name.endsWith('.ts') ? [relative(ROOT, path)] : [];
  });
}

/** Where each name is declared as a map entry (`'keys:list': …`). */
function declarationsOf(names: string[]): Map<string, string[]> {
  const found = new Map(names.map((name) => [name, [] as string[]]));
  for (const file of sharedFiles()) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const name of names) if (text.includes(`'${name}':`)) found.get(name)!.push(file);
  }
  return found;
}

describe('the IPC contract folder', () => {
  it('declares every channel and every event, and nothing outside it does', () => {
    const names = [...Object.keys(ipcContract), ...Object.keys(ipcEvents)];
    const misplaced = [...declarationsOf(names)].filter(
      ([, files]) => files.length === 0 || files.some((file) => !file.startsWith(CONTRACT_FOLDER)),
    );
    expect(misplaced).toEqual([]);
  });
});
