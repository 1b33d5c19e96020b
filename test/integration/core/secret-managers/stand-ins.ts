/**
 * Stand-in executables for the secret managers' CLIs: small Node scripts, put first on PATH,
 * that record what they were given (arguments, stdin, environment) and answer the way the real
 * CLI does in the scenario the test picked (success, signed out, failure, hanging). Like the real
 * AWS and Azure CLIs, a stand-in reads its input from the file its arguments name (file:///dev/stdin,
 * --file /dev/stdin) when there is one, so the test proves that path really carries the secret.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StandInReply {
  exitCode: number;
  stdout?: string;
  stderr?: string;
  /** Adds the input it received to stderr, as a CLI's debug line might: the app must redact it. */
  echoInput?: boolean;
  /** Never answers: for timeouts and cancellation. */
  hang?: boolean;
}

/** The first rule whose `when` (a regular expression over the joined arguments) matches answers. */
export interface StandInRule {
  when: string;
  reply: StandInReply;
}

export type StandInScenarios = Record<string, StandInRule[]>;

export interface Invocation {
  argv: string[];
  stdin: string;
  inputFile: string | null;
  env: Record<string, string>;
}

const SCRIPT = `
const fs = require('node:fs');
const [logFile, scenarioFile, scenarios] = __CONFIG__;
const argv = process.argv.slice(2);
const fileUrl = argv.find((arg) => arg.startsWith('file://'));
const fileFlag = argv.indexOf('--file');
const inputFile = fileUrl ? fileUrl.slice('file://'.length) : fileFlag >= 0 ? argv[fileFlag + 1] : null;
let stdin = '';
try { stdin = fs.readFileSync(inputFile ?? 0, 'utf8'); } catch {}
fs.appendFileSync(logFile, JSON.stringify({ argv, stdin, inputFile, env: process.env }) + '\\n');
let scenario = 'success';
try { scenario = fs.readFileSync(scenarioFile, 'utf8').trim(); } catch {}
const joined = argv.join(' ');
const rule = (scenarios[scenario] ?? []).find((candidate) => new RegExp(candidate.when).test(joined));
const reply = rule ? rule.reply : { exitCode: 127, stderr: 'stand-in: no rule for ' + scenario + ': ' + joined };
if (reply.hang) setInterval(() => {}, 1000);
else {
  if (reply.stdout) process.stdout.write(reply.stdout);
  if (reply.stderr) process.stderr.write(reply.stderr);
  if (reply.echoInput) process.stderr.write('\\ndebug: received ' + stdin + '\\n');
  process.exitCode = reply.exitCode;
}
`;

export class StandIns {
  /** Put this folder first on PATH. */
  readonly bin: string;
  readonly #root: string;

  constructor() {
    this.#root = mkdtempSync(join(tmpdir(), 'keywarden-stand-ins-'));
    this.bin = join(this.#root, 'bin');
    mkdirSync(this.bin);
    mkdirSync(join(this.#root, 'state'));
  }

  install(program: string, scenarios: StandInScenarios): void {
    const config = JSON.stringify([this.#log(program), this.#scenarioFile(program), scenarios]);
    const file = join(this.bin, program);
    // The absolute Node path: the CLI's PATH is the test's, which may not hold this Node.
    writeFileSync(file, `#!${process.execPath}\n${SCRIPT.replace('__CONFIG__', config)}`);
    chmodSync(file, 0o755);
  }

  scenario(program: string, name: string): void {
    writeFileSync(this.#scenarioFile(program), name);
  }

  invocations(program: string): Invocation[] {
    let text: string;
    try {
      text = readFileSync(this.#log(program), 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Invocation);
  }

  /** Forgets what was recorded (the scenario stays). */
  reset(program: string): void {
    writeFileSync(this.#log(program), '');
  }

  /** Everything every stand-in recorded, for "the secret went nowhere else" checks. */
  everything(): Invocation[] {
    return ['gh', 'op', 'doppler', 'aws', 'vault', 'bao', 'az', 'gcloud', 'kubectl'].flatMap((program) =>
      this.invocations(program),
    );
  }

  remove(): void {
    rmSync(this.#root, { recursive: true, force: true });
  }

  #log(program: string): string {
    return join(this.#root, 'state', `${program}.log`);
  }

  #scenarioFile(program: string): string {
    return join(this.#root, 'state', `${program}.scenario`);
  }
}
