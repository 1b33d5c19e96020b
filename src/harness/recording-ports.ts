/**
 * OS surfaces that only Electron has, recorded instead of performed, so tests (and anyone
 * driving the harness) can see exactly what a user would have seen: notifications shown,
 * clipboard writes and clears, tray badge changes, external programs run.
 */
import type { Clock } from '../shared/clock.ts';
import type { ClipboardPort, ExecPort, NotifierPort, TrayPort } from '../main/core/ports.ts';

export type RecordedEventKind = 'notification' | 'clipboard' | 'tray' | 'exec';

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
  tray: TrayPort;
  exec: ExecPort;
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
    tray: { setAttention: (count, tooltip) => recorder.record('tray', { count, tooltip }) },
    exec: {
      async run(command, args, options) {
        // Never run a program from the harness: record what would have run, and succeed.
        recorder.record('exec', {
          command,
          args,
          env: Object.keys(options?.env ?? {}),
          stdinBytes: options?.stdin?.length ?? 0,
        });
        return { exitCode: 0, stdout: '', stderr: '' };
      },
    },
  };
}
