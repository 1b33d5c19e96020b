/**
 * The real exec port, as a secret-manager push relies on it: the environment is exactly what was
 * passed, output is bounded, a timeout stops the program and what it started, a program that
 * opens /dev/stdin by name can read it and nothing is left in /dev/shm, and the browser harness's
 * recording records the run but never its stdin.
 */
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.ts';
import { EventRecorder, recordingExec } from '../../../src/harness/recording-ports.ts';
import { nodeExec } from '../../../src/main/core/exec/node-exec.ts';

const env = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' };
const sh = async () => (await nodeExec.locate('sh', env.PATH))!;
const shmEntries = () =>
  existsSync('/dev/shm') ? readdirSync('/dev/shm').filter((name) => name.startsWith('keywarden-')) : [];

describe('the exec port', () => {
  it('finds a program on the PATH it is given, and nothing for a missing one', async () => {
    expect(await sh()).toMatch(/\/sh$/);
    expect(await nodeExec.locate('no-such-program-keywarden', env.PATH)).toBeNull();
    expect(await nodeExec.run({ command: '/nonexistent/cli', args: [], env, timeoutMs: 5_000 })).toEqual({
      status: 'not_found',
    });
  });

  it('gives the program exactly the environment passed, nothing from the parent', async () => {
    process.env.KEYWARDEN_PARENT_ONLY = 'inherited?';
    try {
      const result = await nodeExec.run({ command: await sh(), args: ['-c', 'env'], env, timeoutMs: 5_000 });
      expect(result.status === 'exited' && result.stdout).toContain('LANG=C.UTF-8');
      expect(result.status === 'exited' && result.stdout).not.toContain('KEYWARDEN_PARENT_ONLY');
    } finally {
      delete process.env.KEYWARDEN_PARENT_ONLY;
    }
  });

  it('keeps 64 KiB of output per stream and says it cut the rest', async () => {
    const result = await nodeExec.run({
      command: await sh(),
      args: ['-c', 'i=0; while [ $i -lt 3000 ]; do echo "line $i of a CLI that talks far too much"; i=$((i+1)); done'],
      env,
      timeoutMs: 10_000,
    });
    expect(result).toMatchObject({ status: 'exited', exitCode: 0, truncated: true });
    expect(result.status === 'exited' && Buffer.byteLength(result.stdout)).toBe(64 * 1024);
  });

  it('stops a program at its timeout, with what it started', async () => {
    const started = Date.now();
    const result = await nodeExec.run({
      command: await sh(),
      args: ['-c', 'sleep 41 & echo started; sleep 42'],
      env,
      timeoutMs: 500,
    });
    expect(result).toMatchObject({ status: 'timed_out', stdout: 'started\n' });
    expect(Date.now() - started).toBeLessThan(5_000);
    const survivors = await nodeExec.run({
      command: await sh(),
      args: ['-c', 'ps -eo args | grep -c "^sleep 4[12]$" || true'],
      env,
      timeoutMs: 5_000,
    });
    expect(survivors.status === 'exited' && survivors.stdout.trim()).toBe('0');
  });

  it('lets a program open /dev/stdin by name, and leaves nothing behind in /dev/shm', async () => {
    const before = shmEntries();
    const viaSocket = await nodeExec.run({
      command: await sh(),
      args: ['-c', 'cat /dev/stdin'],
      env,
      stdin: 'by path',
      timeoutMs: 5_000,
    });
    const viaFile = await nodeExec.run({
      command: await sh(),
      args: ['-c', 'cat /dev/stdin'],
      env,
      stdin: 'by path',
      stdinOpenedByPath: true,
      timeoutMs: 5_000,
    });
    expect(viaFile).toMatchObject({ status: 'exited', exitCode: 0, stdout: 'by path' });
    // Without the flag Linux refuses to reopen Node's socket: the reason the flag exists.
    if (process.platform === 'linux') expect(viaSocket).toMatchObject({ status: 'exited', stdout: '' });
    // Nothing new; the first run may also have swept what a killed process left.
    expect(shmEntries().filter((name) => !before.includes(name))).toEqual([]);
  });

  it('is recorded by the harness without its stdin', async () => {
    const recorder = new EventRecorder(new ManualClock());
    const exec = recordingExec(recorder, nodeExec);
    await exec.run({
      command: await sh(),
      args: ['-c', 'cat >/dev/null; exit 3'],
      env,
      stdin: 'lsk_live_NeverInEvents',
      timeoutMs: 5_000,
    });
    expect(recorder.events).toEqual([
      expect.objectContaining({
        kind: 'exec',
        data: {
          command: await sh(),
          args: ['-c', 'cat >/dev/null; exit 3'],
          env: ['LANG', 'PATH'],
          status: 'exited',
          exitCode: 3,
          signal: null,
        },
      }),
    ]);
    expect(JSON.stringify(recorder.events)).not.toContain('NeverInEvents');
  });
});
