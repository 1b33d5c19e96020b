/**
 * The tray's menu as a user reads it and what each line does: open, the most urgent keys (each
 * opening that key with the rotation wizard), pause for a day or resume, quit.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  runTrayCommand,
  trayMenuTemplate,
  type TrayHost,
  type TrayMenuEntry,
} from '../../../src/main/core/reminders/tray-menu-template.ts';
import type { TrayMenu } from '../../../src/shared/reminders.ts';

const urgent: TrayMenu['urgentKeys'] = [
  {
    workspaceId: 'ws_1',
    keyId: 'key_1',
    label: 'Billing API (Acme): expires on 3 Jan 2027',
    due: '2027-01-03T10:00:00.000Z',
  },
  {
    workspaceId: 'ws_2',
    keyId: 'key_2',
    label: 'R&D sandbox (Labs): expires on 9 Jan 2027',
    due: '2027-01-09T10:00:00.000Z',
  },
];
const menu = (patch: Partial<TrayMenu> = {}): TrayMenu => ({
  urgentKeys: urgent,
  remindersEnabled: true,
  pausedUntil: null,
  ...patch,
});
const lines = (entries: TrayMenuEntry[]) => entries.map((entry) => (entry.type === 'separator' ? '-' : entry.label));

describe('trayMenuTemplate', () => {
  it('lists open, the urgent keys, pause for a day and quit, in that order', () => {
    expect(lines(trayMenuTemplate(menu(), { escapeAmpersands: false }))).toEqual([
      'Open Keywarden',
      '-',
      'Billing API (Acme): expires on 3 Jan 2027',
      'R&D sandbox (Labs): expires on 9 Jan 2027',
      '-',
      'Pause reminders for a day',
      '-',
      'Quit Keywarden',
    ]);
  });

  it('opens each urgent key with the rotation wizard', () => {
    const entries = trayMenuTemplate(menu(), { escapeAmpersands: false });
    const commands = entries.flatMap((entry) => (entry.type === 'normal' ? [entry.command] : []));
    expect(commands).toEqual([
      { kind: 'open' },
      { kind: 'openKey', target: { workspaceId: 'ws_1', keyId: 'key_1', action: 'rotate' } },
      { kind: 'openKey', target: { workspaceId: 'ws_2', keyId: 'key_2', action: 'rotate' } },
      { kind: 'pause' },
      { kind: 'quit' },
    ]);
  });

  it('has no empty group when nothing needs attention', () => {
    expect(lines(trayMenuTemplate(menu({ urgentKeys: [] }), { escapeAmpersands: false }))).toEqual([
      'Open Keywarden',
      '-',
      'Pause reminders for a day',
      '-',
      'Quit Keywarden',
    ]);
  });

  it('offers to resume a pause, saying until when', () => {
    const entries = trayMenuTemplate(menu({ pausedUntil: '2026-12-24T13:05:00.000Z' }), {
      escapeAmpersands: false,
      timeZone: 'Europe/Paris',
    });
    expect(entries).toContainEqual({
      type: 'normal',
      label: 'Resume reminders (paused until 24 Dec 2026, 14:05)',
      enabled: true,
      command: { kind: 'resume' },
    });
    expect(lines(entries)).not.toContain('Pause reminders for a day');
  });

  it('says reminders are off instead of offering a pause', () => {
    const entries = trayMenuTemplate(menu({ remindersEnabled: false }), { escapeAmpersands: false });
    expect(entries).toContainEqual({
      type: 'normal',
      label: 'Reminders are off (Settings)',
      enabled: false,
      command: null,
    });
    expect(lines(entries)).not.toContain('Pause reminders for a day');
  });

  it('doubles "&" where the OS would read it as a shortcut mark', () => {
    expect(lines(trayMenuTemplate(menu(), { escapeAmpersands: true }))).toContain(
      'R&&D sandbox (Labs): expires on 9 Jan 2027',
    );
  });
});

describe('runTrayCommand', () => {
  const host = (): TrayHost & { calls: string[] } => {
    const calls: string[] = [];
    return {
      calls,
      showWindow: () => calls.push('show'),
      openReminder: (target) => calls.push(`open ${JSON.stringify(target)}`),
      reminders: { pauseForADay: () => calls.push('pause'), resume: () => calls.push('resume') },
      quit: () => calls.push('quit'),
    };
  };

  it('runs each line of the menu as it says', () => {
    const target = { workspaceId: 'ws_1', keyId: 'key_1', action: 'rotate' as const };
    const tray = host();
    for (const entry of trayMenuTemplate(menu(), { escapeAmpersands: false })) {
      if (entry.type === 'normal' && entry.command) runTrayCommand(entry.command, tray);
    }
    runTrayCommand({ kind: 'resume' }, tray);
    expect(tray.calls).toEqual([
      'show',
      `open ${JSON.stringify(target)}`,
      `open ${JSON.stringify({ ...target, workspaceId: 'ws_2', keyId: 'key_2' })}`,
      'pause',
      'quit',
      'resume',
    ]);
  });

  it('never quits on a click elsewhere', () => {
    const quit = vi.fn();
    runTrayCommand({ kind: 'pause' }, { ...host(), quit });
    runTrayCommand({ kind: 'open' }, { ...host(), quit });
    expect(quit).not.toHaveBeenCalled();
  });
});
