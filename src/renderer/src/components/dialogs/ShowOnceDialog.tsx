/**
 * The copy-and-confirm view for a new key's secret, shown only once. Escape and the backdrop don't close
 * it: they explain why, because a lost secret can't be shown again. "I have stored it" closes it
 * and drops the secret from the renderer's state.
 */
import { useRef, useState } from 'react';
import { DEFAULT_CLIPBOARD_CLEAR_SECONDS, formatClipboardDelay } from '../../lib/time.ts';
import { useAppStore } from '../../state/useAppStore.ts';
import { useKeyActions, useShowOnce } from '../../state/useKeysStore.ts';
import { Dialog } from '../common/Dialog.tsx';
import { CopyIcon, LockIcon, WarningIcon } from '../common/icons.tsx';

export function ShowOnceDialog() {
  const showOnce = useShowOnce();
  const clearSeconds = useAppStore((s) => s.settings?.clipboardClearSeconds ?? DEFAULT_CLIPBOARD_CLEAR_SECONDS);
  const { copyShowOnceSecret, dismissShowOnce } = useKeyActions();
  const [nudged, setNudged] = useState(false);
  const copyRef = useRef<HTMLButtonElement>(null);
  if (!showOnce) return null;
  const { key, secret, storedInKeychain, keychainWarning, copiedUntil } = showOnce;

  return (
    <Dialog
      title="Copy your new API key"
      description={
        <>
          <strong>{key.name}</strong> was created. This is the only time its secret is shown: store it in your secret
          manager now.
        </>
      }
      onDismiss={() => setNudged(true)}
      initialFocus={copyRef}
      role="alertdialog"
      width="wide"
    >
      <div className="secret-panel">
        <code className="secret-box" aria-label="New API key secret" tabIndex={0}>
          {secret}
        </code>
        <button
          ref={copyRef}
          type="button"
          className="button button--primary"
          onClick={() => void copyShowOnceSecret()}
        >
          <CopyIcon />
          {copiedUntil ? 'Copy again' : 'Copy'}
        </button>
      </div>
      <p className="secret-panel__status" role="status">
        {copiedUntil
          ? copiedUntil === 'never'
            ? 'Copied.'
            : `Copied — clears in ${formatClipboardDelay(clearSeconds)}`
          : '\u00a0'}
      </p>
      {storedInKeychain ? (
        <p className="notice notice--success">
          <LockIcon />
          Stored in your keychain: you can copy it again from this device later.
        </p>
      ) : (
        <div className="notice notice--warning notice--prominent" role="alert">
          <WarningIcon />
          <div>
            <strong>Not stored in your keychain.</strong>
            <p>
              {keychainWarning ??
                'The secret is kept in memory for this session only. Store it elsewhere before you close this window.'}
            </p>
          </div>
        </div>
      )}
      {nudged && (
        <p className="notice notice--info" role="alert">
          The secret can't be shown again once this closes. Copy it, then choose “I have stored it”.
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button button--primary" onClick={dismissShowOnce}>
          I have stored it
        </button>
      </div>
    </Dialog>
  );
}
