/**
 * OS surfaces that only Electron has, recorded instead of performed, so tests (and anyone
 * driving the harness) can see exactly what a user would have seen: notifications shown,
 * clipboard writes and clears, tray badge and menu changes (the menu also as the lines a user
 * reads), wake-ups from sleep (acted out with `RecordingSystemEvents.wake`), start at login
 * turned on or off (kept in memory: the harness never registers anything with the OS). External
 * programs really run (the one found on PATH, so a test can put a stand-in first) and are
 * recorded too: which program, its arguments, the names of the variables it got, and how it
 * ended; never its input, where the secret goes.
 */
import type { Clock } from '../shared/clock.ts';
import type { TrayMenu } from '../shared/reminders.ts';
import { nodeExec } from '../main/core/exec/node-exec.ts';
import type {
  ClipboardPort,
  ExecPort,
  ExecResult,
  LoginItemPort,
  NotifierPort,
  SystemEventsPort,
  TrayPort,
} from '../main/core/ports.ts';
import { trayMenuTemplate, type TrayMenuEntry } from '../main/core/reminders/tray-menu-template.ts';

export type RecordedEventKind =
  'notification' | 'clipboard' | 'tray' | 'tray-menu' | 'system' | 'login-item' | 'exec' | 'save-file';

export interface RecordedEvent {
  kind: RecordedEventKind;
  at: string;
  data: Record<string, unknown>;
}

export class EventRecorder {
  readonly events: RecordedEvent[] = [];
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  record(kind: RecordedEventKind, data: Record<string, unknown>): void {
    this.events.push({ kind, at: this.#clock.now().toISOString(), data });
  }
}

export interface RecordingPorts {
  notifier: NotifierPort;
  clipboard: ClipboardPort;
  tray: RecordingTray;
  system: RecordingSystemEvents;
  loginItem: LoginItemPort;
  exec: ExecPort;
}

/** The tray as Linux or Windows would draw it; `entries` is the menu shown now, for acting out clicks. */
export class RecordingTray implements TrayPort {
  #entries: TrayMenuEntry[] = [];
  readonly #recorder: EventRecorder;

  constructor(recorder: EventRecorder) {
    this.#recorder = recorder;
  }

  get entries(): readonly TrayMenuEntry[] {
    return this.#entries;
  }

  setAttention(count: number, tooltip: string): void {
    this.#recorder.record('tray', { count, tooltip });
  }

  setMenu(menu: TrayMenu): void {
    this.#entries = trayMenuTemplate(menu, { escapeAmpersands: false });
    const items = this.#entries.map((entry) => (entry.type === 'separator' ? '-' : entry.label));
    this.#recorder.record('tray-menu', { ...menu, items });
  }
}

/** Sleep and network changes that a test or the harness acts out with `wake`. */
export class RecordingSystemEvents implements SystemEventsPort {
  readonly #listeners = new Set<(reason: 'resume' | 'online') => void>();
  readonly #recorder: EventRecorder | null;

  constructor(recorder: EventRecorder | null = null) {
    this.#recorder = recorder;
  }

  onWake(listener: (reason: 'resume' | 'online') => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The computer woke from sleep ('resume') or its network came back ('online'). */
  wake(reason: 'resume' | 'online'): void {
    this.#recorder?.record('system', { event: reason });
    for (const listener of this.#listeners) listener(reason);
  }
}

export function createRecordingPorts(recorder: EventRecorder): RecordingPorts {
  // The harness's clipboard is a real in-memory clipboard: reads return what was last written.
  let clipboardText = '';
  return {
    notifier: { show: (notification) => recorder.record('notification', { ...notification }) },
    clipboard: {
      writeSecret(text) {
        clipboardText = text;
        recorder.record('clipboard', { action: 'write', text, concealed: true });
      },
      readText: () => clipboardText,
      clear() {
        clipboardText = '';
        recorder.record('clipboard', { action: 'clear', text: '' });
      },
    },
    tray: new RecordingTray(recorder),
    system: new RecordingSystemEvents(recorder),
    loginItem: recordingLoginItem(recorder),
    exec: recordingExec(recorder, nodeExec),
  };
}

function recordingLoginItem(recorder: EventRecorder): LoginItemPort {
  let openAtLogin = false;
  return {
    get: async () => ({ openAtLogin, note: null }),
    async set(enabled) {
      openAtLogin = enabled;
      recorder.record('login-item', { openAtLogin });
      return { openAtLogin, note: null };
    },
  };
}

/** Runs programs through `exec` and records each run; the request's stdin is never looked at. */
export function recordingExec(recorder: EventRecorder, exec: ExecPort): ExecPort {
  return {
    locate: (program, searchPath) => exec.locate(program, searchPath),
    async run(request) {
      const result = await exec.run(request);
      recorder.record('exec', {
        command: request.command,
        args: [...request.args],
        env: Object.keys(request.env).sort(),
        ...howItEnded(result),
      });
      return result;
    },
  };
}

function howItEnded(result: ExecResult): Record<string, unknown> {
  if (result.status === 'exited') return { status: result.status, exitCode: result.exitCode, signal: result.signal };
  return { status: result.status, exitCode: null };
}
