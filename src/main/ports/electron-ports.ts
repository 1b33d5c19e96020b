/**
 * The OS surfaces the core reaches through ports, implemented with Electron. The browser
 * harness implements the same ports with recorders (src/harness/recording-ports.ts).
 */
import {
  app,
  clipboard,
  ClipboardItem,
  Menu,
  net,
  Notification,
  nativeImage,
  powerMonitor,
  Tray,
  type BrowserWindow,
  type MenuItemConstructorOptions,
} from 'electron';
import type { NotificationTarget, TrayMenu } from '../../shared/reminders.ts';
import type { ClipboardPort, NotifierPort, SystemEventsPort, TrayPort } from '../core/ports.ts';

/** How often the network is looked at: Electron's main process has no "online" event. */
const ONLINE_CHECK_MS = 15_000;

export function createNotifier(onClick: (target: NotificationTarget | undefined) => void): NotifierPort {
  // A notification that is garbage-collected loses its click handler: keep each until it closes.
  const shown = new Set<Notification>();
  return {
    show({ title, body, target }) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body });
      shown.add(notification);
      notification.on('click', () => onClick(target));
      notification.on('close', () => shown.delete(notification));
      notification.show();
    },
  };
}

/**
 * Electron 45's clipboard writes several formats atomically, so the secret goes out with the
 * platform's "concealed" marker and clipboard managers that honour it skip the entry. The core's
 * auto-clear still protects against the ones that don't.
 */
const CONCEALED_MARKERS: Record<string, Record<string, string>> = {
  darwin: { 'org.nspasteboard.ConcealedType': '' },
  win32: { ExcludeClipboardContentFromMonitorProcessing: '' },
  linux: { 'x-kde-passwordManagerHint': 'secret' },
};

export const electronClipboard: ClipboardPort = {
  writeSecret(text) {
    const formats: Record<string, string> = { 'text/plain': text };
    for (const [format, value] of Object.entries(CONCEALED_MARKERS[process.platform] ?? {})) {
      formats[`electron application/osclipboard;format="${format}"`] = value;
    }
    void clipboard.write([new ClipboardItem(formats)]).catch(() => clipboard.writeText(text));
  },
  readText: () => clipboard.readText(),
  clear: () => clipboard.clear(),
};

export function createTray(options: { iconPath: string; getWindow: () => BrowserWindow | null }): TrayPort & {
  destroy(): void;
} {
  const tray = new Tray(nativeImage.createFromPath(options.iconPath).resize({ width: 16, height: 16 }));
  const show = () => {
    const window = options.getWindow();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  tray.setToolTip('Keywarden');
  // The urgent keys open the window for now; opening each key with its wizard comes with the IPC event.
  const renderMenu = (menu: TrayMenu | null) => {
    const urgent: MenuItemConstructorOptions[] = (menu?.urgentKeys ?? []).map((item) => ({
      label: item.label,
      click: show,
    }));
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open Keywarden', click: show },
        ...(urgent.length > 0 ? [{ type: 'separator' as const }, ...urgent] : []),
        { type: 'separator' },
        { label: 'Quit Keywarden', role: 'quit' },
      ]),
    );
  };
  renderMenu(null);
  tray.on('click', show);
  return {
    setAttention(count, tooltip) {
      tray.setToolTip(tooltip);
      if (process.platform === 'darwin') tray.setTitle(count > 0 ? String(count) : '');
      app.setBadgeCount(count);
    },
    setMenu: renderMenu,
    destroy: () => tray.destroy(),
  };
}

/** Wake from sleep (powerMonitor) and the network coming back (looked at every 15 s). */
export function createSystemEvents(): SystemEventsPort {
  return {
    onWake(listener) {
      const onResume = () => listener('resume');
      powerMonitor.on('resume', onResume);
      let online = net.isOnline();
      const timer = setInterval(() => {
        const now = net.isOnline();
        if (now && !online) listener('online');
        online = now;
      }, ONLINE_CHECK_MS);
      return () => {
        powerMonitor.off('resume', onResume);
        clearInterval(timer);
      };
    },
  };
}
