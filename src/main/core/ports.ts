/**
 * The ports the core needs from its host. Electron supplies real ones (src/main); tests and the
 * browser harness supply their own (recording ports). The core never imports `electron`.
 */
import type { Clock } from '../../shared/clock.ts';
import type { NotificationTarget, TrayMenu } from '../../shared/reminders.ts';

/** The OS keychain, behind one small interface (keytar in production). */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Returns whether an entry was removed. */
  delete(account: string): Promise<boolean>;
  list(): Promise<string[]>;
}

export interface Notification {
  title: string;
  body: string;
  /** Groups notifications so a later one replaces an earlier one with the same tag. */
  tag?: string;
  /** What a click opens: a key with the rotation wizard, or the dashboard for a summary. */
  target?: NotificationTarget;
}

export interface NotifierPort {
  show(notification: Notification): void;
}

export interface ClipboardPort {
  /** Writes a secret; marked as concealed so clipboard managers skip it where the OS allows. */
  writeSecret(text: string): void;
  /** Async in Electron 45's clipboard API; recording clipboards answer synchronously. */
  readText(): string | Promise<string>;
  clear(): void;
}

export interface TrayPort {
  /** Badge with the number of keys that need attention (expiring soon), and a tooltip. */
  setAttention(count: number, tooltip: string): void;
  /** The menu's variable part: the most urgent keys and whether reminders are paused (plain data). */
  setMenu(menu: TrayMenu): void;
}

/** Moments when the world may have moved on while the app wasn't looking: keys are synced at once. */
export interface SystemEventsPort {
  /** Calls back when the computer wakes from sleep or its network comes back; returns a stop function. */
  onWake(listener: (reason: 'resume' | 'online') => void): () => void;
}

/** What the OS says about starting the app at login. */
export interface LoginItemState {
  openAtLogin: boolean;
  /** What the user must still do, or why it is off though asked for; null when nothing. */
  note: string | null;
}

/**
 * Starting the app when the user logs in: Electron's login-item settings on macOS and Windows, an
 * XDG autostart entry on Linux (login-item/xdg-autostart.ts). The OS keeps the state, not the vault.
 */
export interface LoginItemPort {
  get(): Promise<LoginItemState>;
  set(openAtLogin: boolean): Promise<LoginItemState>;
}

/** What to run: a program, its arguments, and everything it gets from us. */
export interface ExecRequest {
  /** An absolute path (see `ExecPort.locate`), so the program that was checked is the one that runs. */
  command: string;
  /** Each argument reaches the program as it is: there is no shell to split or expand it. */
  args: readonly string[];
  /** The program's whole environment: nothing is inherited, so no secret can ride along. */
  env: Readonly<Record<string, string>>;
  /** Written to the program's standard input, then closed; empty when absent. */
  stdin?: string;
  /**
   * The program opens /dev/stdin by name (AWS and Azure CLIs) instead of reading its stdin: on
   * Linux that needs a file descriptor rather than Node's socket (see exec/stdin-file.ts).
   */
  stdinOpenedByPath?: boolean;
  /** The program (and what it started) is stopped after this long. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Bytes kept of each of stdout and stderr; the rest is dropped (default 64 KiB). */
  outputLimitBytes?: number;
}

export interface ExecOutput {
  stdout: string;
  stderr: string;
  /** Whether either stream went past the output limit. */
  truncated: boolean;
}

export type ExecResult =
  | ({ status: 'exited'; exitCode: number | null; signal: string | null } & ExecOutput)
  | ({ status: 'timed_out' } & ExecOutput)
  | ({ status: 'cancelled' } & ExecOutput)
  | { status: 'not_found' }
  | { status: 'spawn_failed'; message: string };

export const DEFAULT_OUTPUT_LIMIT_BYTES = 64 * 1024;

/** Runs external programs (the secret managers' CLIs), never through a shell. */
export interface ExecPort {
  /** The absolute path of the executable `program` names on `searchPath` (PATH syntax), or null. */
  locate(program: string, searchPath: string): Promise<string | null>;
  run(request: ExecRequest): Promise<ExecResult>;
}

/** A file the user saves: what the save dialog suggests, and the text written, chunk by chunk. */
export interface SaveFileRequest {
  /** The dialog's title, e.g. "Export the audit log". */
  title: string;
  suggestedName: string;
  /** The file type the dialog offers, e.g. { name: 'CSV', extensions: ['csv'] }. */
  fileType: { name: string; extensions: string[] };
  /** Produced only once the user chose where: nothing is read for a cancelled dialog. */
  chunks: () => AsyncIterable<string>;
}

/**
 * Saving a file where the user chooses: the OS save dialog in Electron, a download (recorded) in
 * the browser harness. Answers null when the user cancelled.
 */
export interface SaveFilePort {
  save(request: SaveFileRequest): Promise<{ path: string } | null>;
}

export interface CorePorts {
  /** The app's data folder (SQLite database, embedded workspace). */
  dataDir: string;
  clock: Clock;
  secrets: SecretStore;
  /** What the keychain is, and whether it works, for the UI's warning. */
  keychainBackend: string;
  notifier: NotifierPort;
  clipboard: ClipboardPort;
  tray: TrayPort;
  /** A host that can't tell (a test without it) leaves it out; syncs then follow the timer alone. */
  system?: SystemEventsPort;
  exec: ExecPort;
  /** A host that can't start the app at login (most tests, an OS with no login items) leaves it out. */
  loginItem?: LoginItemPort;
  /** A host without one (a test that exports nothing) leaves it out; exporting then says it can't. */
  saveFile?: SaveFilePort;
  fetch: typeof fetch;
  appVersion: string;
  platform: string;
}
