/** The side panel for the selected key: metadata, editable name and options, and its actions. */
import { useState } from 'react';
import type { VaultKey, WorkspaceView } from '../../../../shared/ipc/index.ts';
import { scopeText, statusAt } from '../../lib/key-table.ts';
import { formatAgo, formatCountdown, formatDateTime } from '../../lib/time.ts';
import { useNow } from '../../state/useAppStore.ts';
import { useKeyActivity } from '../../state/useKeyActivityStore.ts';
import { useKeyActions, useRevealed, useWorkspaceKeys } from '../../state/useKeysStore.ts';
import { useUiActions } from '../../state/useUiStore.ts';
import { CloseIcon, CopyIcon, EyeIcon } from '../common/icons.tsx';
import { StatusBadge } from '../common/StatusBadge.tsx';
import { KeyRotationActions, LeakedKeyButton } from '../rotation/KeyRotationActions.tsx';
import { Destinations } from '../targets/Destinations.tsx';
import { KeyActivity } from './KeyActivity.tsx';
import { KeySettingsForm } from './KeySettingsForm.tsx';

export function KeyDetails({ workspace, keyId }: { workspace: WorkspaceView; keyId: string }) {
  const keys = useWorkspaceKeys(workspace.id)?.keys;
  const key = keys?.find((k) => k.id === keyId);
  const { selectKey } = useUiActions();
  if (!key) return null;
  return (
    <aside className="details" aria-labelledby="details-title" onKeyDown={(e) => e.key === 'Escape' && selectKey(null)}>
      <header className="details__header">
        <h2 id="details-title">{key.name}</h2>
        <button type="button" className="icon-button" aria-label="Close details" onClick={() => selectKey(null)}>
          <CloseIcon />
        </button>
      </header>
      {/* Keyed by key id: editing state resets when another key is selected. */}
      <DetailsBody key={key.id} workspace={workspace} vaultKey={key} allKeys={keys ?? []} />
    </aside>
  );
}

function DetailsBody({
  workspace,
  vaultKey: key,
  allKeys,
}: {
  workspace: WorkspaceView;
  vaultKey: VaultKey;
  allKeys: VaultKey[];
}) {
  const now = useNow();
  const status = statusAt(key, now);
  const revealed = useRevealed();
  const { copy, reveal, hideRevealed } = useKeyActions();
  const { openDialog, selectKey } = useUiActions();
  const [busy, setBusy] = useState(false);
  const external = workspace.kind === 'external';
  // The usage just asked of the service can be newer than the key synced last; the later one counts.
  const usage = useKeyActivity(workspace.id, key.id).usage;
  const lastUse =
    usage?.lastUsedAt && (!key.lastUsedAt || Date.parse(usage.lastUsedAt) > Date.parse(key.lastUsedAt))
      ? { at: usage.lastUsedAt, ip: usage.lastUsedIp }
      : { at: key.lastUsedAt, ip: key.lastUsedIp };
  const secretShown = revealed?.keyId === key.id ? revealed.secret : null;
  const rotatedFrom = key.rotatedFromId ? allKeys.find((k) => k.id === key.rotatedFromId) : undefined;
  const rotatedTo = key.rotatedToId ? allKeys.find((k) => k.id === key.rotatedToId) : undefined;
  const canRevoke = !external && (status === 'active' || status === 'expiring');

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    await action();
    setBusy(false);
  };

  return (
    <div className="details__body">
      <div className="details__status">
        <StatusBadge status={status} />
        <span className="muted">{formatCountdown(key, now)}</span>
      </div>
      {status === 'expired' && (
        <p className="notice notice--info">
          This key has expired and no longer works. It will be deleted automatically on {formatDateTime(key.deletesAt)}.
        </p>
      )}
      <KeyRotationActions vaultKey={key} nowMs={now} external={external} />

      <section aria-label="Secret" className="details__section">
        <h3>Secret</h3>
        {key.hasSecret ? (
          <>
            {secretShown !== null && (
              <code className="secret-box secret-box--small" aria-label="Revealed secret">
                {secretShown}
              </code>
            )}
            <div className="button-row">
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => void run(() => copy(workspace.id, key.id))}
              >
                <CopyIcon />
                Copy secret
              </button>
              <button
                type="button"
                className="button"
                aria-pressed={secretShown !== null}
                disabled={busy}
                onClick={() => (secretShown !== null ? hideRevealed() : void run(() => reveal(workspace.id, key.id)))}
              >
                <EyeIcon />
                {secretShown !== null ? 'Hide' : 'Reveal'}
              </button>
            </div>
          </>
        ) : (
          <p className="muted">
            {status === 'revoked' || status === 'expired'
              ? `This key no longer works, so its secret is no longer kept in this device's vault.`
              : `The secret is not in this device's vault. It was shown once when the key was created; if it is lost, create a new key and revoke this one.`}
          </p>
        )}
      </section>

      <dl className="meta">
        <dt>Label</dt>
        <dd>
          <code>{key.prefix}…</code>
        </dd>
        <dt>Scope</dt>
        <dd>{scopeText(key)}</dd>
        {key.provider && (
          <>
            <dt>Provider</dt>
            <dd>{key.provider}</dd>
          </>
        )}
        <dt>Environment</dt>
        <dd>{key.environment === 'live' ? 'Live' : 'Test'}</dd>
        <dt>Created</dt>
        <dd>
          {formatDateTime(key.createdAt)}
          {key.createdByName && <span className="muted"> by {key.createdByName}</span>}
        </dd>
        <dt>Expires</dt>
        <dd>{formatDateTime(key.expiresAt)}</dd>
        <dt>Auto-deletion</dt>
        <dd>
          {formatDateTime(key.deletesAt)}
          {!external && <span className="muted"> (3 months after expiry)</span>}
        </dd>
        {key.revokedAt && (
          <>
            <dt>Revoked</dt>
            <dd>
              {formatDateTime(key.revokedAt)}
              {key.revokedByName && <span className="muted"> by {key.revokedByName}</span>}
              {key.revokedReason && <span className="meta__reason">“{key.revokedReason}”</span>}
            </dd>
          </>
        )}
        {key.overlapEndsAt && (
          <>
            <dt>Overlap ends</dt>
            <dd>{formatDateTime(key.overlapEndsAt)}</dd>
          </>
        )}
        {(key.rotatedFromId || key.rotatedToId) && (
          <>
            <dt>Rotation</dt>
            <dd className="meta__links">
              {key.rotatedFromId && <RotationLink label="Replaces" target={rotatedFrom} onOpen={selectKey} />}
              {key.rotatedToId && <RotationLink label="Replaced by" target={rotatedTo} onOpen={selectKey} />}
            </dd>
          </>
        )}
        <dt>Last used</dt>
        <dd>
          {lastUse.at ? (
            <>
              {formatAgo(lastUse.at, now)} <span className="muted">({formatDateTime(lastUse.at)})</span>
              {lastUse.ip && <span className="muted"> from {lastUse.ip}</span>}
            </>
          ) : (
            'Never'
          )}
        </dd>
      </dl>

      <KeyActivity workspace={workspace} vaultKey={key} />

      {!external && (status === 'active' || status === 'expiring') && (
        // Keyed by the saved values: a change made elsewhere (another admin, another window) replaces a stale draft.
        <KeySettingsForm
          key={`${key.name}|${key.options?.retrieveSignatures}|${key.options?.sendDirectoryInfo}`}
          workspaceId={workspace.id}
          vaultKey={key}
        />
      )}

      <Destinations
        owner={{ workspaceId: workspace.id, keyId: key.id }}
        editable={
          (status === 'active' || status === 'expiring' || (external && status === 'expired')) && !key.rotatedToId
        }
        movedToSuccessor={key.rotatedToId !== null}
      />

      <section className="details__section details__danger" aria-label="Danger zone">
        {canRevoke && (
          <button
            type="button"
            className="button button--danger"
            onClick={() => openDialog({ kind: 'revokeKey', workspaceId: workspace.id, keyId: key.id })}
          >
            Revoke…
          </button>
        )}
        {external && (
          <button
            type="button"
            className="button button--danger"
            onClick={() => openDialog({ kind: 'removeExternalKey', workspaceId: workspace.id, keyId: key.id })}
          >
            Remove from vault…
          </button>
        )}
        <LeakedKeyButton vaultKey={key} nowMs={now} external={external} />
      </section>
    </div>
  );
}

function RotationLink({
  label,
  target,
  onOpen,
}: {
  label: string;
  target: VaultKey | undefined;
  onOpen(id: string): void;
}) {
  if (!target) return <span className="muted">{label} a key that is no longer listed</span>;
  return (
    <button type="button" className="link-button" onClick={() => onOpen(target.id)}>
      {label} {target.name} ({target.prefix}…)
    </button>
  );
}
