/** Keys from services with no management API, pasted into the vault with a preset's checks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import { defaultExpiryFor, findPreset } from '../../../src/shared/presets.ts';
import { cleanUp, keytar, startCoreFixture, type CoreFixture } from './core-fixture.ts';

let app: CoreFixture;

beforeAll(async () => {
  app = await startCoreFixture();
});

afterAll(async () => {
  await app?.close();
  if (app) await cleanUp(app.service, [app.dataDir]);
});

describe('external keys', () => {
  const realLooking = 'lsk_live_9fQ2xR7mLp0aZt4KwB8nVc3YhJ6eUd1s';

  it('rejects a malformed letssign.now key with a sentence', async () => {
    const result = await app.attempt('externalKeys:add', {
      name: 'Signing webhook',
      provider: 'letssign.now',
      scopeLabel: '',
      secret: 'sk_live_not-a-letssign-key',
      expiresAt: defaultExpiryFor(findPreset('letssign-now'), app.clock.now()),
      presetId: 'letssign-now',
    });
    expect(result).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(!result.ok && result.message).toMatch(/doesn't look like a letssign\.now key/);
  });

  it('keeps a letssign.now key in the keychain with its label, environment and countdown', async () => {
    const key = await app.call('externalKeys:add', {
      name: 'Signing webhook',
      provider: 'letssign.now',
      scopeLabel: 'Workspace',
      secret: realLooking,
      expiresAt: new Date(app.clock.now().getTime() + 20 * DAY_MS).toISOString(),
      presetId: 'letssign-now',
    });
    expect(key).toMatchObject({
      workspaceId: 'external',
      provider: 'letssign.now',
      prefix: 'lsk_live_9fQ',
      environment: 'live',
      status: 'expiring',
      hasSecret: true,
      scope: null,
    });
    expect(await keytar.getPassword(app.service, `external/${key.id}`)).toBe(realLooking);
    await expect(app.call('keys:reveal', { workspaceId: 'external', keyId: key.id })).resolves.toEqual({
      secret: realLooking,
    });
    expect(app.tray.last?.count).toBe(1);
    const collection = (await app.call('workspaces:list')).find((workspace) => workspace.kind === 'external');
    expect(collection).toMatchObject({ keyCount: 1, expiringCount: 1 });

    await app.call('externalKeys:remove', { workspaceId: 'external', keyId: key.id });
    expect(await keytar.getPassword(app.service, `external/${key.id}`)).toBeNull();
    expect(app.tray.last?.count).toBe(0);
  });

  it('applies the Letsignit policy: its scopes, and deletion three months after expiry', async () => {
    const wrongScope = await app.attempt('externalKeys:add', {
      name: 'Signatures',
      provider: 'Letsignit',
      scopeLabel: 'Everything',
      secret: 'a3f9c2e71b8d4f60',
      expiresAt: defaultExpiryFor(findPreset('letsignit'), app.clock.now()),
      presetId: 'letsignit',
    });
    expect(wrongScope).toMatchObject({ ok: false, code: 'invalid_input' });

    const expiresAt = defaultExpiryFor(findPreset('letsignit'), app.clock.now());
    const key = await app.call('externalKeys:add', {
      name: 'Signatures',
      provider: 'Letsignit',
      scopeLabel: 'On Premise',
      secret: 'a3f9c2e71b8d4f60',
      expiresAt,
      presetId: 'letsignit',
    });
    expect(Date.parse(key.deletesAt) - Date.parse(key.expiresAt)).toBe(90 * DAY_MS);
    // An arbitrary secret shows only a few characters.
    expect(key.prefix).toBe('a3f9…');
    expect(key.status).toBe('active');

    app.clock.advance(366 * DAY_MS);
    const list = await app.call('keys:list', { workspaceId: 'external' });
    expect(list.keys.map((k) => [k.name, k.status])).toEqual([['Signatures', 'expired']]);
    const revoke = await app.attempt('keys:revoke', { workspaceId: 'external', keyId: key.id });
    expect(revoke).toMatchObject({ ok: false, code: 'unsupported' });
  });

  it('renames an external key, and says why everything else about it is done where it was issued', async () => {
    const key = await app.call('externalKeys:add', {
      name: 'Maps',
      provider: 'Google Maps',
      scopeLabel: '',
      secret: 'AIzaSyA-pasted-maps-key',
      expiresAt: new Date(app.clock.now().getTime() + 90 * DAY_MS).toISOString(),
    });
    const ref = { workspaceId: 'external', keyId: key.id };
    await expect(app.call('keys:update', { ...ref, patch: { name: 'Maps (prod)' } })).resolves.toMatchObject({
      id: key.id,
      name: 'Maps (prod)',
      hasSecret: true,
    });
    const refusals = [
      [
        await app.attempt('keys:update', { ...ref, patch: {} }),
        'invalid_input',
        'Nothing to change: give the key a new name.',
      ],
      [
        await app.attempt('keys:update', { ...ref, patch: { options: { retrieveSignatures: true } } }),
        'unsupported',
        'On Premise options belong to keys managed by Keywarden, not external keys.',
      ],
      [
        await app.attempt('keys:create', { workspaceId: 'external', request: { name: 'New', scope: 'public_api' } }),
        'unsupported',
        'External keys are issued elsewhere: add one with its secret instead.',
      ],
      [
        await app.attempt('keys:revoke', ref),
        'unsupported',
        "Keywarden can't revoke a key at the service that issued it: revoke it there, then remove it from the vault.",
      ],
    ];
    for (const [result, code, message] of refusals) expect(result).toEqual({ ok: false, code, message });

    const local = (await app.call('workspaces:list')).find((workspace) => workspace.kind === 'local')!;
    await expect(app.attempt('externalKeys:remove', { workspaceId: local.id, keyId: key.id })).resolves.toEqual({
      ok: false,
      code: 'unsupported',
      message: 'Only external keys are removed this way; revoke a managed key instead.',
    });
    const names = (await app.call('keys:list', { workspaceId: 'external' })).keys.map((listed) => listed.name);
    expect(names).toContain('Maps (prod)');
    await expect(app.call('keys:reveal', ref)).resolves.toEqual({ secret: 'AIzaSyA-pasted-maps-key' });
  });
});
