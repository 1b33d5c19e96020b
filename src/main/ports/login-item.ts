/**
 * Start at login, the real LoginItemPort: Electron's login-item settings on macOS and Windows, an
 * XDG autostart entry on Linux (written by the core, see login-item/xdg-autostart.ts). A login
 * start opens the app in the tray, without its window (`--hidden`; macOS says so itself).
 */
import { homedir } from 'node:os';
import { app } from 'electron';
import { createXdgAutostart, xdgConfigHome } from '../core/login-item/xdg-autostart.ts';
import type { LoginItemPort, LoginItemState } from '../core/ports.ts';

export const HIDDEN_FLAG = '--hidden';

/** Whether this run was started at login, to keep watch from the tray rather than open a window. */
export function wasStartedAtLogin(): boolean {
  if (process.argv.includes(HIDDEN_FLAG)) return true;
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}

export function createLoginItemPort(): LoginItemPort | undefined {
  // An unpackaged app runs as `electron <folder>`: the folder must be started too.
  const args = [...(app.isPackaged ? [] : [app.getAppPath()]), HIDDEN_FLAG];
  switch (process.platform) {
    case 'linux':
      return createXdgAutostart({
        configHome: xdgConfigHome(process.env, homedir()),
        // An AppImage runs from a temporary mount that is gone after logout: start the image itself.
        executable: process.env.APPIMAGE ?? process.execPath,
        args,
      });
    case 'win32':
      return windowsLoginItem(args);
    case 'darwin':
      return macLoginItem();
    default:
      return undefined;
  }
}

/** Windows reads a login item by its path and arguments: both are passed every time. */
function windowsLoginItem(args: string[]): LoginItemPort {
  // The arguments are joined into one command line: a path with a space needs its quotes.
  const item = { path: process.execPath, args: args.map((arg) => (/\s/.test(arg) ? `"${arg}"` : arg)) };
  const read = async (): Promise<LoginItemState> => {
    const settings = app.getLoginItemSettings(item);
    if (settings.openAtLogin && !settings.executableWillLaunchAtLogin) {
      const note = 'Turned off in Windows’ Startup apps settings; turn it on here to start again.';
      return { openAtLogin: false, note };
    }
    return { openAtLogin: settings.openAtLogin, note: null };
  };
  return {
    get: read,
    async set(openAtLogin) {
      app.setLoginItemSettings({ ...item, openAtLogin, enabled: openAtLogin });
      return read();
    },
  };
}

function macLoginItem(): LoginItemPort {
  const read = async (): Promise<LoginItemState> => {
    const settings = app.getLoginItemSettings();
    if (settings.status === 'requires-approval') {
      return { openAtLogin: false, note: 'Allow Keywarden in System Settings › General › Login Items.' };
    }
    return { openAtLogin: settings.openAtLogin, note: null };
  };
  return {
    get: read,
    async set(openAtLogin) {
      app.setLoginItemSettings({ openAtLogin });
      return read();
    },
  };
}
