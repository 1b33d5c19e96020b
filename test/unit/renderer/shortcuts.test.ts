/** The view shortcuts: Ctrl/⌘ + 1 … 4 in the navigation's order, Ctrl/⌘ + , for Settings, nothing else. */
import { describe, expect, it } from 'vitest';
import {
  ariaShortcuts,
  shortcutLabel,
  viewForShortcut,
  type ShortcutEvent,
} from '../../../src/renderer/src/lib/shortcuts.ts';

const press = (key: string, modifiers: Partial<ShortcutEvent> = {}): ShortcutEvent => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...modifiers,
});

describe('view shortcuts', () => {
  it('maps Ctrl or ⌘ with 1 … 4 to Keys, Dashboard, Audit, Settings, and the comma to Settings', () => {
    expect(['1', '2', '3', '4'].map((key) => viewForShortcut(press(key, { ctrlKey: true })))).toEqual([
      'keys',
      'dashboard',
      'audit',
      'settings',
    ]);
    expect(viewForShortcut(press('2', { metaKey: true }))).toBe('dashboard');
    expect(viewForShortcut(press(',', { ctrlKey: true }))).toBe('settings');
    expect(viewForShortcut(press(',', { metaKey: true }))).toBe('settings');
  });

  it('leaves every other key alone', () => {
    expect(viewForShortcut(press('2'))).toBeNull();
    expect(viewForShortcut(press('5', { ctrlKey: true }))).toBeNull();
    expect(viewForShortcut(press('0', { ctrlKey: true }))).toBeNull();
    expect(viewForShortcut(press('2', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(viewForShortcut(press('2', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(viewForShortcut(press('n', { ctrlKey: true }))).toBeNull();
  });

  it('names the shortcut as each platform writes it', () => {
    expect(shortcutLabel('dashboard', 'linux')).toBe('Ctrl+2');
    expect(shortcutLabel('dashboard', 'darwin')).toBe('⌘2');
    expect(ariaShortcuts('keys', 'win32')).toBe('Control+1');
    expect(ariaShortcuts('settings', 'darwin')).toBe('Meta+4 Meta+,');
  });
});
