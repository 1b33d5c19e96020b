/**
 * The rotation wizard for one key: four steps (create, distribute, verify, retire), each showing its
 * honest state from the core. It opens on the key's rotation in progress wherever that stopped
 * (after a reload too), or starts one; closing it leaves the rotation exactly where it is. Cancel
 * first says what stays as it is.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { RotationView } from '../../../../shared/ipc/index.ts';
import { STEP_STATE_WORDS, STEPS, stepTitle } from '../../lib/rotation.ts';
import { useKeyRotation, useRotation, useRotationActions, useRotationsLoaded } from '../../state/useRotationStore.ts';
import { useKeysStore } from '../../state/useKeysStore.ts';
import { useTargetActions, useTargets } from '../../state/useTargetsStore.ts';
import { useWorkspacesStore } from '../../state/useWorkspacesStore.ts';
import { Dialog } from '../common/Dialog.tsx';
import { CreatePanel } from './CreatePanel.tsx';
import { DistributePanel } from './DistributePanel.tsx';
import { DonePanel } from './DonePanel.tsx';
import { RetirePanel } from './RetirePanel.tsx';
import { StartPanel } from './StartPanel.tsx';
import { useAction } from './useAction.ts';
import { VerifyPanel } from './VerifyPanel.tsx';

type WizardProps = {
  workspaceId: string;
  keyId: string;
  mode?: 'standard' | 'leaked';
  onClose(): void;
};

export function RotationWizard({ workspaceId, keyId, mode = 'standard', onClose }: WizardProps) {
  // Null when the key isn't listed (any more): its rotation's own name is shown then.
  const vaultKey = useKeysStore((s) => s.byWorkspace[workspaceId]?.keys.find((k) => k.id === keyId) ?? null);
  const external = useWorkspacesStore((s) => s.workspaces.find((w) => w.id === workspaceId)?.kind === 'external');
  const loaded = useRotationsLoaded();
  const inProgress = useKeyRotation(workspaceId, keyId);
  // The rotation shown stays on screen once it ends (it is no longer "in progress" then).
  const [rotationId, setRotationId] = useState<string | null>(inProgress?.id ?? null);
  if (rotationId === null && inProgress !== null) setRotationId(inProgress.id);
  const rotation = useRotation(rotationId);
  const { start } = useRotationActions();
  const owner = { workspaceId, keyId };
  const destinations = useTargets(owner);
  const { load } = useTargetActions();
  const name = rotation?.keyName ?? vaultKey?.name ?? 'this key';
  // Where the keyboard starts: the safe choice before a rotation exists, the step's title after.
  const firstFocus = useRef<HTMLElement>(null);
  const leaked = (rotation?.mode ?? mode) === 'leaked';

  useEffect(() => {
    void load({ workspaceId, keyId });
  }, [workspaceId, keyId, load]);

  let body;
  if (!loaded && rotation === null) {
    body = (
      <p className="muted" role="status">
        Looking for a rotation of this key in progress…
      </p>
    );
  } else if (rotation === null) {
    body = (
      <StartPanel
        kind={external ? 'external' : 'managed'}
        mode={mode}
        provider={vaultKey?.provider ?? null}
        destinations={destinations.loading && destinations.items.length === 0 ? null : destinations.items.length}
        firstFocus={firstFocus}
        onClose={onClose}
        onStart={async (input) => {
          const result = await start({ workspaceId, keyId, ...input });
          if (!result.ok) return result;
          setRotationId(result.value);
          return null;
        }}
      />
    );
  } else {
    body = (
      <RotationSteps
        rotation={rotation}
        provider={vaultKey?.provider ?? null}
        askedForLeaked={mode === 'leaked' && rotation.mode !== 'leaked'}
        headingRef={firstFocus}
        onClose={onClose}
      />
    );
  }

  return (
    <Dialog
      title={leaked ? `This key leaked: ${name}` : `Rotate ${name}`}
      description={
        rotation === null
          ? leaked
            ? 'Replace it at once, everywhere, and see who used it.'
            : 'Replace this key with a new one, step by step. You can close this window at any step: the rotation waits where it is.'
          : undefined
      }
      onDismiss={onClose}
      initialFocus={firstFocus}
      width="wide"
      role={rotation === null && leaked ? 'alertdialog' : 'dialog'}
    >
      {body}
    </Dialog>
  );
}

function RotationSteps({
  rotation,
  provider,
  askedForLeaked,
  headingRef,
  onClose,
}: {
  rotation: RotationView;
  provider: string | null;
  askedForLeaked: boolean;
  /** The step's title, which takes the keyboard whenever the step changes. */
  headingRef: RefObject<HTMLElement | null>;
  onClose(): void;
}) {
  const [cancelling, setCancelling] = useState(false);
  const { cancel } = useRotationActions();
  const { busy, failure, run } = useAction();
  const over = rotation.status !== 'in_progress';
  const step = over || rotation.step === 'done' ? null : rotation.step;
  const position = step === null ? null : STEPS.indexOf(step) + 1;

  // A new step (or the end) takes the keyboard to its title, so nobody is left on a button that is gone.
  const shown = `${rotation.id}:${step ?? rotation.status}:${cancelling}`;
  const firstShown = useRef(shown);
  useEffect(() => {
    if (shown !== firstShown.current) headingRef.current?.focus();
  }, [shown, headingRef]);

  return (
    <>
      {askedForLeaked && !over && (
        <p className="notice notice--warning">
          This key is already being rotated. If it leaked, revoke the old key now (in the Retire step, or cancel this
          rotation and start again with “This key leaked…”).
        </p>
      )}
      <Stepper rotation={rotation} current={step} />
      <h3 ref={headingRef as RefObject<HTMLHeadingElement | null>} tabIndex={-1} className="rotation-step-title">
        {cancelling
          ? 'Cancel this rotation?'
          : step === null
            ? rotation.status === 'completed'
              ? 'Done'
              : 'Cancelled'
            : `Step ${position} of 4: ${stepTitle(step, rotation.kind)}`}
      </h3>
      {cancelling ? (
        <div className="rotation-confirm">
          <p>{rotation.cancelNote}</p>
          {failure && (
            <p className="notice notice--error" role="alert">
              {failure.message}
            </p>
          )}
          <div className="dialog__actions">
            <button type="button" className="button" onClick={() => setCancelling(false)}>
              Keep rotating
            </button>
            <button
              type="button"
              className="button button--danger-solid"
              aria-disabled={busy !== null}
              onClick={() =>
                void run('cancel', async () => {
                  const refused = await cancel(rotation.id);
                  if (refused === null) setCancelling(false);
                  return refused;
                })
              }
            >
              Cancel the rotation
            </button>
          </div>
        </div>
      ) : (
        <>
          <div className="rotation-step">
            {step === null && <DonePanel rotation={rotation} />}
            {step === 'create' && <CreatePanel rotation={rotation} provider={provider} />}
            {step === 'distribute' && <DistributePanel rotation={rotation} />}
            {step === 'verify' && <VerifyPanel rotation={rotation} />}
            {step === 'retire' && <RetirePanel rotation={rotation} provider={provider} />}
          </div>
          <div className="dialog__actions rotation-footer">
            {!over && (
              <button
                type="button"
                className="button button--ghost rotation-footer__cancel"
                onClick={() => setCancelling(true)}
              >
                Cancel rotation…
              </button>
            )}
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </>
  );
}

function Stepper({ rotation, current }: { rotation: RotationView; current: RotationView['step'] | null }) {
  return (
    <ol className="stepper" aria-label="Rotation steps">
      {STEPS.map((name, index) => {
        const state = rotation.steps[name].state;
        const isCurrent = current === name;
        return (
          <li
            key={name}
            className={`stepper__step stepper__step--${state}${isCurrent ? ' is-current' : ''}`}
            aria-current={isCurrent ? 'step' : undefined}
          >
            <span className="stepper__number" aria-hidden="true">
              {state === 'done' ? '✓' : state === 'skipped' ? '–' : index + 1}
            </span>
            <span className="stepper__label">
              {stepTitle(name, rotation.kind)}
              <span className="stepper__state">{STEP_STATE_WORDS[state]}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
