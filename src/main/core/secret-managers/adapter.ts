/**
 * What one secret manager's CLI adapter knows: how to name the program, read its version, check
 * its sign-in, push a secret through stdin, and show the command for doing it by hand. Finding
 * the program, the environment, timeouts, cancellation, redaction and history are the service's.
 */
import type { CopyCommand, PushOutcome, SecretTargetConfig, SecretTargetKind } from '../../../shared/secret-targets.ts';

export type CliKind = Exclude<SecretTargetKind, 'dotenv'>;

/** A run that ended with an exit: timeouts, cancellation and a missing program never get here. */
export interface CliRunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
}

export interface RunCliOptions {
  stdin?: string;
  /** The CLI reads its value by opening /dev/stdin (AWS, Azure), not from its stdin stream. */
  stdinOpenedByPath?: boolean;
  outputLimitBytes?: number;
}

export type RunCli = (args: readonly string[], options?: RunCliOptions) => Promise<CliRunResult>;

export interface AdapterVerdict {
  outcome: PushOutcome;
  exitCode: number | null;
  /** The CLI's own words or ours; the service redacts and caps them before anyone sees them. */
  detail: string;
}

export type AdapterSignIn =
  | { state: 'signed_in'; account: string | null }
  | { state: 'signed_out'; detail: string }
  | { state: 'unavailable'; detail: string };

export interface PushContext {
  secret: string;
  run: RunCli;
  /** The CLI's version as `versionArgs` reported it, when it could be read. */
  version: string | null;
  platform: NodeJS.Platform;
}

export interface CliAdapter<K extends CliKind = CliKind> {
  kind: K;
  /** The program's name on PATH; the Vault target may name OpenBao's `bao` instead. */
  program(config: SecretTargetConfig<K> | null): string;
  installHint: string;
  /** The sentence for a signed-out CLI. */
  signInHint(config: SecretTargetConfig<K>): string;
  versionArgs: readonly string[];
  parseVersion(output: string): string | null;
  /** Host variables that say where the CLI keeps its own settings and sign-in. */
  passThroughEnv: readonly string[];
  /** Variables from the target's configuration (never a secret). */
  settings(config: SecretTargetConfig<K>): Record<string, string>;
  checkSignIn(config: SecretTargetConfig<K>, run: RunCli): Promise<AdapterSignIn>;
  push(config: SecretTargetConfig<K>, context: PushContext): Promise<AdapterVerdict>;
  copyCommand(config: SecretTargetConfig<K>, platform: NodeJS.Platform): CopyCommand;
}

export function outputOf(result: CliRunResult): string {
  return [result.stderr, result.stdout].filter((text) => text.trim().length > 0).join('\n');
}

/** The usual reading of a push's exit: 0 is done, the CLI's sign-in words mean signed out. */
export function exitVerdict(result: CliRunResult, signedOut: RegExp): AdapterVerdict {
  if (result.exitCode === 0) return { outcome: 'ok', exitCode: 0, detail: '' };
  return {
    outcome: signedOut.test(outputOf(result)) ? 'signed_out' : 'cli_failed',
    exitCode: result.exitCode,
    // A CLI's stdout can hold the value it just stored: only its complaints are kept.
    detail: result.stderr.trim() || `exit ${result.exitCode ?? 'by signal'}`,
  };
}

/** The usual reading of a sign-in check's exit. */
export function signInVerdict(
  result: CliRunResult,
  signedOut: RegExp,
  account: (stdout: string) => string | null,
): AdapterSignIn {
  if (result.exitCode === 0) return { state: 'signed_in', account: account(result.stdout) };
  const said = outputOf(result);
  if (signedOut.test(said)) return { state: 'signed_out', detail: said };
  return { state: 'unavailable', detail: said || `exit ${result.exitCode ?? 'by signal'}` };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** `/dev/stdin` is how AWS and Azure read a value from stdin: it doesn't exist on Windows. */
export const NO_DEV_STDIN_ON_WINDOWS =
  'On Windows this CLI has no way to read a secret from standard input, and Keywarden never puts a secret ' +
  'on a command line: copy the command and the secret, and run it from a shell that has /dev/stdin (WSL).';
