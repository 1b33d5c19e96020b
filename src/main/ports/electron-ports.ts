/**
 * The OS surfaces the core reaches through ports, implemented with Electron. The browser
 * harness implements the same ports with recorders (src/harness/recording-ports.ts).
 */
import { app, clipboard, Menu, Notification, nativeImage, Tray, type BrowserWindow } from 'electron';
import type { ClipboardPort, NotifierPort, TrayPort } from '../core/ports.ts';

export function createNotifier(onClick: () => void): NotifierPort {
  return {
    show({ title, body }) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body });
      notification.on('click', onClick);
      notification.show();
    },
  };
}

/**
 * Electron can write text or one custom format, not both at once (electron/electron#41462), so
 * it cannot add the "concealed" marker (org.nspasteboard.ConcealedType, x-kde-passwordManagerHint,
 * ExcludeClipboardContentFromMonitorProcessing) next to the text. The core's auto-clear is the
 * protection that works everywhere.
 */
export const electronClipboard: ClipboardPort = {
  writeSecret: (text) => clipboard.writeText(text),
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
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open Keywarden', click: show },
      { type: 'separator' },
      { label: 'Quit Keywarden', role: 'quit' },
    ]),
  );
  tray.on('click', show);
  return {
    setAttention(count, tooltip) {
      tray.setToolTip(tooltip);
      if (process.platform === 'darwin') tray.setTitle(count > 0 ? String(count) : '');
      app.setBadgeCount(count);
    },
    destroy: () => tray.destroy(),
  };
}
