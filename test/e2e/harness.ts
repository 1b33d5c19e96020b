/**
 * Starts the browser harness the way any outside script would (`node src/harness/cli.ts`), reads
 * its one printed line, and cleans up its keychain entries afterwards. `restart` acts out quitting
 * the app and starting it again on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import keytar from 'keytar';

export interface RecordedEvent {
  kind: 'notification' | 'clipboard' | 'tray' | 'tray-menu' | 'system' | 'login-item' | 'exec' | 'save-file';
  at: string;
  data: Record<string, unknown>;
}

export interface HarnessProcessOptions {
  /** The built renderer to serve; the harness's own default is out/renderer, the shared build. */
  rendererDir?: string;
}

export class HarnessProcess {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly #child: ChildProcess;
  readonly #dataDir: string;
  readonly #keychainService: string;
  readonly #options: HarnessProcessOptions;

  private constructor(
    url: string,
    child: ChildProcess,
    dataDir: string,
    keychainService: string,
    options: HarnessProcessOptions,
  ) {
    this.url = url;
    this.origin = new URL(url).origin;
    this.token = new URL(url).searchParams.get('token') ?? '';
    this.#child = child;
    this.#dataDir = dataDir;
    this.#keychainService = keychainService;
    this.#options = options;
  }

  static async start(options: HarnessProcessOptions = {}): Promise<HarnessProcess> {
    const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-e2e-'));
    const keychainService = `Keywarden-e2e-${Math.random().toString(36).slice(2, 10)}`;
    return HarnessProcess.#launch(dataDir, keychainService, options);
  }

  static async #launch(
    dataDir: string,
    keychainService: string,
    options: HarnessProcessOptions,
  ): Promise<HarnessProcess> {
    const root = resolve(import.meta.dirname, '../..');
    const args = ['--port', '0', '--data', dataDir, '--keychain-service', keychainService];
    if (options.rendererDir) args.push('--renderer', options.rendererDir);
    const child = spawn(process.execPath, [join(root, 'src/harness/cli.ts'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolveLine, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', resolveLine);
      child.once('exit', (code) => reject(new Error(`The harness exited with code ${code} before printing its URL.`)));
    });
    const match = /^Keywarden browser harness: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(line);
    if (!match) throw new Error(`Unexpected harness output: ${line}`);
    return new HarnessProcess(match[1]!, child, dataDir, keychainService, options);
  }

  /** False once the harness process has exited (a crash, or stop()). */
  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(this.origin + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async advanceDays(days: number): Promise<string> {
    return (await this.request<{ now: string }>('POST', '/__harness/clock', { advanceDays: days })).body.now;
  }

  async advanceSeconds(seconds: number): Promise<string> {
    return (await this.request<{ now: string }>('POST', '/__harness/clock', { advanceSeconds: seconds })).body.now;
  }

  async events(kind?: RecordedEvent['kind']): Promise<RecordedEvent[]> {
    const events = (await this.request<RecordedEvent[]>('GET', '/__harness/events')).body;
    return kind ? events.filter((event) => event.kind === kind) : events;
  }

  /** Clicks the n-th recorded notification (from 0), as a user would in the OS. */
  async clickNotification(index: number): Promise<{ status: number; body: unknown }> {
    return this.request('POST', `/__harness/notifications/${index}/click`);
  }

  /** Clicks the tray menu's line with this label. */
  async clickTray(label: string): Promise<{ status: number; body: unknown }> {
    return this.request('POST', '/__harness/tray/click', { label });
  }

  /** The computer wakes from sleep ('resume') or its network comes back ('online'). */
  async wake(reason: 'resume' | 'online' = 'resume'): Promise<{ status: number; body: unknown }> {
    return this.request('POST', '/__harness/system/wake', { reason });
  }

  /**
   * Quits this harness and starts another on the same data folder and keychain, as a restart of
   * the app: use the one returned (and stop that one). Its clock starts again at the real time.
   */
  async restart(): Promise<HarnessProcess> {
    await this.#exit();
    return HarnessProcess.#launch(this.#dataDir, this.#keychainService, this.#options);
  }

  async stop(): Promise<void> {
    await this.#exit();
    await removeKeychainEntries(this.#keychainService);
    rmSync(this.#dataDir, { recursive: true, force: true });
  }

  async #exit(): Promise<void> {
    if (!this.running) return;
    // A harness that already exited (a crash under test) would never emit 'exit' again.
    const exited = new Promise((resolveExit) => this.#child.once('exit', resolveExit));
    this.#child.kill('SIGTERM');
    await exited;
  }
}

/** Deletes what a run wrote to the keychain; with no keychain reachable there is nothing to delete. */
async function removeKeychainEntries(service: string): Promise<void> {
  let credentials: Array<{ account: string }>;
  try {
    credentials = await keytar.findCredentials(service);
  } catch {
    return;
  }
  for (const { account } of credentials) await keytar.deletePassword(service, account);
}
