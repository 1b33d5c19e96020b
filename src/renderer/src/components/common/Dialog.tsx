/**
 * A modal dialog: rendered over an inert app shell, traps Tab inside, restores focus to whatever
 * opened it, and closes on Escape or a backdrop click through `onDismiss` (a dialog that must not
 * be dismissed passes a handler that explains why instead of closing).
 */
import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

type DialogProps = {
  title: string;
  /** Short text under the title; becomes the dialog's accessible description. */
  description?: ReactNode;
  onDismiss(): void;
  children: ReactNode;
  /** Focused when the dialog opens; defaults to the first field or button. */
  initialFocus?: RefObject<HTMLElement | null>;
  role?: 'dialog' | 'alertdialog';
  width?: 'narrow' | 'wide';
};

export function Dialog({
  title,
  description,
  onDismiss,
  children,
  initialFocus,
  role = 'dialog',
  width = 'narrow',
}: DialogProps) {
  const panelRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const dismissRef = useRef(onDismiss);
  useEffect(() => {
    dismissRef.current = onDismiss;
  });

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const shell = document.getElementById('app-shell');
    shell?.setAttribute('inert', '');
    const target = initialFocus?.current ?? panelRef.current?.querySelector<HTMLElement>(FOCUSABLE) ?? panelRef.current;
    target?.focus();
    return () => {
      shell?.removeAttribute('inert');
      // The opener may be gone (e.g. the Revoke button of a key just revoked): fall back to the table.
      if (opener?.isConnected) opener.focus();
      else document.querySelector<HTMLElement>('.keys-grid')?.focus();
    };
    // Runs once per opening: focus moves in on mount and back on unmount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Listens on the document, not the panel: focus can fall to <body> (a focused button that
  // becomes disabled, a click on the backdrop) and Escape and Tab must still work then.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const panel = panelRef.current;
      if (!panel) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        dismissRef.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const focusable = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      const inside = panel.contains(document.activeElement);
      if (!inside || (event.shiftKey && document.activeElement === first)) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => document.removeEventListener('keydown', onKeyDown, true);
  }, []);

  return createPortal(
    <div
      className="dialog-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) dismissRef.current();
      }}
    >
      <div
        ref={panelRef}
        className={`dialog dialog--${width}`}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
      >
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        {description && (
          <div id={descriptionId} className="dialog__description">
            {description}
          </div>
        )}
        {children}
      </div>
    </div>,
    document.body,
  );
}
