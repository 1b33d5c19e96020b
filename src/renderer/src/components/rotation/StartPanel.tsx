/**
 * Before a rotation exists: how long the old and the new key both work (with a plain warning for
 * "Immediately"), an external key's checklist in a sentence, or the leaked-key path's explanation
 * and the time its audit starts from. Nothing has happened anywhere until the button is pressed.
 */
import { useState, type FormEvent, type RefObject } from 'react';
import { OVERLAP_PRESETS, type IpcInput } from '../../../../shared/ipc/index.ts';
import {
  fromDateTimeInputValue,
  overlapSeconds,
  toDateTimeInputValue,
  type OverlapChoice,
  type OverlapUnit,
} from '../../lib/rotation.ts';
import { useNow } from '../../state/useAppStore.ts';
import type { IpcFailure } from '../../state/bridge.ts';
import { Field, focusFirstInvalid } from '../common/Field.tsx';
import { WarningIcon } from '../common/icons.tsx';

const DAY_MS = 86_400_000;

type StartInput = Omit<IpcInput<'rotations:start'>, 'workspaceId' | 'keyId'>;

export function StartPanel({
  kind,
  mode,
  provider,
  destinations,
  firstFocus,
  onStart,
  onClose,
}: {
  /** Takes the safe choice: Cancel on the leaked-key path, the chosen overlap, or Start. */
  firstFocus: RefObject<HTMLElement | null>;
  kind: 'managed' | 'external';
  mode: 'standard' | 'leaked';
  provider: string | null;
  /** How many destinations the key has (null while unknown). */
  destinations: number | null;
  onStart(input: StartInput): Promise<IpcFailure | null>;
  onClose(): void;
}) {
  const now = useNow();
  const [choice, setChoice] = useState<OverlapChoice>('one_day');
  const [custom, setCustom] = useState<{ amount: string; unit: OverlapUnit }>({ amount: '2', unit: 'hours' });
  const [since, setSince] = useState(() => toDateTimeInputValue(now - DAY_MS));
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<IpcFailure | null>(null);
  const [starting, setStarting] = useState(false);
  const where =
    destinations === null
      ? 'to this key’s destinations'
      : destinations === 0
        ? 'to this key’s destinations (it has none yet: add them in its details first, or set the secret by hand)'
        : `to its ${destinations} destination${destinations === 1 ? '' : 's'}`;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    if (starting) return;
    let input: StartInput;
    if (mode === 'leaked') {
      const auditSince = fromDateTimeInputValue(since);
      if (auditSince === null || Date.parse(auditSince) > now) {
        setFieldError('Choose a date and time in the past.');
        focusFirstInvalid(form);
        return;
      }
      input = { mode: 'leaked', auditSince };
    } else if (kind === 'external') {
      input = { mode: 'standard' };
    } else {
      const overlap = overlapSeconds(choice, custom);
      if (!overlap.ok) {
        setFieldError(overlap.message);
        focusFirstInvalid(form);
        return;
      }
      input = { mode: 'standard', overlapSeconds: overlap.seconds };
    }
    setFieldError(null);
    setStarting(true);
    setFailure(await onStart(input));
    setStarting(false);
  };

  return (
    <form className="rotation-start" onSubmit={(event) => void submit(event)} noValidate>
      {mode === 'leaked' ? (
        <>
          <ol className="rotation-start__plan">
            <li>A new key is made at once, with no overlap: the leaked key is revoked immediately.</li>
            <li>The new secret is pushed {where}, all at once.</li>
            <li>Then you see every request made with the leaked key since the time below, with masked IP addresses.</li>
          </ol>
          <p className="notice notice--warning">
            <WarningIcon />
            <span>Whatever still uses the leaked key fails from the first moment until it has the new secret.</span>
          </p>
          <Field label="Show requests since" hint="When the key may have leaked." error={fieldError ?? undefined}>
            <input
              type="datetime-local"
              value={since}
              max={toDateTimeInputValue(now)}
              onChange={(event) => setSince(event.target.value)}
            />
          </Field>
        </>
      ) : kind === 'external' ? (
        <ol className="rotation-start__plan">
          <li>
            Create a new key in {provider ?? 'the provider'}’s dashboard and paste it here: Keywarden checks its format
            and keeps it in your keychain.
          </li>
          <li>Keywarden pushes it {where}.</li>
          <li>
            You revoke the old key in {provider ?? 'the provider'}’s dashboard and confirm it here; only then does its
            secret leave your keychain.
          </li>
        </ol>
      ) : (
        <>
          <p>
            Keywarden asks the service for a new key and keeps its secret in your keychain before anything else, then
            pushes it {where}. The old key keeps working for the overlap you choose, so deployments can move over.
          </p>
          <OverlapChoiceField
            choice={choice}
            custom={custom}
            error={fieldError}
            checkedRef={firstFocus as RefObject<HTMLInputElement | null>}
            onChoice={(next) => {
              setChoice(next);
              setFieldError(null);
            }}
            onCustom={setCustom}
          />
          {choice === 'immediately' && (
            <p className="notice notice--warning notice--prominent" role="note">
              <WarningIcon />
              <span>
                <strong>The old key stops working the moment the new one exists</strong>, before any destination has the
                new secret: everything still using it fails until it is updated. Choose an overlap unless the key
                leaked.
              </span>
            </p>
          )}
        </>
      )}
      {failure && (
        <p className="notice notice--error" role="alert">
          {failure.message}
        </p>
      )}
      <div className="dialog__actions">
        <button
          ref={mode === 'leaked' ? (firstFocus as RefObject<HTMLButtonElement | null>) : undefined}
          type="button"
          className="button"
          onClick={onClose}
        >
          Cancel
        </button>
        <button
          ref={
            mode !== 'leaked' && kind === 'external' ? (firstFocus as RefObject<HTMLButtonElement | null>) : undefined
          }
          type="submit"
          className={`button ${mode === 'leaked' ? 'button--danger-solid' : 'button--primary'}`}
          aria-disabled={starting}
        >
          {starting
            ? 'Starting…'
            : mode === 'leaked'
              ? 'Revoke it and rotate now'
              : kind === 'external'
                ? 'Start the checklist'
                : 'Create the new key'}
        </button>
      </div>
    </form>
  );
}

function OverlapChoiceField({
  choice,
  custom,
  error,
  checkedRef,
  onChoice,
  onCustom,
}: {
  checkedRef: RefObject<HTMLInputElement | null>;
  choice: OverlapChoice;
  custom: { amount: string; unit: OverlapUnit };
  error: string | null;
  onChoice(choice: OverlapChoice): void;
  onCustom(custom: { amount: string; unit: OverlapUnit }): void;
}) {
  const options: { id: OverlapChoice; label: string }[] = [
    ...OVERLAP_PRESETS.map((preset) => ({ id: preset.id, label: preset.label })),
    { id: 'custom', label: 'Custom' },
  ];
  return (
    <fieldset className="fieldset">
      <legend>Both keys work for</legend>
      <div className="segmented">
        {options.map((option) => (
          <label key={option.id} className={choice === option.id ? 'is-checked' : ''}>
            <input
              ref={choice === option.id ? checkedRef : undefined}
              type="radio"
              name="overlap"
              checked={choice === option.id}
              onChange={() => onChoice(option.id)}
            />
            {option.label}
          </label>
        ))}
      </div>
      {choice === 'custom' && (
        <div className="overlap-custom">
          <Field label="Overlap" hint="Up to 7 days." error={error ?? undefined}>
            <input
              type="text"
              inputMode="decimal"
              value={custom.amount}
              onChange={(event) => onCustom({ ...custom, amount: event.target.value })}
            />
          </Field>
          <Field label="Unit">
            <select
              value={custom.unit}
              onChange={(event) => onCustom({ ...custom, unit: event.target.value as OverlapUnit })}
            >
              <option value="minutes">minutes</option>
              <option value="hours">hours</option>
              <option value="days">days</option>
            </select>
          </Field>
        </div>
      )}
    </fieldset>
  );
}
