/**
 * The main window, locked down: context isolation, the sandbox, no Node in the page, no
 * navigation away from the app, no new windows (http(s) links open in the browser instead).
 */
import { join } from 'node:path';
import { BrowserWindow, nativeTheme, shell } from 'electron';
import { APP_ORIGIN } from './protocol.ts';

export function createMainWindow(options: { preloadPath: string; devServerUrl: string | undefined }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 780,
    minWidth: 860,
    minHeight: 520,
    show: false,
    title: 'Keywarden',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171a' : '#ffffff',
    icon: join(import.meta.dirname, '../../build/icon.png'),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });

  window.once('ready-to-show', () => window.show());
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  void window.loadURL(options.devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}

/** Whether an IPC call comes from our own page's top frame (not an iframe, not another origin). */
export function isTrustedSender(
  window: BrowserWindow | null,
  frame: Electron.WebFrameMain | null,
  devServerUrl: string | undefined,
): boolean {
  if (!window || !frame || frame !== window.webContents.mainFrame) return false;
  const origin = new URL(frame.url).origin;
  return origin === APP_ORIGIN || (devServerUrl !== undefined && origin === new URL(devServerUrl).origin);
}
