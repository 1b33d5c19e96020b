/**
 * The tray's menu as plain data: what each line says and what a click on it does. The Electron
 * shell turns it into a native menu (src/main/tray.ts); the browser harness records it and acts
 * out clicks on it. Both run a click through `runTrayCommand`, so they cannot disagree.
 */
import {
  formatReminderDate,
  type NotificationTarget,
  type ReminderTarget,
  type TrayMenu,
} from '../../../shared/reminders.ts';

/** What a click on a tray item does. */
export type TrayCommand =
  | { kind: 'open' }
  | { kind: 'openKey'; target: ReminderTarget }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'quit' };

/** Shaped like Electron's MenuItemConstructorOptions, with a command where Electron has a click function. */
export type TrayMenuEntry =
  { type: 'separator' } | { type: 'normal'; label: string; enabled: boolean; command: TrayCommand | null };

export interface TrayMenuOptions {
  /**
   * Windows and Linux read "&" in a label as the mark of a keyboard shortcut: a key named
   * "R&D" would show as "RD". Doubled, it shows as itself. macOS shows labels as they are.
   */
  escapeAmpersands: boolean;
  /** The zone the pause's end is shown in (default: this machine's). */
  timeZone?: string;
}

/** Open, the most urgent keys (each opens that key), pause or resume reminders, quit. */
export function trayMenuTemplate(menu: TrayMenu, options: TrayMenuOptions): TrayMenuEntry[] {
  const label = (text: string) => (options.escapeAmpersands ? text.replaceAll('&', '&&') : text);
  const item = (text: string, command: TrayCommand | null): TrayMenuEntry => ({
    type: 'normal',
    label: label(text),
    enabled: command !== null,
    command,
  });
  const entries: TrayMenuEntry[] = [item('Open Keywarden', { kind: 'open' })];
  if (menu.urgentKeys.length > 0) {
    entries.push({ type: 'separator' });
    for (const key of menu.urgentKeys) {
      entries.push(
        item(key.label, {
          kind: 'openKey',
          target: { workspaceId: key.workspaceId, keyId: key.keyId, action: 'rotate' },
        }),
      );
    }
  }
  entries.push({ type: 'separator' });
  if (!menu.remindersEnabled) entries.push(item('Reminders are off (Settings)', null));
  else if (menu.pausedUntil !== null) {
    entries.push(
      item(`Resume reminders (paused until ${pauseEnd(menu.pausedUntil, options.timeZone)})`, { kind: 'resume' }),
    );
  } else entries.push(item('Pause reminders for a day', { kind: 'pause' }));
  entries.push({ type: 'separator' }, item('Quit Keywarden', { kind: 'quit' }));
  return entries;
}

/** What a tray click needs from its host: the window, the reminders, and a way to really quit. */
export interface TrayHost {
  showWindow(): void;
  /** Shows the window on what a reminder points at: a key with the rotation wizard ready, or the dashboard. */
  openReminder(target: NotificationTarget): void;
  reminders: { pauseForADay(): unknown; resume(): unknown };
  quit(): void;
}

export function runTrayCommand(command: TrayCommand, host: TrayHost): void {
  switch (command.kind) {
    case 'open':
      return host.showWindow();
    case 'openKey':
      return host.openReminder(command.target);
    case 'pause':
      return void host.reminders.pauseForADay();
    case 'resume':
      return void host.reminders.resume();
    case 'quit':
      return host.quit();
  }
}

/** "24 Dec 2026, 14:05": a pause lasts a day, so the time matters as much as the date. */
function pauseEnd(at: string, timeZone: string | undefined): string {
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(at));
  return `${formatReminderDate(at, timeZone)}, ${time}`;
}
