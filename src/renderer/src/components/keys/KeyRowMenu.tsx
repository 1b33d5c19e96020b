/**
 * A key row's menu (its "⋯" button, a right click, or Shift+F10 / the Menu key on the table):
 * details, rotate or continue the rotation, the leaked-key path, revoke or remove. A WAI-ARIA menu:
 * focus moves into it, arrow keys, Home and End move, Escape and Tab close it and the keyboard
 * returns to the table.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { VaultKey } from '../../../../shared/ipc/index.ts';
import { canReportLeak, canRotate } from '../../lib/rotation.ts';
import { statusAt } from '../../lib/key-table.ts';
import { useUiActions } from '../../state/useUiStore.ts';

export type RowMenuAnchor = { keyId: string; x: number; y: number };

type MenuItem = { label: string; danger?: boolean; run(): void };

const MENU_WIDTH = 210;

export function KeyRowMenu({
  vaultKey,
  anchor,
  nowMs,
  external,
  rotating,
  onClose,
}: {
  vaultKey: VaultKey;
  anchor: RowMenuAnchor;
  nowMs: number;
  external: boolean;
  rotating: boolean;
  /** Closes the menu; `refocus` puts the keyboard back on the table. */
  onClose(refocus: boolean): void;
}) {
  const menuRef = useRef<HTMLUListElement>(null);
  const { openDialog, selectKey } = useUiActions();
  const ref = { workspaceId: vaultKey.workspaceId, keyId: vaultKey.id };
  const status = statusAt(vaultKey, nowMs);

  const items: MenuItem[] = [{ label: 'Open details', run: () => selectKey(vaultKey.id) }];
  if (rotating || canRotate(vaultKey, nowMs, external)) {
    items.push({
      label: rotating ? 'Continue rotation…' : 'Rotate…',
      run: () => openDialog({ kind: 'rotateKey', ...ref }),
    });
  }
  if (!rotating && canReportLeak(vaultKey, nowMs, external)) {
    items.push({
      label: 'This key leaked…',
      danger: true,
      run: () => openDialog({ kind: 'rotateKey', ...ref, mode: 'leaked' }),
    });
  }
  if (!external && (status === 'active' || status === 'expiring')) {
    items.push({ label: 'Revoke…', danger: true, run: () => openDialog({ kind: 'revokeKey', ...ref }) });
  }
  if (external) {
    items.push({
      label: 'Remove from vault…',
      danger: true,
      run: () => openDialog({ kind: 'removeExternalKey', ...ref }),
    });
  }

  useEffect(() => {
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node)) onClose(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const entries = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = entries.indexOf(document.activeElement as HTMLElement);
    const moveTo = (next: number) => entries[(next + entries.length) % entries.length]?.focus();
    if (event.key === 'ArrowDown') moveTo(index + 1);
    else if (event.key === 'ArrowUp') moveTo(index - 1);
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(entries.length - 1);
    else if (event.key === 'Escape') onClose(true);
    else if (event.key === 'Tab') onClose(true);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  // Kept inside the window: a menu opened near the right or bottom edge opens leftwards or upwards.
  const left = Math.max(8, Math.min(anchor.x, window.innerWidth - MENU_WIDTH - 8));
  const top = Math.min(anchor.y, window.innerHeight - items.length * 32 - 16);

  return createPortal(
    <ul
      ref={menuRef}
      className="row-menu"
      role="menu"
      aria-label={`Actions for ${vaultKey.name}`}
      style={{ left, top, width: MENU_WIDTH }}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => (
        <li key={item.label} role="none">
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={`row-menu__item${item.danger ? ' row-menu__item--danger' : ''}`}
            onClick={() => {
              // The dialog's focus handling starts from the table, not from a menu that is gone.
              onClose(true);
              item.run();
            }}
          >
            {item.label}
          </button>
        </li>
      ))}
    </ul>,
    document.body,
  );
}
