/**
 * The key details' way into the rotation wizard: "Rotate…", or, while a rotation of the key (or
 * of the key it replaced) is under way, where it stands and "Continue rotation…". The leaked-key
 * path sits with the other destructive actions.
 */
import type { VaultKey } from '../../../../shared/ipc/index.ts';
import { canReportLeak, canRotate, STEP_STATE_WORDS, stepTitle } from '../../lib/rotation.ts';
import { useKeyRotation } from '../../state/useRotationStore.ts';
import { useUiActions } from '../../state/useUiStore.ts';

export function KeyRotationActions({
  vaultKey,
  nowMs,
  external,
}: {
  vaultKey: VaultKey;
  nowMs: number;
  external: boolean;
}) {
  const rotation = useKeyRotation(vaultKey.workspaceId, vaultKey.id);
  const { openDialog } = useUiActions();
  const open = () => openDialog({ kind: 'rotateKey', workspaceId: vaultKey.workspaceId, keyId: vaultKey.id });

  if (rotation !== null) {
    const step = rotation.step === 'done' ? null : rotation.step;
    return (
      <div className="notice notice--info rotation-banner" role="status">
        <p>
          <strong>Rotation in progress</strong>
          {step && (
            <>
              {' '}
              · {stepTitle(step, rotation.kind)} {STEP_STATE_WORDS[rotation.steps[step].state]}
            </>
          )}
          {rotation.successor?.keyId === vaultKey.id ? ' (this is the new key)' : ''}
        </p>
        <button type="button" className="button button--small" onClick={open}>
          Continue rotation…
        </button>
      </div>
    );
  }
  if (!canRotate(vaultKey, nowMs, external)) return null;
  return (
    <div className="button-row">
      <button type="button" className="button" onClick={open}>
        Rotate…
      </button>
    </div>
  );
}

export function LeakedKeyButton({
  vaultKey,
  nowMs,
  external,
}: {
  vaultKey: VaultKey;
  nowMs: number;
  external: boolean;
}) {
  const rotation = useKeyRotation(vaultKey.workspaceId, vaultKey.id);
  const { openDialog } = useUiActions();
  if (rotation !== null || !canReportLeak(vaultKey, nowMs, external)) return null;
  return (
    <button
      type="button"
      className="button button--danger"
      onClick={() =>
        openDialog({ kind: 'rotateKey', workspaceId: vaultKey.workspaceId, keyId: vaultKey.id, mode: 'leaked' })
      }
    >
      This key leaked…
    </button>
  );
}
