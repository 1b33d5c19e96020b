import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import {
  defaultCreateKeyForm,
  defaultExternalKeyForm,
  expiryFromDateInput,
  toCreateKeyRequest,
  toExternalKeyInput,
} from '../../../src/renderer/src/lib/key-forms.ts';
import { toDateInputValue } from '../../../src/renderer/src/lib/time.ts';
import { findPreset } from '../../../src/shared/presets.ts';

const NOW = Date.parse('2027-03-01T12:00:00.000Z');

describe('create key form', () => {
  it('defaults to a live SCIM key expiring in one year, sent as the service default', () => {
    const form = { ...defaultCreateKeyForm(NOW), name: '  Entra ID  ' };
    const result = toCreateKeyRequest(form, NOW);
    expect(result).toEqual({
      ok: true,
      value: { name: 'Entra ID', scope: 'scim', environment: 'live', scimCustomAttributes: false },
    });
  });

  it('sends On Premise options only for On Premise keys', () => {
    const form = {
      ...defaultCreateKeyForm(NOW),
      name: 'AD sync',
      scope: 'on_premise' as const,
      retrieveSignatures: true,
    };
    const result = toCreateKeyRequest(form, NOW);
    expect(result.ok && result.value.options).toEqual({ retrieveSignatures: true, sendDirectoryInfo: false });
    expect(result.ok && 'scimCustomAttributes' in result.value).toBe(false);
  });

  it('puts an error sentence on each wrong field', () => {
    const result = toCreateKeyRequest(
      { ...defaultCreateKeyForm(NOW), name: ' ', expiresOn: toDateInputValue(NOW) },
      NOW,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name).toMatch(/name/);
    expect(result.errors.expiresOn).toMatch(/after today/);
  });

  it('refuses an expiry beyond one year and accepts an earlier one', () => {
    const tooLate = expiryFromDateInput(toDateInputValue(NOW + 367 * DAY_MS), NOW);
    expect(tooLate.ok).toBe(false);
    const inTenDays = expiryFromDateInput(toDateInputValue(NOW + 10 * DAY_MS), NOW);
    expect(inTenDays.ok && inTenDays.iso !== undefined && Math.round((Date.parse(inTenDays.iso) - NOW) / DAY_MS)).toBe(
      10,
    );
  });
});

describe('external key form', () => {
  it('checks the secret against the letssign.now preset and reads its environment', () => {
    const preset = findPreset('letssign-now');
    const form = { ...defaultExternalKeyForm(NOW, preset), name: 'Prod', secret: 'not a key' };
    const bad = toExternalKeyInput(form, NOW);
    expect(!bad.ok && bad.errors.secret).toBeTruthy();
    const good = toExternalKeyInput({ ...form, secret: 'lsk_live_abc123' }, NOW);
    expect(good.ok && good.value).toMatchObject({
      provider: 'letssign.now',
      presetId: 'letssign-now',
      environment: 'live',
    });
  });

  it('needs a provider name for other services', () => {
    const form = { ...defaultExternalKeyForm(NOW, null), name: 'Stripe', secret: 'sk_live_x' };
    const result = toExternalKeyInput(form, NOW);
    expect(!result.ok && result.errors.provider).toMatch(/product/);
    const ok = toExternalKeyInput({ ...form, provider: 'Stripe' }, NOW);
    expect(ok.ok && ok.value.provider).toBe('Stripe');
    expect(ok.ok && ok.value.presetId).toBeUndefined();
  });
});
