/**
 * Secret-manager targets of a key, and pushing a secret to them. One place for the rules every
 * target shares: names are checked before anything runs, the CLI is found on PATH (or the user
 * is told how to install it), the secret goes on stdin only, the CLI's words are capped and
 * redacted before anyone sees them, a push can time out or be cancelled, and every push is
 * recorded in the key's history (never the secret).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../shared/clock.ts';
import {
  NewSecretTarget,
  SecretTargetConfigs,
  SecretTargetKind,
  type CliDetection,
  type CliIdentity,
  type CopyCommand,
  type PushOutcome,
  type PushRecord,
  type SecretTarget,
  type SecretTargetConfig,
  type SecretTargetOwner,
  type SignInState,
} from '../../../shared/secret-targets.ts';
import type { LocalAuditRecorder } from '../audit/local-audit.ts';
import { AppError } from '../errors.ts';
import type { ExecPort } from '../ports.ts';
import type { SecretTargetRepository, StoredTarget } from '../store/secret-target-repository.ts';
import type { AdapterVerdict, CliAdapter, CliKind } from './adapter.ts';
import { CliStopped, CliVersions, cliRunner, type RunOptions } from './cli-runner.ts';
import { canWriteEnvFile, pushToEnvFile } from './dotenv-file.ts';
import { childEnvironment, type HostEnv } from './host-env.ts';
import { explainVerdict, missingSentence, signedOutSentence, type SentenceContext } from './push-sentences.ts';
import { cliWords } from './redact.ts';
import { adapterFor } from './registry.ts';

export interface SecretTargetServiceDeps {
  targets: SecretTargetRepository;
  exec: ExecPort;
  clock: Clock;
  /** Where PATH, HOME and the CLIs' config locations come from (the app's own environment). */
  hostEnv: HostEnv;
  platform: NodeJS.Platform;
  timeouts?: { pushMs?: number; checkMs?: number };
  newId?: () => string;
  /** Each push goes into the audit log too, marked local (destination and outcome, never the secret). */
  audit?: LocalAuditRecorder;
}

/** A target, or a draft of one being tested before it is saved. */
export type TargetSubject = string | { kind: SecretTargetKind; config: unknown };

export interface PushResult {
  outcome: PushOutcome;
  message: string;
  exitCode: number | null;
  cli: CliIdentity | null;
  record: PushRecord;
}

const DEFAULT_PUSH_TIMEOUT_MS = 120_000;
const DEFAULT_CHECK_TIMEOUT_MS = 20_000;

type CliConfig = SecretTargetConfig<CliKind>;

interface Located extends SentenceContext {
  options: RunOptions;
}

export class SecretTargetService {
  readonly #deps: SecretTargetServiceDeps;
  readonly #versions = new CliVersions();
  readonly #pushMs: number;
  readonly #checkMs: number;

  constructor(deps: SecretTargetServiceDeps) {
    this.#deps = deps;
    this.#pushMs = deps.timeouts?.pushMs ?? DEFAULT_PUSH_TIMEOUT_MS;
    this.#checkMs = deps.timeouts?.checkMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  }

  /** The key's targets; one whose stored names no longer pass its kind's rules says why. */
  list(owner: SecretTargetOwner): StoredTarget[] {
    return this.#deps.targets.listFor(owner);
  }

  add(input: unknown): SecretTarget {
    const parsed = NewSecretTarget.safeParse(input);
    if (!parsed.success) throw new AppError('invalid_input', parsed.error.issues[0]?.message ?? 'Invalid target');
    const at = this.#deps.clock.now().toISOString();
    const target: SecretTarget = {
      id: (this.#deps.newId ?? randomUUID)(),
      ...parsed.data,
      createdAt: at,
      updatedAt: at,
    };
    try {
      this.#deps.targets.add(target);
    } catch (error) {
      // The owner's workspace is not (or no longer) in the vault: its row's foreign key refuses it.
      if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new AppError('not_found', 'This workspace is no longer in Keywarden.');
      }
      throw error;
    }
    return target;
  }

  update(id: string, change: { label?: string; config?: unknown }): SecretTarget {
    const current = this.#find(id);
    const parsed = NewSecretTarget.safeParse({
      owner: current.owner,
      kind: current.kind,
      label: change.label ?? current.label,
      config: change.config ?? current.config,
    });
    if (!parsed.success) throw new AppError('invalid_input', parsed.error.issues[0]?.message ?? 'Invalid target');
    const next: SecretTarget = { ...current, ...parsed.data, updatedAt: this.#deps.clock.now().toISOString() };
    this.#deps.targets.update(next);
    return next;
  }

  remove(id: string): void {
    if (!this.#deps.targets.delete(id)) throw new AppError('not_found', 'This destination was already removed.');
  }

  history(owner: SecretTargetOwner, limit?: number): PushRecord[] {
    return this.#deps.targets.historyFor(owner, limit);
  }

  /** Whether the kind's CLI is on PATH, which one and which version, or how to install it. */
  async detect(kind: SecretTargetKind, config: unknown = null): Promise<CliDetection> {
    if (kind === 'dotenv') {
      return { kind, program: 'keywarden', found: true, cli: null, installHint: '' };
    }
    const adapter = adapterFor(kind);
    const parsed = config === null ? null : SecretTargetConfigs[kind].safeParse(config);
    const cliConfig = parsed?.success ? (parsed.data as CliConfig) : null;
    const located = await this.#locate(adapter, cliConfig, this.#checkMs);
    const program = adapter.program(cliConfig);
    return { kind, program, found: located !== null, cli: located?.cli ?? null, installHint: adapter.installHint };
  }

  /** Signed in, or the sentence that says what to run. Writes nothing anywhere. */
  async checkSignIn(subject: TargetSubject, options: { signal?: AbortSignal } = {}): Promise<SignInState> {
    const { kind, config } = this.#resolve(subject);
    if (kind === 'dotenv') {
      const problem = await canWriteEnvFile((config as SecretTargetConfig<'dotenv'>).path);
      return problem === null
        ? { state: 'signed_in', account: null, cli: null }
        : { state: 'unavailable', code: 'write_failed', sentence: problem, cli: null };
    }
    const adapter = adapterFor(kind);
    const cliConfig = config as CliConfig;
    const located = await this.#locate(adapter, cliConfig, this.#checkMs, options.signal);
    if (located === null) {
      return { state: 'unavailable', code: 'cli_missing', sentence: missingSentence(adapter, cliConfig), cli: null };
    }
    try {
      const verdict = await adapter.checkSignIn(cliConfig, cliRunner(this.#deps.exec, located.options));
      if (verdict.state === 'signed_in') return { ...verdict, cli: located.cli };
      if (verdict.state === 'signed_out') {
        return { state: 'signed_out', sentence: signedOutSentence(located, verdict.detail, []), cli: located.cli };
      }
      const words = cliWords(verdict.detail);
      return {
        state: 'unavailable',
        code: 'cli_failed',
        sentence: `${located.cli.program} said: ${words}`,
        cli: located.cli,
      };
    } catch (error) {
      if (!(error instanceof CliStopped)) throw error;
      return { state: 'unavailable', code: error.outcome, sentence: error.message, cli: located.cli };
    }
  }

  /** The command line for doing it by hand, without the secret (it goes on stdin). */
  copyCommand(subject: TargetSubject): CopyCommand {
    const { kind, config } = this.#resolve(subject);
    if (kind === 'dotenv') {
      const env = config as SecretTargetConfig<'dotenv'>;
      return { command: '', stdin: 'none', note: `Keywarden writes ${env.name}=… into ${env.path} itself.` };
    }
    return adapterFor(kind).copyCommand(config as CliConfig, this.#deps.platform);
  }

  async push(targetId: string, secret: string, options: { signal?: AbortSignal } = {}): Promise<PushResult> {
    const stored = this.#deps.targets.find(targetId);
    if (stored === null) throw new AppError('not_found', 'This destination was removed.');
    if ('unreadable' in stored && stored.kind === null) {
      throw new AppError('invalid_input', `This destination can't be used (${stored.unreadable}): remove it.`);
    }
    const kind = stored.kind as SecretTargetKind;
    let outcome: { verdict: AdapterVerdict; cli: CliIdentity | null };
    if ('unreadable' in stored) {
      // Its names no longer pass the kind's rules: nothing runs with them.
      outcome = { verdict: { outcome: 'invalid_name', exitCode: null, detail: stored.unreadable }, cli: null };
    } else if (secret.length === 0) {
      outcome = {
        verdict: { outcome: 'invalid_value', exitCode: null, detail: 'There is no secret to push.' },
        cli: null,
      };
    } else if (options.signal?.aborted) {
      outcome = {
        verdict: { outcome: 'cancelled', exitCode: null, detail: 'Cancelled before anything ran.' },
        cli: null,
      };
    } else if (stored.kind === 'dotenv') {
      outcome = { verdict: await pushToEnvFile(stored.config as SecretTargetConfig<'dotenv'>, secret), cli: null };
    } else {
      outcome = await this.#pushWithCli(stored.kind, stored.config as CliConfig, secret, options.signal);
    }
    const message = cliWords(outcome.verdict.detail, [secret]);
    const record = this.#deps.targets.recordPush({
      targetId: stored.id,
      owner: stored.owner,
      targetKind: kind,
      targetLabel: stored.label,
      at: this.#deps.clock.now().toISOString(),
      outcome: outcome.verdict.outcome,
      exitCode: outcome.verdict.exitCode,
      message,
      cli: outcome.cli,
    });
    this.#deps.audit?.record({
      workspaceId: stored.owner.workspaceId,
      keyId: stored.owner.keyId,
      type: 'secret.pushed',
      details: {
        destination: stored.label,
        kind,
        outcome: record.outcome,
        exitCode: record.exitCode,
        cli: record.cli ? [record.cli.program, record.cli.version].filter(Boolean).join(' ') : null,
      },
    });
    return { outcome: record.outcome, message, exitCode: record.exitCode, cli: record.cli, record };
  }

  async #pushWithCli(
    kind: CliKind,
    config: CliConfig,
    secret: string,
    signal: AbortSignal | undefined,
  ): Promise<{ verdict: AdapterVerdict; cli: CliIdentity | null }> {
    const adapter = adapterFor(kind);
    let located: Located | null = null;
    try {
      located = await this.#locate(adapter, config, this.#pushMs, signal);
      if (located === null) {
        return {
          verdict: { outcome: 'cli_missing', exitCode: null, detail: missingSentence(adapter, config) },
          cli: null,
        };
      }
      const run = cliRunner(this.#deps.exec, located.options, [secret]);
      const verdict = await adapter.push(config, {
        secret,
        run,
        version: located.cli.version,
        platform: this.#deps.platform,
      });
      return { verdict: explainVerdict(located, verdict, secret), cli: located.cli };
    } catch (error) {
      if (!(error instanceof CliStopped)) throw error;
      const unknown = error.outcome === 'timeout' || error.outcome === 'cancelled';
      const detail = unknown
        ? `${error.message} It may or may not have stored the secret: push again to be sure.`
        : error.message;
      return { verdict: { outcome: error.outcome, exitCode: null, detail }, cli: located?.cli ?? null };
    }
  }

  async #locate(
    adapter: CliAdapter,
    config: CliConfig | null,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<Located | null> {
    const program = adapter.program(config);
    const env = childEnvironment(this.#deps.hostEnv, adapter.passThroughEnv, {
      ...(config ? adapter.settings(config) : {}),
    });
    const path = await this.#deps.exec.locate(program, env.PATH ?? '');
    if (path === null) return null;
    const options: RunOptions = { path, env, timeoutMs, ...(signal ? { signal } : {}) };
    const cli = await this.#versions.identify(this.#deps.exec, program, {
      ...options,
      timeoutMs: Math.min(timeoutMs, this.#checkMs),
      versionArgs: adapter.versionArgs,
      parse: (output) => adapter.parseVersion(output),
    });
    return { adapter, config: config as CliConfig, cli, options };
  }

  #find(id: string): SecretTarget {
    const stored = this.#deps.targets.find(id);
    if (stored === null) throw new AppError('not_found', 'This destination was removed.');
    if ('unreadable' in stored) {
      throw new AppError('invalid_input', `This destination can't be used (${stored.unreadable}): remove it.`);
    }
    return stored;
  }

  #resolve(subject: TargetSubject): { kind: SecretTargetKind; config: SecretTargetConfig } {
    if (typeof subject === 'string') {
      const target = this.#find(subject);
      return { kind: target.kind, config: target.config };
    }
    const kind = SecretTargetKind.safeParse(subject.kind);
    if (!kind.success) throw new AppError('invalid_input', 'Unknown kind of destination.');
    const config = SecretTargetConfigs[kind.data].safeParse(subject.config);
    if (!config.success) throw new AppError('invalid_input', config.error.issues[0]?.message ?? 'Invalid destination');
    return { kind: kind.data, config: config.data };
  }
}
