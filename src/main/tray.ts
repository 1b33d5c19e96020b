/**
 * The tray icon: the real TrayPort. It keeps watch while the window is closed, shows how many keys
 * need attention and lists the most urgent. What the menu says and does is decided in the core
 * (trayMenuTemplate, runTrayCommand); this file only draws it.
 *
 * The count shows where each OS shows such things: the Dock's badge on macOS (and the count beside
 * the menu-bar icon), a red dot on the tray icon on Windows and Linux with the count in its
 * tooltip, plus the launcher's badge on Linux docks that support one (Unity's LauncherEntry).
 */
import { app, Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { runTrayCommand, trayMenuTemplate, type TrayHost } from './core/reminders/tray-menu-template.ts';
import type { TrayPort } from './core/ports.ts';
import type { TrayMenu } from '../shared/reminders.ts';
import { paintAttentionDot } from './tray-attention-dot.ts';

const ICON_SIZE = 16;
const isMac = process.platform === 'darwin';

export function createTray(options: { iconPath: string; host: TrayHost }): TrayPort & { destroy(): void } {
  const plain = nativeImage.createFromPath(options.iconPath).resize({ width: ICON_SIZE, height: ICON_SIZE });
  const attention = withAttentionDot(plain);
  const tray = new Tray(plain);
  tray.setToolTip('Keywarden');

  const renderMenu = (menu: TrayMenu) => {
    const template: MenuItemConstructorOptions[] = trayMenuTemplate(menu, { escapeAmpersands: !isMac }).map((entry) =>
      entry.type === 'separator'
        ? { type: 'separator' }
        : {
            label: entry.label,
            enabled: entry.enabled,
            click: () => entry.command && runTrayCommand(entry.command, options.host),
          },
    );
    tray.setContextMenu(Menu.buildFromTemplate(template));
  };
  renderMenu({ urgentKeys: [], remindersEnabled: true, pausedUntil: null });
  // Linux shows the menu on a click itself; elsewhere a click on the icon opens the window.
  tray.on('click', () => options.host.showWindow());

  return {
    setAttention(count, tooltip) {
      tray.setToolTip(tooltip);
      if (isMac) {
        tray.setTitle(count > 0 ? String(count) : '');
        app.dock?.setBadge(count > 0 ? String(count) : '');
      } else {
        tray.setImage(count > 0 ? attention : plain);
        if (process.platform === 'linux') app.setBadgeCount(count);
      }
    },
    setMenu: renderMenu,
    destroy: () => tray.destroy(),
  };
}

function withAttentionDot(icon: NativeImage): NativeImage {
  const { width, height } = icon.getSize();
  if (width !== height || width === 0) return icon;
  const painted = paintAttentionDot(icon.toBitmap(), width);
  return nativeImage.createFromBitmap(Buffer.from(painted.buffer, painted.byteOffset, painted.byteLength), {
    width,
    height,
  });
}
