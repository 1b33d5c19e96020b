/**
 * The real ExecPort: node:child_process without a shell, an environment built by the caller, the
 * secret on stdin only, bounded output, a timeout and cancellation that stop the program and
 * anything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { errorMessage } from '../../../shared/error-message.ts';
import {
  DEFAULT_OUTPUT_LIMIT_BYTES,
  type ExecOutput,
  type ExecPort,
  type ExecRequest,
  type ExecResult,
} from '../ports.ts';
import { openStdinFile, type StdinFile } from './stdin-file.ts';

/** How long a program gets to exit after SIGTERM before it is killed. */
const TERMINATE_GRACE_MS = 2_000;

export async function locateOnPath(
  program: string,
  searchPath: string,
  platform: NodeJS.Platform = process.platform,
  extensions: string = process.env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM',
): Promise<string | null> {
  if (program.length === 0 || program.includes('/') || program.includes('\\')) {
    return isAbsolute(program) && (await isExecutableFile(program)) ? program : null;
  }
  const suffixes = platform === 'win32' ? ['', ...extensions.split(';').filter(Boolean)] : [''];
  // Relative PATH entries ("", ".") would make the result depend on the working folder: skipped.
  for (const folder of searchPath.split(platform === 'win32' ? ';' : delimiter)) {
    if (!isAbsolute(folder)) continue;
    for (const suffix of suffixes) {
      const candidate = join(folder, program + suffix);
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Keeps the first `limit` bytes of a stream and remembers whether more came. */
class BoundedBuffer {
  readonly #chunks: Buffer[] = [];
  readonly #limit: number;
  #size = 0;
  truncated = false;

  constructor(limit: number) {
    this.#limit = limit;
  }

  push(chunk: Buffer): void {
    const room = this.#limit - this.#size;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept !== chunk) this.truncated = true;
    this.#chunks.push(kept);
    this.#size += kept.length;
  }

  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}

export async function runProgram(request: ExecRequest): Promise<ExecResult> {
  if (request.signal?.aborted) return { status: 'cancelled', stdout: '', stderr: '', truncated: false };
  // Linux only: elsewhere a socket on stdin can be reopened as /dev/stdin (see stdin-file.ts).
  const byPath = request.stdin !== undefined && request.stdinOpenedByPath === true && process.platform === 'linux';
  let file: StdinFile | null = null;
  try {
    if (byPath) file = await openStdinFile(request.stdin ?? '');
  } catch (error) {
    return { status: 'spawn_failed', message: `stdin could not be prepared: ${errorMessage(error)}` };
  }
  try {
    return await spawnAndWait(request, file);
  } finally {
    await file?.dispose();
  }
}

function spawnAndWait(request: ExecRequest, file: StdinFile | null): Promise<ExecResult> {
  const limit = request.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES;
  const ownGroup = process.platform !== 'win32';
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(request.command, [...request.args], {
        shell: false,
        env: { ...request.env },
        stdio: [file ? file.readFd : 'pipe', 'pipe', 'pipe'],
        // Its own process group, so a timeout also stops what the program started.
        detached: ownGroup,
        windowsHide: true,
      });
    } catch (error) {
      resolve({ status: 'spawn_failed', message: errorMessage(error) });
      return;
    }
    const stdout = new BoundedBuffer(limit);
    const stderr = new BoundedBuffer(limit);
    let stopReason: 'timed_out' | 'cancelled' | null = null;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    const output = (): ExecOutput => ({
      stdout: stdout.text(),
      stderr: stderr.text(),
      truncated: stdout.truncated || stderr.truncated,
    });
    const finish = (result: ExecResult) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (ownGroup && child.pid !== undefined) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // Already gone.
      }
    };
    const stop = (reason: 'timed_out' | 'cancelled') => {
      if (stopReason || settled) return;
      stopReason = reason;
      signalGroup('SIGTERM');
      timers.push(setTimeout(() => signalGroup('SIGKILL'), TERMINATE_GRACE_MS).unref());
      // A grandchild outside the group could keep the pipes open: give up waiting for them.
      timers.push(setTimeout(() => finish({ status: reason, ...output() }), TERMINATE_GRACE_MS + 1_000).unref());
    };
    const onAbort = () => stop('cancelled');

    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    // A program that exits without reading its input closes the pipe: not an error of ours.
    child.stdin?.on('error', () => undefined);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') finish({ status: 'not_found' });
      else finish({ status: 'spawn_failed', message: error.message });
    });
    child.on('close', (exitCode, signal) => {
      if (stopReason) finish({ status: stopReason, ...output() });
      else finish({ status: 'exited', exitCode, signal, ...output() });
    });
    timers.push(setTimeout(() => stop('timed_out'), request.timeoutMs));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdin?.end(request.stdin ?? '');
  });
}

export const nodeExec: ExecPort = {
  locate: (program, searchPath) => locateOnPath(program, searchPath),
  run: runProgram,
};
