/**
 * The Electron shell: thin and typed. It builds the real ports, hands them to the core's
 * composition root, registers the IPC contract and owns the window and the tray. Behaviour lives
 * in src/main/core, which runs (and is tested) without Electron.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, net } from 'electron';
import { systemClock } from '../shared/clock.ts';
import { errorMessage } from '../shared/error-message.ts';
import type { NotificationTarget } from '../shared/reminders.ts';
import { createCore, openSecretStore, type Core } from './core/index.ts';
import { nodeExec } from './core/exec/node-exec.ts';
import { createDispatch } from './core/ipc-dispatch.ts';
import { forwardEvent, registerIpc } from './ipc.ts';
import { launchOverrides } from './launch-overrides.ts';
import { createNotifier, createSystemEvents, electronClipboard } from './ports/electron-ports.ts';
import { createLoginItemPort, wasStartedAtLogin } from './ports/login-item.ts';
import { createSaveFile } from './ports/save-file.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { createTray } from './tray.ts';
import { createMainWindow, isTrustedSender, lockDownWebContents } from './window.ts';

// Only a development build follows the environment's data folder, keychain name and dev server.
const { userData, keychainService, devServerUrl } = launchOverrides(process.env, app.isPackaged);
if (userData) app.setPath('userData', userData);
const iconPath = join(import.meta.dirname, '../../build/icon.png');
let mainWindow: BrowserWindow | null = null;
/** Resolves once the window's page has loaded, i.e. its stores listen to the core's events. */
let windowLoaded: Promise<void> = Promise.resolve();
let core: Core | null = null;
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.on('second-instance', showWindow);
  // Closing the window is not quitting while reminders are on: the tray keeps watch (macOS keeps
  // the app in the Dock either way). The tray's Quit, like Cmd+Q, calls app.quit(), which closes
  // the windows without this event.
  app.on('window-all-closed', () => {
    if (process.platform === 'darwin') return;
    if (!quitting && core?.reminders.preferences().enabled) return;
    app.quit();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('before-quit', (event) => {
    // Hold the quit until the core has taken a pending secret off the clipboard and closed the
    // local workspace; never longer than a few seconds.
    if (!core || quitting) return;
    quitting = true;
    event.preventDefault();
    void Promise.race([core.dispose(), new Promise((resolve) => setTimeout(resolve, 3000))]).finally(() => app.quit());
  });
  // start's own failures (a damaged database, an unwritable folder) must reach the error box too:
  // unhandled, they left a windowless app holding the single-instance lock.
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail(error));
}

async function start(): Promise<void> {
  lockDownWebContents();
  serveRenderer(join(import.meta.dirname, '../renderer'));
  const keychain = await openSecretStore(keychainService);
  const tray = createTray({
    iconPath,
    host: {
      showWindow,
      openReminder,
      // Asked only once the core is up: the tray's menu is drawn by the core's first pass.
      reminders: {
        pauseForADay: () => core?.reminders.pauseForADay(),
        resume: () => core?.reminders.resume(),
      },
      quit: () => app.quit(),
    },
  });
  core = await createCore(
    {
      dataDir: app.getPath('userData'),
      clock: systemClock,
      secrets: keychain.store,
      keychainBackend: keychain.backend,
      notifier: createNotifier(openReminder),
      clipboard: electronClipboard,
      tray,
      system: createSystemEvents(),
      exec: nodeExec,
      saveFile: createSaveFile(() => mainWindow),
      loginItem: createLoginItemPort(),
      fetch: (input, init) => net.fetch(input instanceof URL ? input.toString() : input, init),
      appVersion: app.getVersion(),
      platform: process.platform,
    },
    { keychain: { available: keychain.available, message: keychain.message } },
  );
  registerIpc({
    dispatch: createDispatch(core.handlers, {
      onInternalError: (channel, error) => console.error(`[keywarden] ${channel} failed:`, error),
    }),
    isTrusted: (frame) => isTrustedSender(mainWindow, frame, devServerUrl),
  });
  core.onEvent((event, payload) => forwardEvent(mainWindow, event, payload));
  // Started at login, the app keeps watch from the tray; the window opens when asked for.
  if (!(wasStartedAtLogin() && core.reminders.preferences().enabled)) openWindow();
}

function openWindow(): BrowserWindow {
  const window = createMainWindow({ preloadPath: join(import.meta.dirname, '../preload/index.cjs'), devServerUrl });
  windowLoaded = new Promise((resolve) => window.webContents.once('did-finish-load', () => resolve()));
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
  return window;
}

function showWindow(): BrowserWindow | null {
  // Before the core is up, start() opens the window itself; one opened now would have no IPC.
  if (!core) return null;
  if (!mainWindow) return openWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
  return mainWindow;
}

/**
 * A notification or a tray item was clicked: the window comes up (made again if it was closed)
 * and, once its page listens, the core tells it to open the key with the rotation wizard.
 */
function openReminder(target: NotificationTarget | undefined): void {
  const reminders = core?.reminders;
  if (!showWindow() || !reminders || !target) return;
  void windowLoaded.then(() => reminders.open(target));
}

function fail(error: unknown): void {
  dialog.showErrorBox('Keywarden could not start', errorMessage(error));
  app.exit(1);
}
