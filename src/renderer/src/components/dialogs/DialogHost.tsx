/** Renders the open dialog from the UI store, and the show-once view whenever a new secret waits. */
import { useKeysStore, useShowOnce } from '../../state/useKeysStore.ts';
import { useDialog, useUiActions } from '../../state/useUiStore.ts';
import { useSelectedWorkspace, useWorkspacesStore } from '../../state/useWorkspacesStore.ts';
import { ConnectWorkspaceDialog } from './ConnectWorkspaceDialog.tsx';
import { RemoveExternalKeyDialog, RemoveWorkspaceDialog, RevokeKeyDialog } from './ConfirmDialogs.tsx';
import { CreateKeyDialog } from './CreateKeyDialog.tsx';
import { ExternalKeyDialog } from './ExternalKeyDialog.tsx';
import { ShowOnceDialog } from './ShowOnceDialog.tsx';
import { RotationWizard } from '../rotation/RotationWizard.tsx';
import { useRotationRequests } from '../rotation/useRotationRequests.ts';
import { RemoveTargetDialogFor, TargetDialogFor } from '../targets/TargetDialog.tsx';

export function DialogHost() {
  const dialog = useDialog();
  const showOnce = useShowOnce();
  const workspace = useSelectedWorkspace();
  const { closeDialog } = useUiActions();
  useRotationRequests();
  const dialogKey = dialog && 'keyId' in dialog ? dialog : null;
  const vaultKey = useKeysStore((s) =>
    dialogKey ? s.byWorkspace[dialogKey.workspaceId]?.keys.find((k) => k.id === dialogKey.keyId) : undefined,
  );
  const workspaceToRemove = useWorkspacesStore((s) =>
    dialog?.kind === 'removeWorkspace' ? s.workspaces.find((w) => w.id === dialog.workspaceId) : undefined,
  );

  if (showOnce) return <ShowOnceDialog />;
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'createKey':
      return workspace ? (
        <CreateKeyDialog workspaceId={workspace.id} workspaceName={workspace.name} onClose={closeDialog} />
      ) : null;
    case 'addExternalKey':
      return <ExternalKeyDialog onClose={closeDialog} />;
    case 'connectWorkspace':
      return <ConnectWorkspaceDialog initialUrl={dialog.url} initialName={dialog.name} onClose={closeDialog} />;
    case 'removeWorkspace':
      return workspaceToRemove ? <RemoveWorkspaceDialog workspace={workspaceToRemove} onClose={closeDialog} /> : null;
    case 'revokeKey':
      return vaultKey ? <RevokeKeyDialog vaultKey={vaultKey} onClose={closeDialog} /> : null;
    case 'removeExternalKey':
      return vaultKey ? <RemoveExternalKeyDialog vaultKey={vaultKey} onClose={closeDialog} /> : null;
    case 'rotateKey':
      return <RotationWizard key={`${dialog.workspaceId}/${dialog.keyId}`} {...dialog} onClose={closeDialog} />;
    case 'editTarget':
      return <TargetDialogFor {...dialog} onClose={closeDialog} />;
    case 'removeTarget':
      return <RemoveTargetDialogFor {...dialog} onClose={closeDialog} />;
  }
}
