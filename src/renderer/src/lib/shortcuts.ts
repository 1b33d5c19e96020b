/**
 * The app's view shortcuts: Ctrl+1 … 4 (⌘1 … 4 on macOS) in the navigation's order, and the
 * platform's own key for settings, Ctrl+, (⌘, on macOS). Pure, so the keys a user presses and the
 * hints the navigation shows come from one table.
 */

/** The app's views, in the navigation's order (Ctrl/Cmd+1 … 4). */
export const APP_VIEWS = ['keys', 'dashboard', 'audit', 'settings'] as const;
export type AppView = (typeof APP_VIEWS)[number];

/** What a shortcut needs of a keyboard event. */
export type ShortcutEvent = { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean };

/** The view a key press asks for, or null. Either modifier works, as the app's Ctrl+N does. */
export function viewForShortcut(event: ShortcutEvent): AppView | null {
  if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return null;
  if (event.key === ',') return 'settings';
  const index = Number(event.key) - 1;
  return Number.isInteger(index) && index >= 0 && index < APP_VIEWS.length ? APP_VIEWS[index]! : null;
}

const isMac = (platform: string | undefined) => platform === 'darwin';

/** "Ctrl+2" or "⌘2", for tooltips. */
export function shortcutLabel(view: AppView, platform: string | undefined): string {
  return `${isMac(platform) ? '⌘' : 'Ctrl+'}${APP_VIEWS.indexOf(view) + 1}`;
}

/** The value of aria-keyshortcuts: "Control+2", or "Meta+2" on macOS; Settings also has its comma. */
export function ariaShortcuts(view: AppView, platform: string | undefined): string {
  const modifier = isMac(platform) ? 'Meta' : 'Control';
  const keys = [`${modifier}+${APP_VIEWS.indexOf(view) + 1}`];
  if (view === 'settings') keys.push(`${modifier}+,`);
  return keys.join(' ');
}
