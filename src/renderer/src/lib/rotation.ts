/**
 * Words and numbers for the rotation wizard: each step's title (an external key's rotation is a
 * checklist with its own words), what a step's state is called, the overlap choices, masked IPs as
 * people read them, and the traffic chart's rows. Pure.
 */
import { MAX_OVERLAP_SECONDS } from '../../../shared/api/index.ts';
import {
  OVERLAP_PRESETS,
  type RotationStepName,
  type RotationStepState,
  type RotationTraffic,
  type RotationView,
  type VaultKey,
} from '../../../shared/ipc/index.ts';
import { statusAt } from './key-table.ts';

export const STEPS: readonly RotationStepName[] = ['create', 'distribute', 'verify', 'retire'];

export function stepTitle(step: RotationStepName, kind: RotationView['kind']): string {
  if (kind === 'external') {
    return { create: 'Paste the new secret', distribute: 'Distribute', verify: 'Verify', retire: 'Confirm revoked' }[
      step
    ];
  }
  return { create: 'Create', distribute: 'Distribute', verify: 'Verify', retire: 'Retire' }[step];
}

export const STEP_STATE_WORDS: Readonly<Record<RotationStepState, string>> = {
  pending: 'to do',
  running: 'under way',
  done: 'done',
  failed: 'stopped',
  needs_attention: 'needs you',
  skipped: 'skipped',
};

export type OverlapChoice = (typeof OVERLAP_PRESETS)[number]['id'] | 'custom';
export type OverlapUnit = 'minutes' | 'hours' | 'days';
const UNIT_SECONDS: Readonly<Record<OverlapUnit, number>> = { minutes: 60, hours: 3600, days: 86_400 };

/** The chosen overlap in seconds, or the sentence that says what is wrong with a custom one. */
export function overlapSeconds(
  choice: OverlapChoice,
  custom: { amount: string; unit: OverlapUnit },
): { ok: true; seconds: number } | { ok: false; message: string } {
  const preset = OVERLAP_PRESETS.find((candidate) => candidate.id === choice);
  if (preset) return { ok: true, seconds: preset.seconds };
  const amount = Number(custom.amount);
  if (custom.amount.trim() === '' || !Number.isFinite(amount) || amount <= 0) {
    return { ok: false, message: 'Enter how long both keys work, a number above 0.' };
  }
  const seconds = Math.round(amount * UNIT_SECONDS[custom.unit]);
  if (seconds > MAX_OVERLAP_SECONDS) return { ok: false, message: 'The overlap is at most 7 days.' };
  return { ok: true, seconds };
}

/** A masked IPv4 address shows its hidden part as `x`, so nobody reads `.0` as a real host. */
export function shownIp(masked: string | null): string {
  if (masked === null) return 'an unknown address';
  return /^\d+\.\d+\.\d+\.0$/.test(masked) ? `${masked.slice(0, -1)}x` : masked;
}

export type TrafficRow = { label: string; at: string; oldKey: number; newKey: number };

/** The chart's rows, "14:05" on the axis. */
export function trafficRows(traffic: RotationTraffic): TrafficRow[] {
  return traffic.minutes.map((minute) => ({
    ...minute,
    label: new Date(minute.at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
  }));
}

/** The chart in words, for everyone and for screen readers. */
export function trafficSentence(traffic: RotationTraffic): string {
  const sum = (side: 'oldKey' | 'newKey') => traffic.minutes.reduce((total, minute) => total + minute[side], 0);
  const requests = (count: number) => `${count.toLocaleString()} request${count === 1 ? '' : 's'}`;
  return (
    `In the last ${traffic.minutes.length} minutes: the old key made ${requests(sum('oldKey'))}, ` +
    `the new key ${requests(sum('newKey'))}.`
  );
}

/** yyyy-mm-ddThh:mm in local time, the value format of `<input type="datetime-local">`. */
export function toDateTimeInputValue(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value as an ISO time, or null when it isn't one. */
export function fromDateTimeInputValue(value: string): string | null {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * Whether a key can start a rotation: a managed key that still works and wasn't already replaced
 * (its successor is the one to rotate), or an external key not revoked (a new secret can replace
 * even an expired one). A rotation in progress is continued whatever this says.
 */
export function canRotate(key: VaultKey, nowMs: number, external: boolean): boolean {
  const status = statusAt(key, nowMs);
  if (external) return status !== 'revoked';
  return (status === 'active' || status === 'expiring') && key.rotatedToId === null;
}

/** Only a managed key that still works can take the leaked-key path; an external one is revoked at its provider. */
export function canReportLeak(key: VaultKey, nowMs: number, external: boolean): boolean {
  return !external && canRotate(key, nowMs, false);
}
