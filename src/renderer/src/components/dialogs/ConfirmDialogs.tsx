/** Destructive confirmations: revoke a key, remove a workspace, remove an external key. Cancel is focused first. */
import { useRef, useState, type ReactNode } from 'react';
import type { VaultKey, WorkspaceView } from '../../../../shared/ipc/index.ts';
import { useKeyActions } from '../../state/useKeysStore.ts';
import { useWorkspaceActions } from '../../state/useWorkspacesStore.ts';
import { Dialog } from '../common/Dialog.tsx';
import { Field } from '../common/Field.tsx';

type ConfirmProps = {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  children?: ReactNode;
  onConfirm(): Promise<boolean>;
  onClose(): void;
};

export function ConfirmDialog({ title, description, confirmLabel, children, onConfirm, onClose }: ConfirmProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={title} description={description} onDismiss={onClose} initialFocus={cancelRef} role="alertdialog">
      {children}
      <div className="dialog__actions">
        <button ref={cancelRef} type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--danger-solid"
          aria-disabled={busy}
          onClick={async () => {
            if (busy) return;
            setBusy(true);
            const done = await onConfirm();
            setBusy(false);
            if (done) onClose();
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

export function RevokeKeyDialog({ vaultKey, onClose }: { vaultKey: VaultKey; onClose(): void }) {
  const { revoke } = useKeyActions();
  const [reason, setReason] = useState('');
  return (
    <ConfirmDialog
      title={`Revoke ${vaultKey.name}?`}
      description={
        <p>
          The key <code>{vaultKey.prefix}…</code> stops working at once: every request that uses it is refused with 401
          invalid_key. Revoking is permanent and can't be undone.
        </p>
      }
      confirmLabel="Revoke permanently"
      onConfirm={() => revoke(vaultKey.workspaceId, vaultKey.id, reason.trim() || undefined)}
      onClose={onClose}
    >
      <Field label="Reason (optional)" hint="Kept in the audit trail, e.g. “committed to a public repository”.">
        <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      </Field>
    </ConfirmDialog>
  );
}

export function RemoveWorkspaceDialog({ workspace, onClose }: { workspace: WorkspaceView; onClose(): void }) {
  const { remove } = useWorkspaceActions();
  return (
    <ConfirmDialog
      title={`Remove ${workspace.name}?`}
      description={
        <p>
          Keywarden forgets this workspace and deletes its key secrets from this device. The keys themselves keep
          working on {workspace.url ?? 'the service'}; you can connect again with an admin token.
        </p>
      }
      confirmLabel="Remove workspace"
      onConfirm={async () => {
        await remove(workspace.id);
        return true;
      }}
      onClose={onClose}
    />
  );
}

export function RemoveExternalKeyDialog({ vaultKey, onClose }: { vaultKey: VaultKey; onClose(): void }) {
  const { removeExternal } = useKeyActions();
  return (
    <ConfirmDialog
      title={`Remove ${vaultKey.name} from your vault?`}
      description={
        <p>
          The secret is deleted from this device. The key itself keeps working at {vaultKey.provider ?? 'its provider'}:
          revoke it there if it should stop working.
        </p>
      }
      confirmLabel="Remove from vault"
      onConfirm={() => removeExternal(vaultKey.workspaceId, vaultKey.id)}
      onClose={onClose}
    />
  );
}
