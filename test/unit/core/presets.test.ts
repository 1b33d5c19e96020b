import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import { generateCredential } from '../../../src/shared/credentials.ts';
import { checkExternalKey, defaultExpiryFor, deletionDateFor, findPreset } from '../../../src/shared/presets.ts';

const letssign = findPreset('letssign-now')!;
const letsignit = findPreset('letsignit')!;

describe('letssign.now preset', () => {
  it('accepts real-looking keys without our checksum, and reads the environment from the prefix', () => {
    expect(checkExternalKey(letssign, { secret: 'lsk_test_a1b2c3d4e5f6', scopeLabel: '' })).toEqual({
      ok: true,
      environment: 'test',
      label: 'lsk_test_a1b',
    });
    expect(checkExternalKey(letssign, { secret: generateCredential('lsk_live_'), scopeLabel: '' })).toMatchObject({
      ok: true,
      environment: 'live',
    });
  });

  it.each(['sk_live_abc', 'lsk_prod_abc123', 'lsk_live_', 'lsk_live_abc-def', 'lsa_abcdef'])('rejects %s', (secret) => {
    expect(checkExternalKey(letssign, { secret, scopeLabel: '' })).toMatchObject({ ok: false, field: 'secret' });
  });

  it('refuses a test key filed as live', () => {
    const check = checkExternalKey(letssign, { secret: 'lsk_test_abc123', scopeLabel: '', environment: 'live' });
    expect(check).toMatchObject({ ok: false, field: 'environment' });
  });
});

describe('Letsignit preset', () => {
  it('offers the three scopes of the admin guide and nothing else', () => {
    for (const scope of ['SCIM', 'On Premise', 'Public APIs']) {
      expect(checkExternalKey(letsignit, { secret: 'x9k2m4p7q1w8', scopeLabel: scope })).toMatchObject({ ok: true });
    }
    expect(checkExternalKey(letsignit, { secret: 'x9k2m4p7q1w8', scopeLabel: 'Admin' })).toMatchObject({
      ok: false,
      field: 'scopeLabel',
    });
  });

  it('expires a year from now and is deleted three months after expiry', () => {
    const now = new Date('2030-03-01T00:00:00Z');
    const expiresAt = defaultExpiryFor(letsignit, now);
    expect(Date.parse(expiresAt) - now.getTime()).toBe(365 * DAY_MS);
    expect(Date.parse(deletionDateFor(letsignit, expiresAt)) - Date.parse(expiresAt)).toBe(90 * DAY_MS);
  });
});

describe('any external key', () => {
  it('shows only a few characters of a secret with no known label', () => {
    expect(checkExternalKey(null, { secret: 'abcdefghijklmnop', scopeLabel: 'read' })).toEqual({
      ok: true,
      environment: 'live',
      label: 'abcd…',
    });
    expect(checkExternalKey(null, { secret: 'abc', scopeLabel: '' })).toMatchObject({ label: '…' });
  });

  it('refuses a paste with spaces or line breaks', () => {
    expect(checkExternalKey(null, { secret: 'abc def', scopeLabel: '' })).toMatchObject({ ok: false, field: 'secret' });
  });
});
