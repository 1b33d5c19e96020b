/**
 * The main window, locked down: context isolation, the sandbox, no Node in the page, no
 * navigation away from the app, no new windows (links to allowed https hosts open in the browser).
 */
import { join } from 'node:path';
import { app, BrowserWindow, nativeTheme, session, shell } from 'electron';
import { APP_ENTRY_URL, isTrustedFrame } from './app-origin.ts';
import { isAllowedExternalLink } from './external-links.ts';

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
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });

  void window.loadURL(options.devServerUrl ?? APP_ENTRY_URL);
  return window;
}

/**
 * Applies to every webContents the app ever gets (the window, any frame or webview a bug or an
 * injected script could create), not only the main window: no navigation, no new windows, no
 * webviews, and every permission refused, whether requested or merely checked. Call before the
 * first window opens.
 */
export function lockDownWebContents(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/** Whether an IPC call comes from our own page in the main window's top frame (rules in app-origin.ts). */
export function isTrustedSender(
  window: BrowserWindow | null,
  frame: Electron.WebFrameMain | null,
  devServerUrl: string | undefined,
): boolean {
  if (!window || window.isDestroyed() || !frame) return false;
  return isTrustedFrame({ url: frame.url, isMainWindowTopFrame: frame === window.webContents.mainFrame }, devServerUrl);
}
