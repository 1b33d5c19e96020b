/**
 * The OS surfaces the core reaches through ports, implemented with Electron (the tray is in
 * src/main/tray.ts, start at login in ./login-item.ts). The browser harness implements the same
 * ports with recorders (src/harness/recording-ports.ts).
 */
import { clipboard, ClipboardItem, net, Notification, powerMonitor } from 'electron';
import type { NotificationTarget } from '../../shared/reminders.ts';
import type { ClipboardPort, NotifierPort, SystemEventsPort } from '../core/ports.ts';

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
