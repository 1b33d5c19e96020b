/**
 * One destination in the distribute step: its live state and sentence, and what can be done about
 * it: retry it alone, copy its command (never with the secret) and then the secret itself (the
 * key's own copy, cleared like every copy), and say it was set by hand.
 */
import { useState } from 'react';
import type { RotationTargetView, RotationView } from '../../../../shared/ipc/index.ts';
import { SECRET_TARGET_TITLES } from '../../../../shared/secret-targets.ts';
import { OUTCOME_WORDS, PUSH_STATE_WORDS } from '../../lib/push-words.ts';
import { formatClipboardDelay } from '../../lib/time.ts';
import type { IpcFailure } from '../../state/bridge.ts';
import { useAppStore } from '../../state/useAppStore.ts';
import { useKeyActions } from '../../state/useKeysStore.ts';
import { useRotationActions } from '../../state/useRotationStore.ts';
import { useTargetActions } from '../../state/useTargetsStore.ts';

type Run = (name: string, action: () => Promise<IpcFailure | null>) => Promise<IpcFailure | null>;

export function PushItem({
  rotation,
  push,
  busy,
  onRun,
}: {
  rotation: RotationView;
  push: RotationTargetView;
  /** Another action (or a push) is under way. */
  busy: boolean;
  onRun: Run;
}) {
  const { retryTarget, markTargetDone } = useRotationActions();
  const { copyCommand } = useTargetActions();
  const { copy } = useKeyActions();
  const clearSeconds = useAppStore((s) => s.settings?.clipboardClearSeconds ?? null);
  const [copied, setCopied] = useState<string | null>(null);
  const title = push.kind === null ? 'Unknown kind' : SECRET_TARGET_TITLES[push.kind];
  const canAct = push.state !== 'done' && push.state !== 'running';
  const hasCommand = push.kind !== null && push.kind !== 'dotenv';
  const successor = rotation.successor;

  const copyTheCommand = () =>
    onRun(`command:${push.targetId}`, async () => {
      const result = await copyCommand(push.targetId);
      if (!result.ok) return result;
      const clears = result.value.clearsAt && clearSeconds ? ` (cleared in ${formatClipboardDelay(clearSeconds)})` : '';
      const input =
        result.value.stdin === 'item-json'
          ? 'it reads an item document holding the secret on its input'
          : 'it waits for the secret on its input: paste it there';
      setCopied(
        `Command copied${clears}. Run it, copy the secret, ${input}; then choose “Set by hand”.` +
          (result.value.note ? ` ${result.value.note}` : ''),
      );
      return null;
    });

  return (
    <li className={`push-item push-item--${push.state}`}>
      <div className="push-item__head">
        <span className="push-item__name">{push.label}</span>
        <span className="push-item__state">
          <span className="push-item__dot" aria-hidden="true" />
          {PUSH_STATE_WORDS[push.state]}
        </span>
      </div>
      <div className="muted push-item__kind">
        {title}
        {push.attempts > 1 && ` · ${push.attempts} attempts`}
        {push.outcome && push.outcome !== 'ok' && ` · ${OUTCOME_WORDS[push.outcome]}`}
      </div>
      {push.message && push.state !== 'done' && <p className="push-item__message">{push.message}</p>}
      {push.state === 'done' && push.outcome === 'manual' && <p className="muted">You set it by hand.</p>}
      {canAct && successor && push.state !== 'waiting' && (
        <div className="button-row">
          <button
            type="button"
            className="button button--small"
            aria-label={`Retry ${push.label}`}
            aria-disabled={busy}
            onClick={() => void onRun(`retry:${push.targetId}`, () => retryTarget(rotation.id, push.targetId))}
          >
            Retry
          </button>
          {hasCommand && (
            <button
              type="button"
              className="button button--small"
              aria-label={`Copy command for ${push.label}`}
              aria-disabled={busy}
              onClick={() => void copyTheCommand()}
            >
              Copy command
            </button>
          )}
          <button
            type="button"
            className="button button--small"
            aria-label={`Copy secret for ${push.label}`}
            onClick={() => void copy(rotation.workspaceId, successor.keyId)}
          >
            Copy secret
          </button>
          <button
            type="button"
            className="button button--small"
            aria-label={`Set by hand: ${push.label}`}
            aria-disabled={busy}
            onClick={() => void onRun(`manual:${push.targetId}`, () => markTargetDone(rotation.id, push.targetId))}
          >
            Set by hand
          </button>
        </div>
      )}
      <p className="push-item__copied" role="status">
        {copied ?? ''}
      </p>
    </li>
  );
}
