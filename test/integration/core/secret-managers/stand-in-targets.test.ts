/**
 * Every CLI target, pushed through the real exec port (wrapped like the browser harness wraps it)
 * to stand-in executables that answer like the real CLIs. What a user would notice: the push
 * lands, a signed-out CLI says what to run, a failure shows the CLI's words without the secret,
 * a hung CLI times out or can be cancelled, and the secret travels on stdin and nowhere else:
 * not in arguments, environment, the app's output, the vault database (and its WAL), or the
 * harness's events.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateCredential } from '../../../../src/shared/credentials.ts';
import { ManualClock } from '../../../../src/shared/clock.ts';
import { EventRecorder, recordingExec } from '../../../../src/harness/recording-ports.ts';
import { nodeExec } from '../../../../src/main/core/exec/node-exec.ts';
import { SecretTargetService } from '../../../../src/main/core/secret-managers/secret-target-service.ts';
import { openVaultDatabase } from '../../../../src/main/core/store/database.ts';
import { SecretTargetRepository } from '../../../../src/main/core/store/secret-target-repository.ts';
import { CLI_CASES } from './stand-in-clis.ts';
import { StandIns } from './stand-ins.ts';

/** A credential-shaped secret with everything a shell would act on, had there been one. */
const CREDENTIAL = generateCredential('lsk_live_');
const SECRET = `${CREDENTIAL} $(touch /tmp/keywarden-pwned) "q" 'x' \`id\` #;`;
const OWNER = { workspaceId: 'external', keyId: 'payments-key' };
/** Set in the shell Keywarden started from: a CLI must never inherit them. */
const SHELL_TOKEN = 'gho_ShellTokenThatMustNotReachACli0123456';

let standIns: StandIns;
let dataDir: string;
let db: Database;
let service: SecretTargetService;
let recorder: EventRecorder;
const appOutput: string[] = [];

function newService(path: string, timeouts = { pushMs: 10_000, checkMs: 10_000 }): SecretTargetService {
  const clock = new ManualClock(new Date('2030-03-01T10:00:00.000Z'));
  return new SecretTargetService({
    targets: new SecretTargetRepository(db),
    exec: recordingExec(recorder, nodeExec),
    clock,
    hostEnv: {
      PATH: path,
      HOME: dataDir,
      LANG: 'C.UTF-8',
      GH_TOKEN: SHELL_TOKEN,
      AWS_SECRET_ACCESS_KEY: SHELL_TOKEN,
      SHELL_ONLY_VARIABLE: 'from the shell',
    },
    platform: 'linux',
    timeouts,
  });
}

beforeAll(() => {
  standIns = new StandIns();
  for (const cliCase of CLI_CASES) standIns.install(cliCase.program, cliCase.scenarios);
  dataDir = mkdtempSync(join(tmpdir(), 'keywarden-targets-'));
  db = openVaultDatabase(dataDir);
  recorder = new EventRecorder(new ManualClock());
  service = newService(`${standIns.bin}:/usr/bin:/bin`);
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation(
      (...args: unknown[]) => void appOutput.push(args.map(String).join(' ')),
    );
  }
});

afterAll(() => {
  vi.restoreAllMocks();
  db.close();
  standIns.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.each(CLI_CASES)('$kind target through a stand-in $program', (cliCase) => {
  let targetId: string;

  beforeAll(() => {
    targetId = service.add({
      owner: OWNER,
      kind: cliCase.kind,
      label: `${cliCase.kind} prod`,
      config: cliCase.config,
    }).id;
  });

  it('finds the CLI and its version on PATH', async () => {
    const detection = await service.detect(cliCase.kind, cliCase.config);
    expect(detection.found).toBe(true);
    expect(detection.cli?.path).toBe(join(standIns.bin, cliCase.program));
    expect(detection.cli?.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('pushes the secret on stdin only, with the right command, and records which CLI did it', async () => {
    standIns.scenario(cliCase.program, 'success');
    standIns.reset(cliCase.program);
    const result = await service.push(targetId, SECRET);
    expect(result.outcome, result.message).toBe('ok');
    expect(result.message).toContain(`at ${join(standIns.bin, cliCase.program)}`);
    const pushes = standIns.invocations(cliCase.program).filter((call) => call.stdin.length > 0);
    const last = pushes.at(-1)!;
    expect(indexOfSequence(last.argv, cliCase.pushArgs), last.argv.join(' ')).toBeGreaterThanOrEqual(0);
    expect(cliCase.secretIn(last.stdin)).toBe(SECRET);
    expect(last.inputFile).toBe(cliCase.opensByPath ?? null);
    for (const call of standIns.invocations(cliCase.program)) {
      expect(call.argv.join(' ')).not.toContain(CREDENTIAL);
      expect(JSON.stringify(call.env)).not.toContain(CREDENTIAL);
      expect(call.env.GH_TOKEN).toBeUndefined();
      expect(call.env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
      expect(call.env.SHELL_ONLY_VARIABLE).toBeUndefined();
      expect(call.env.PATH).toBe(`${standIns.bin}:/usr/bin:/bin`);
    }
    const [record] = service.history(OWNER, 1);
    expect(record).toMatchObject({
      targetId,
      outcome: 'ok',
      cli: { program: cliCase.program, version: result.cli?.version },
    });
  });

  it('says how to sign in when the CLI is signed out', async () => {
    standIns.scenario(cliCase.program, 'signed_out');
    const check = await service.checkSignIn(targetId);
    expect(check.state).toBe('signed_out');
    const result = await service.push(targetId, SECRET);
    expect(result.outcome).toBe('signed_out');
    expect(result.exitCode).toBe(cliCase.signedOut.exitCode);
    expect(result.message).toMatch(cliCase.signedOut.says);
  });

  it('shows the CLI failure in its own words, with the secret redacted', async () => {
    standIns.scenario(cliCase.program, 'failure');
    const result = await service.push(targetId, SECRET);
    expect(result.outcome).toBe('cli_failed');
    expect(result.exitCode).toBe(cliCase.failure.exitCode);
    expect(result.message).toMatch(cliCase.failure.says);
    expect(result.message).toContain('[redacted]');
    expect(result.message).not.toContain(CREDENTIAL);
  });

  it('reports signed in from the CLI’s own status command', async () => {
    standIns.scenario(cliCase.program, 'success');
    expect((await service.checkSignIn(targetId)).state).toBe('signed_in');
  });

  it('copies a command that does the same by hand, without the secret', () => {
    const copy = service.copyCommand(targetId);
    expect(copy.command.startsWith(cliCase.program === 'kubectl' ? 'kubectl create' : cliCase.program)).toBe(true);
    expect(copy.command).not.toContain(CREDENTIAL);
  });
});

describe('a CLI that never answers', () => {
  it('is stopped at the timeout, and a push can be cancelled', async () => {
    const impatient = newService(`${standIns.bin}:/usr/bin:/bin`, { pushMs: 800, checkMs: 5_000 });
    const target = impatient.add({ owner: OWNER, kind: 'github', label: 'hang', config: CLI_CASES[0]!.config });
    standIns.scenario('gh', 'hang');
    const timedOut = await impatient.push(target.id, SECRET);
    expect(timedOut.outcome).toBe('timeout');
    expect(timedOut.message).toMatch(/didn't finish within 1 s.*may or may not have stored/);

    const cancel = new AbortController();
    const pushing = service.push(target.id, SECRET, { signal: cancel.signal });
    setTimeout(() => cancel.abort(), 300);
    expect((await pushing).outcome).toBe('cancelled');
  });
});

describe('a CLI that is not installed', () => {
  it('says so with the install hint, and runs nothing', async () => {
    const bare = newService(dataDir);
    const target = bare.add({ owner: OWNER, kind: 'doppler', label: 'no cli', config: CLI_CASES[2]!.config });
    expect(await bare.detect('doppler')).toMatchObject({
      found: false,
      installHint: expect.stringContaining('doppler login'),
    });
    const result = await bare.push(target.id, SECRET);
    expect(result).toMatchObject({ outcome: 'cli_missing', exitCode: null, cli: null });
    expect(result.message).toMatch(/doppler isn't installed/);
  });
});

describe('names checked before anything runs', () => {
  it('refuses a GitHub secret name starting with GITHUB_ and a stored Azure name that is no longer valid', async () => {
    expect(() =>
      service.add({
        owner: OWNER,
        kind: 'github',
        label: 'bad',
        config: { ...CLI_CASES[0]!.config, secretName: 'GITHUB_TOKEN' },
      }),
    ).toThrow(/must not start with GITHUB_/);
    new SecretTargetRepository(db).add({
      id: 'stale',
      owner: OWNER,
      kind: 'azure',
      label: 'stale',
      config: { vaultName: 'kv-payments-prod', secretName: 'has_underscore' } as never,
      createdAt: 'x',
      updatedAt: 'x',
    });
    standIns.reset('az');
    const result = await service.push('stale', SECRET);
    expect(result.outcome).toBe('invalid_name');
    expect(standIns.invocations('az')).toEqual([]);
  });
});

describe('where the secret went', () => {
  it('is nowhere but the CLIs’ stdin: not the database or its WAL, the harness events or the app output', () => {
    const files = readdirSync(dataDir).filter((file) => file.startsWith('keywarden.db'));
    expect(files).toContain('keywarden.db-wal');
    for (const file of files) expect(readFileSync(join(dataDir, file)).includes(CREDENTIAL)).toBe(false);
    const events = JSON.stringify(recorder.events);
    expect(recorder.events.some((event) => event.kind === 'exec')).toBe(true);
    expect(events).not.toContain(CREDENTIAL);
    expect(events).not.toContain('the-old-value');
    expect(JSON.stringify(service.history(OWNER))).not.toContain(CREDENTIAL);
    expect(appOutput.join('\n')).not.toContain(CREDENTIAL);
    expect(standIns.everything().some((call) => call.stdin.includes(CREDENTIAL))).toBe(true);
  });
});

function indexOfSequence(haystack: string[], needle: string[]): number {
  let from = 0;
  for (const item of needle) {
    const found = haystack.indexOf(item, from);
    if (found < 0) return -1;
    from = found + 1;
  }
  return 0;
}
