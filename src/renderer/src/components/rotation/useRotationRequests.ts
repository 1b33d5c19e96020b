/**
 * Opens the rotation wizard for a key asked to be rotated from elsewhere (the dashboard's Rotate, a
 * reminder's click), as soon as the key's row and the rotations in progress are known. A key that
 * can't be rotated (expired, revoked, already replaced) stays open in its details instead, which say why.
 */
import { useEffect } from 'react';
import { canRotate } from '../../lib/rotation.ts';
import { useNow } from '../../state/useAppStore.ts';
import { useWorkspaceKeys } from '../../state/useKeysStore.ts';
import { keyRef, useRotatingKeys, useRotationsLoaded } from '../../state/useRotationStore.ts';
import { useRotationRequest, useUiStore } from '../../state/useUiStore.ts';
import { useWorkspacesStore } from '../../state/useWorkspacesStore.ts';

export function useRotationRequests(): void {
  const request = useRotationRequest();
  const keys = useWorkspaceKeys(request?.workspaceId ?? null);
  const rotationsLoaded = useRotationsLoaded();
  const rotating = useRotatingKeys();
  const now = useNow();
  const external = useWorkspacesStore(
    (s) => s.workspaces.find((w) => w.id === request?.workspaceId)?.kind === 'external',
  );

  useEffect(() => {
    if (request === null || !rotationsLoaded || keys === undefined || keys.loading) return;
    const ui = useUiStore.getState();
    ui.clearRotationRequest();
    const key = keys.keys.find((candidate) => candidate.id === request.keyId);
    if (key === undefined) return;
    if (rotating.has(keyRef(request.workspaceId, request.keyId)) || canRotate(key, now, external)) {
      ui.openDialog({ kind: 'rotateKey', workspaceId: request.workspaceId, keyId: request.keyId });
    }
  }, [request, keys, rotationsLoaded, rotating, now, external]);
}
