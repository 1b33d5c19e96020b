/**
 * The ports the core needs from its host. Electron supplies real ones (src/main); tests and the
 * browser harness supply their own (recording ports). The core never imports `electron`.
 */
import type { Clock } from '../../shared/clock.ts';

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
}

/** Runs an external program (secret-manager CLIs, a later issue). */
export interface ExecPort {
  run(
    command: string,
    args: string[],
    options?: { stdin?: string; env?: Record<string, string> },
  ): Promise<{
    exitCode: number;
    stdout: string;
    stderr: string;
  }>;
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
  exec: ExecPort;
  fetch: typeof fetch;
  appVersion: string;
  platform: string;
}
