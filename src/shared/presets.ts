/**
 * Presets for external keys: keys issued by services that have no management API, which the user
 * pastes into the vault. A preset carries the issuer's policy (scopes, validity, deletion delay,
 * secret format) so the vault can check a pasted key and show the same countdowns as managed
 * keys. Pure data and pure functions: runs anywhere.
 */
import { DAY_MS, type KeyEnvironment } from './api/index.ts';

export interface ExternalKeyPreset {
  id: string;
  /** Shown as the key's provider. */
  provider: string;
  /** Scope labels the issuer offers; null when the issuer has no scopes. */
  scopes: readonly string[] | null;
  /** How long the issuer's keys live; used for the default expiry. */
  validityDays: number;
  /** When the issuer deletes an expired key; null when it does not say. */
  deleteAfterExpiryDays: number | null;
  /** What a secret looks like, in words, for the add form. Null when any text is accepted. */
  formatHint: string | null;
  /** The issuer's key shape; the environment is read from the `env` group when there is one. */
  format: RegExp | null;
  /** How many leading characters the issuer itself treats as a non-secret label; 0 = none. */
  labelLength: number;
}

export const EXTERNAL_KEY_PRESETS: readonly ExternalKeyPreset[] = [
  {
    // One scope per key, valid one year, deleted three months after expiry.
    id: 'letsignit',
    provider: 'Letsignit',
    scopes: ['SCIM', 'On Premise', 'Public APIs'],
    validityDays: 365,
    deleteAfterExpiryDays: 90,
    formatHint: null,
    format: null,
    labelLength: 0,
  },
  {
    // `lsk_live_…` / `lsk_test_…` bearer keys whose first 12 characters are a non-secret label.
    // Only the shape is checked: real keys don't carry our checksum, so parseCredential would
    // reject them.
    id: 'letssign-now',
    provider: 'letssign.now',
    scopes: null,
    validityDays: 365,
    deleteAfterExpiryDays: null,
    formatHint: 'Starts with lsk_live_ or lsk_test_, followed by letters and digits.',
    format: /^lsk_(?<env>live|test)_[0-9A-Za-z]+$/,
    labelLength: 12,
  },
];

export function findPreset(id: string): ExternalKeyPreset | null {
  return EXTERNAL_KEY_PRESETS.find((preset) => preset.id === id) ?? null;
}

/** The expiry the add form proposes: one validity period from now. */
export function defaultExpiryFor(preset: ExternalKeyPreset | null, now: Date): string {
  const days = preset?.validityDays ?? 365;
  return new Date(now.getTime() + days * DAY_MS).toISOString();
}

/** When the issuer deletes the key; the expiry itself when the issuer does not say. */
export function deletionDateFor(preset: ExternalKeyPreset | null, expiresAt: string): string {
  const delayDays = preset?.deleteAfterExpiryDays ?? 0;
  return new Date(Date.parse(expiresAt) + delayDays * DAY_MS).toISOString();
}

export interface ExternalKeyCandidate {
  secret: string;
  scopeLabel: string;
  environment?: KeyEnvironment | undefined;
}

export type PresetCheck =
  | { ok: true; environment: KeyEnvironment; label: string }
  | { ok: false; field: 'secret' | 'scopeLabel' | 'environment'; message: string };

const HINT_LENGTH = 4;

/**
 * Checks a pasted key against its preset (or, with no preset, only that it's a single token) and
 * works out the environment and the non-secret label to show in lists.
 */
export function checkExternalKey(preset: ExternalKeyPreset | null, candidate: ExternalKeyCandidate): PresetCheck {
  const secret = candidate.secret;
  if (secret.trim() !== secret || /\s/.test(secret)) {
    return { ok: false, field: 'secret', message: 'The secret contains spaces or line breaks: paste the key alone.' };
  }
  if (preset?.scopes && !preset.scopes.includes(candidate.scopeLabel)) {
    return {
      ok: false,
      field: 'scopeLabel',
      message: `${preset.provider} keys have one of these scopes: ${preset.scopes.join(', ')}.`,
    };
  }
  let environment: KeyEnvironment = candidate.environment ?? 'live';
  if (preset?.format) {
    const match = preset.format.exec(secret);
    if (!match) {
      return {
        ok: false,
        field: 'secret',
        message: `This doesn't look like a ${preset.provider} key. ${preset.formatHint ?? ''}`.trim(),
      };
    }
    const fromSecret = match.groups?.env as KeyEnvironment | undefined;
    if (fromSecret && candidate.environment && fromSecret !== candidate.environment) {
      return {
        ok: false,
        field: 'environment',
        message: `This is a ${fromSecret} key (it starts with lsk_${fromSecret}_): choose the ${fromSecret} environment or paste the ${candidate.environment} key.`,
      };
    }
    environment = fromSecret ?? environment;
  }
  return { ok: true, environment, label: labelFor(preset, secret) };
}

/**
 * The issuer's own label when it has one; otherwise only a few leading characters, because the
 * beginning of an arbitrary short secret may be most of the secret.
 */
function labelFor(preset: ExternalKeyPreset | null, secret: string): string {
  if (preset && preset.labelLength > 0) return secret.slice(0, preset.labelLength);
  const shown = Math.min(HINT_LENGTH, Math.floor(secret.length / 4));
  return `${secret.slice(0, shown)}…`;
}
