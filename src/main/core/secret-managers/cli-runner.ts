/**
 * Finds a secret manager's CLI, reads its version, and runs it for an adapter: the absolute path
 * that was found is the one that runs, with the environment built for it, a timeout, the caller's
 * cancellation, and bounded output. A run that didn't end with an exit stops the adapter's flow.
 */
import { stat } from 'node:fs/promises';
import type { CliIdentity, PushOutcome } from '../../../shared/secret-targets.ts';
import type { ExecPort } from '../ports.ts';
import type { CliRunResult, RunCli } from './adapter.ts';
import { redactCutTail } from './redact.ts';

/** A run that didn't end with an exit: there is nothing for the adapter to read. */
export class CliStopped extends Error {
  readonly outcome: Extract<PushOutcome, 'timeout' | 'cancelled' | 'cli_missing' | 'cli_failed'>;

  constructor(outcome: CliStopped['outcome'], message: string) {
    super(message);
    this.name = 'CliStopped';
    this.outcome = outcome;
  }
}

export interface RunOptions {
  path: string;
  env: Readonly<Record<string, string>>;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** `secrets`: what the run handles, so output cut in the middle of one doesn't keep its start. */
export function cliRunner(exec: ExecPort, options: RunOptions, secrets: readonly string[] = []): RunCli {
  const program = options.path;
  return async (args, extra): Promise<CliRunResult> => {
    const result = await exec.run({
      command: options.path,
      args,
      env: options.env,
      ...(extra?.stdin !== undefined ? { stdin: extra.stdin } : {}),
      ...(extra?.stdinOpenedByPath ? { stdinOpenedByPath: true } : {}),
      timeoutMs: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(extra?.outputLimitBytes !== undefined ? { outputLimitBytes: extra.outputLimitBytes } : {}),
    });
    switch (result.status) {
      case 'exited': {
        const { stdout, stderr, truncated } = result;
        // The limit cuts before anything is redacted; a whole secret is still redacted later.
        return truncated
          ? {
              exitCode: result.exitCode,
              stdout: redactCutTail(stdout, secrets),
              stderr: redactCutTail(stderr, secrets),
              truncated,
            }
          : { exitCode: result.exitCode, stdout, stderr, truncated };
      }
      case 'timed_out':
        throw new CliStopped(
          'timeout',
          `${program} didn't finish within ${Math.round(options.timeoutMs / 1000)} s and was stopped.`,
        );
      case 'cancelled':
        throw new CliStopped('cancelled', `Cancelled: ${program} was stopped.`);
      case 'not_found':
        throw new CliStopped('cli_missing', `${program} is no longer there.`);
      case 'spawn_failed':
        throw new CliStopped('cli_failed', `${program} could not be started: ${result.message}`);
    }
  };
}

interface KnownVersion {
  mtimeMs: number;
  version: string | null;
}

/** Versions read once per executable file, again when the file changes (an upgrade). */
export class CliVersions {
  readonly #known = new Map<string, KnownVersion>();

  async identify(
    exec: ExecPort,
    program: string,
    options: RunOptions & { versionArgs: readonly string[]; parse(output: string): string | null },
  ): Promise<CliIdentity> {
    const mtimeMs = await stat(options.path).then(
      (info) => info.mtimeMs,
      () => -1,
    );
    const known = this.#known.get(options.path);
    if (known && known.mtimeMs === mtimeMs) return { program, path: options.path, version: known.version };
    let version: string | null = null;
    try {
      const result = await cliRunner(exec, options)(options.versionArgs);
      version = options.parse(`${result.stdout}\n${result.stderr}`);
    } catch (error) {
      if (error instanceof CliStopped && error.outcome === 'cancelled') throw error;
      // A CLI that can't say its version can still push.
    }
    this.#known.set(options.path, { mtimeMs, version });
    return { program, path: options.path, version };
  }
}
