/**
 * The create-key and external-key forms as pure functions: form state in, either a request the
 * contract accepts or one sentence per field that is wrong. Dates come from `<input type=date>`
 * (local yyyy-mm-dd) and are checked against the core's clock.
 */
import {
  DAY_MS,
  KEY_VALIDITY_DAYS,
  type CreateApiKeyRequest,
  type KeyEnvironment,
  type KeyScope,
} from '../../../shared/api/index.ts';
import type { ExternalKeyInput } from '../../../shared/ipc/index.ts';
import { checkExternalKey, defaultExpiryFor, findPreset, type ExternalKeyPreset } from '../../../shared/presets.ts';
import { toDateInputValue } from './time.ts';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;
export type FormResult<T, F extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<F> };

export type CreateKeyForm = {
  name: string;
  scope: KeyScope;
  environment: KeyEnvironment;
  scimCustomAttributes: boolean;
  retrieveSignatures: boolean;
  sendDirectoryInfo: boolean;
  /** yyyy-mm-dd */
  expiresOn: string;
};

export function maxExpiryMs(nowMs: number, validityDays = KEY_VALIDITY_DAYS): number {
  return nowMs + validityDays * DAY_MS;
}

export function defaultCreateKeyForm(nowMs: number): CreateKeyForm {
  return {
    name: '',
    scope: 'scim',
    environment: 'live',
    scimCustomAttributes: false,
    retrieveSignatures: false,
    sendDirectoryInfo: false,
    expiresOn: toDateInputValue(maxExpiryMs(nowMs)),
  };
}

type ExpiryCheck = { ok: true; iso: string | undefined } | { ok: false; message: string };

/**
 * The chosen day at the current time of day, capped at the maximum. Choosing the default (last)
 * day sends nothing, so the service applies its own "one year from now".
 */
export function expiryFromDateInput(value: string, nowMs: number, validityDays = KEY_VALIDITY_DAYS): ExpiryCheck {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return { ok: false, message: 'Choose an expiry date.' };
  const max = maxExpiryMs(nowMs, validityDays);
  if (value === toDateInputValue(max)) return { ok: true, iso: undefined };
  const now = new Date(nowMs);
  const chosen = new Date(
    Number(match[1]),
    Number(match[2]) - 1,
    Number(match[3]),
    now.getHours(),
    now.getMinutes(),
    now.getSeconds(),
  ).getTime();
  if (Number.isNaN(chosen)) return { ok: false, message: 'Choose an expiry date.' };
  if (value <= toDateInputValue(nowMs)) return { ok: false, message: 'The expiry date must be after today.' };
  if (chosen > max) {
    return { ok: false, message: `Keys are valid for at most one year: choose ${toDateInputValue(max)} or earlier.` };
  }
  return { ok: true, iso: new Date(chosen).toISOString() };
}

function checkName(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'Give the key a name, e.g. "Entra ID provisioning".';
  if (trimmed.length > 100) return 'Keep the name under 100 characters.';
  return undefined;
}

export type CreateKeyField = 'name' | 'expiresOn';

export function toCreateKeyRequest(
  form: CreateKeyForm,
  nowMs: number,
): FormResult<CreateApiKeyRequest, CreateKeyField> {
  const errors: FieldErrors<CreateKeyField> = {};
  const nameError = checkName(form.name);
  if (nameError) errors.name = nameError;
  const expiry = expiryFromDateInput(form.expiresOn, nowMs);
  if (!expiry.ok) errors.expiresOn = expiry.message;
  if (nameError || !expiry.ok) return { ok: false, errors };

  const request: CreateApiKeyRequest = { name: form.name.trim(), scope: form.scope, environment: form.environment };
  if (expiry.iso !== undefined) request.expiresAt = expiry.iso;
  if (form.scope === 'scim') request.scimCustomAttributes = form.scimCustomAttributes;
  if (form.scope === 'on_premise') {
    request.options = { retrieveSignatures: form.retrieveSignatures, sendDirectoryInfo: form.sendDirectoryInfo };
  }
  return { ok: true, value: request };
}

export type ExternalKeyForm = {
  name: string;
  /** A preset id from src/shared/presets.ts, or `other`. */
  presetId: string;
  /** Free text when the preset is `other`. */
  provider: string;
  scopeLabel: string;
  environment: KeyEnvironment;
  expiresOn: string;
  secret: string;
};

export type ExternalKeyField = 'name' | 'provider' | 'scopeLabel' | 'environment' | 'expiresOn' | 'secret';

export function defaultExternalKeyForm(nowMs: number, preset: ExternalKeyPreset | null): ExternalKeyForm {
  return {
    name: '',
    presetId: preset?.id ?? 'other',
    provider: '',
    scopeLabel: preset?.scopes?.[0] ?? '',
    environment: 'live',
    expiresOn: toDateInputValue(Date.parse(defaultExpiryFor(preset, new Date(nowMs)))),
    secret: '',
  };
}

export function toExternalKeyInput(
  form: ExternalKeyForm,
  nowMs: number,
): FormResult<ExternalKeyInput, ExternalKeyField> {
  const preset = findPreset(form.presetId);
  const validityDays = preset?.validityDays ?? KEY_VALIDITY_DAYS;
  const errors: FieldErrors<ExternalKeyField> = {};
  const nameError = checkName(form.name);
  if (nameError) errors.name = nameError;
  const provider = preset?.provider ?? form.provider.trim();
  if (provider === '') errors.provider = 'Say which product issued this key, e.g. "Stripe".';
  if (form.scopeLabel.trim().length > 100) errors.scopeLabel = 'Keep the scope under 100 characters.';
  const expiry = expiryFromDateInput(form.expiresOn, nowMs, validityDays);
  if (!expiry.ok) errors.expiresOn = expiry.message;
  if (form.secret === '') errors.secret = 'Paste the secret to keep it in your vault.';
  else {
    const check = checkExternalKey(preset, {
      secret: form.secret,
      scopeLabel: form.scopeLabel.trim(),
      environment: form.environment,
    });
    if (!check.ok) errors[check.field] ??= check.message;
  }
  if (Object.keys(errors).length > 0 || !expiry.ok) return { ok: false, errors };

  const input: ExternalKeyInput = {
    name: form.name.trim(),
    provider,
    scopeLabel: form.scopeLabel.trim(),
    environment: form.environment,
    secret: form.secret,
    expiresAt: expiry.iso ?? new Date(maxExpiryMs(nowMs, validityDays)).toISOString(),
  };
  if (preset) input.presetId = preset.id;
  return { ok: true, value: input };
}
