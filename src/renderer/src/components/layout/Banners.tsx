/** App-wide notices: the keychain warning, and the toasts (an aria-live region). */
import { useKeychain } from '../../state/useAppStore.ts';
import { useToasts, useUiActions } from '../../state/useUiStore.ts';
import { CloseIcon, WarningIcon } from '../common/icons.tsx';

export function KeychainBanner() {
  const keychain = useKeychain();
  if (!keychain || keychain.available) return null;
  return (
    <div className="banner banner--warning banner--app" role="alert">
      <WarningIcon />
      <p>
        <strong>Your system keychain is unavailable.</strong>{' '}
        {keychain.message ??
          `${keychain.backend} could not be used. New secrets are kept in memory for this session only: store them in your secret manager before you quit.`}
      </p>
    </div>
  );
}

export function Toasts() {
  const toasts = useToasts();
  const { dismissToast } = useUiActions();
  return (
    <div className="toasts" role="status" aria-live="polite" aria-relevant="additions">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast--${t.tone}`}>
          <p>{t.message}</p>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss notification"
            onClick={() => dismissToast(t.id)}
          >
            <CloseIcon />
          </button>
        </div>
      ))}
    </div>
  );
}
