/**
 * A core as the app builds it: real SQLite, the real OS keychain under a throwaway service name,
 * the real embedded service, a ManualClock, and recording fakes for the OS surfaces a test can't
 * look at (clipboard, tray, notifications, programs, sleep and network changes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { ManualClock } from '../../../src/shared/clock.ts';
import { createDispatch, createCore, openSecretStore, type Core } from '../../../src/main/core/index.ts';
import type {
  ClipboardPort,
  ExecPort,
  LoginItemPort,
  Notification,
  SaveFilePort,
  SecretStore,
  TrayPort,
} from '../../../src/main/core/ports.ts';
import { RecordingSystemEvents } from '../../../src/harness/recording-ports.ts';
import type { TrayMenu } from '../../../src/shared/reminders.ts';
import type { IpcChannel, IpcInput, IpcOutput, IpcResult } from '../../../src/shared/ipc/index.ts';

export class RecordingClipboard implements ClipboardPort {
  text = '';
  readonly writes: string[] = [];
  clears = 0;
  writeSecret(text: string): void {
    this.text = text;
    this.writes.push(text);
  }
  /** What the user does when they copy something else in another app. */
  userCopies(text: string): void {
    this.text = text;
  }
  readText(): string {
    return this.text;
  }
  clear(): void {
    this.text = '';
    this.clears++;
  }
}

export class RecordingTray implements TrayPort {
  readonly calls: Array<{ count: number; tooltip: string }> = [];
  readonly menus: TrayMenu[] = [];
  setAttention(count: number, tooltip: string): void {
    this.calls.push({ count, tooltip });
  }
  setMenu(menu: TrayMenu): void {
    this.menus.push(menu);
  }
  get last() {
    return this.calls.at(-1);
  }
  get menu() {
    return this.menus.at(-1);
  }
}

export interface CoreFixture {
  core: Core;
  clock: ManualClock;
  clipboard: RecordingClipboard;
  tray: RecordingTray;
  /** Acts out the computer waking from sleep or coming back online. */
  system: RecordingSystemEvents;
  notifications: Notification[];
  events: Array<{ event: string; payload: unknown }>;
  dataDir: string;
  service: string;
  /** Calls a channel through the dispatcher, like the renderer does, and returns the result value. */
  call<C extends IpcChannel>(channel: C, input?: IpcInput<C>): Promise<IpcOutput<C>>;
  /** Same, but returns the IpcResult so a test can look at a failure's code and sentence. */
  attempt<C extends IpcChannel>(channel: C, input?: IpcInput<C>): Promise<IpcResult<IpcOutput<C>>>;
  close(): Promise<void>;
}

export function testServiceName(): string {
  return `Keywarden-test-${crypto.randomUUID().slice(0, 8)}`;
}

export async function startCoreFixture(
  options: {
    service?: string;
    dataDir?: string;
    clock?: ManualClock;
    fetch?: typeof fetch;
    /** Runs programs for secret-manager pushes; by default no program is ever found. */
    exec?: ExecPort;
    /** Wraps the real keychain, to act out a locked one. */
    wrapSecrets?: (store: SecretStore) => SecretStore;
    /** Where exports are saved; by default the host can't save files. */
    saveFile?: SaveFilePort;
    /** Start at login; by default this host cannot start the app at login. */
    loginItem?: LoginItemPort;
  } = {},
): Promise<CoreFixture> {
  const service = options.service ?? testServiceName();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'keywarden-core-'));
  const clock = options.clock ?? new ManualClock(new Date());
  const clipboard = new RecordingClipboard();
  const tray = new RecordingTray();
  const system = new RecordingSystemEvents();
  const notifications: Notification[] = [];
  const keychain = await openSecretStore(service);
  if (!keychain.available) throw new Error(`These tests need the OS keychain: ${keychain.message}`);
  const core = await createCore(
    {
      dataDir,
      clock,
      secrets: options.wrapSecrets ? options.wrapSecrets(keychain.store) : keychain.store,
      keychainBackend: keychain.backend,
      notifier: { show: (notification) => notifications.push(notification) },
      clipboard,
      tray,
      system,
      exec: options.exec ?? { locate: async () => null, run: async () => ({ status: 'not_found' }) },
      ...(options.saveFile ? { saveFile: options.saveFile } : {}),
      ...(options.loginItem ? { loginItem: options.loginItem } : {}),
      fetch: options.fetch ?? globalThis.fetch,
      appVersion: '0.0.0-test',
      platform: process.platform,
    },
    {
      keychain: { available: keychain.available, message: keychain.message },
      onBackgroundError: (error) => console.error(error),
    },
  );
  const events: Array<{ event: string; payload: unknown }> = [];
  core.onEvent((event, payload) => events.push({ event, payload }));
  const dispatch = createDispatch(core.handlers, {
    onInternalError: (channel, error) => console.error(channel, error),
  });
  const attempt = (channel: IpcChannel, input?: unknown) => dispatch(channel, input);
  return {
    core,
    clock,
    clipboard,
    tray,
    system,
    notifications,
    events,
    dataDir,
    service,
    attempt: attempt as CoreFixture['attempt'],
    call: (async (channel: IpcChannel, input?: unknown) => {
      const result = await attempt(channel, input);
      if (!result.ok) throw new Error(`${channel} failed with ${result.code}: ${result.message}`);
      return result.value;
    }) as CoreFixture['call'],
    close: () => core.dispose(),
  };
}

/** Every account the test's keychain service holds. */
export async function keychainAccounts(service: string): Promise<string[]> {
  return (await keytar.findCredentials(service)).map((credential) => credential.account);
}

/** Deletes every entry the test wrote, and the temp folders. */
export async function cleanUp(service: string, folders: string[]): Promise<void> {
  for (const account of await keychainAccounts(service)) await keytar.deletePassword(service, account);
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}

export { keytar };
