/**
 * A Keywarden killed while a program's stdin file still had a name leaves a secret under /dev/shm;
 * the next run removes such folders of processes that are gone, and never a live run's folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStdinFile, removeStaleStdinFolders } from '../../../src/main/core/exec/stdin-file.ts';

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'keywarden-stdin-test-base-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

/** A folder as a run leaves it when killed between writing the file and unlinking it. */
function leftOver(name: string): string {
  const folder = join(base, name);
  mkdirSync(folder);
  writeFileSync(join(folder, 'stdin'), 'lsk_live_LeftBehindSecret', { mode: 0o600 });
  return folder;
}

describe('stale stdin folders', () => {
  it("removes a dead process's folder and keeps a live one's", async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const dead = leftOver(`keywarden-stdin-${deadPid}-AbC123`);
    const live = leftOver(`keywarden-stdin-${process.pid}-XyZ789`);
    const unrelated = leftOver('something-else');

    expect(await removeStaleStdinFolders(base)).toEqual([dead]);
    expect([existsSync(dead), existsSync(live), existsSync(unrelated)]).toEqual([false, true, true]);
  });

  it('removes a folder named without a pid once no run could still be using it', async () => {
    const recent = leftOver('keywarden-stdin-Recent');
    const old = leftOver('keywarden-stdin-OldOne');
    const longAgo = new Date(Date.now() - 10 * 60_000);
    utimesSync(old, longAgo, longAgo);

    expect(await removeStaleStdinFolders(base)).toEqual([old]);
    expect(existsSync(recent)).toBe(true);
  });

  it('sweeps before the first program gets its stdin', async () => {
    const shm = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const dead = join(shm, `keywarden-stdin-${deadPid}-Sweep${process.pid}`);
    mkdirSync(dead);
    writeFileSync(join(dead, 'stdin'), 'lsk_live_LeftBehindSecret', { mode: 0o600 });
    const file = await openStdinFile('lsk_live_StdinSecret');
    await file.dispose();
    expect(existsSync(dead)).toBe(false);
    expect(readdirSync(shm).filter((name) => name.startsWith(`keywarden-stdin-${process.pid}-`))).toEqual([]);
  });
});
