/**
 * Rotating an external key (no management API) is a checklist: paste the new secret made in the
 * provider's dashboard (checked by the key's preset), push it to the destinations, confirm the old
 * key revoked at the provider. The old secret stays in the keychain until that confirmation.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCredential } from '../../../src/shared/credentials.ts';
import { cleanUp, keytar, type CoreFixture } from './core-fixture.ts';
import { ENV_NAME, envValue, expectNoSecretOnDisk, installStandIns, startRotationCore } from './rotation-fixture.ts';
import type { StandIns } from './secret-managers/stand-ins.ts';

let app: CoreFixture;
let standIns: StandIns;
const folder = mkdtempSync(join(tmpdir(), 'keywarden-external-rotation-'));
const envFile = join(folder, '.env');
const OLD = generateCredential('lsk_live_');
const NEW = generateCredential('lsk_live_');

beforeAll(async () => {
  standIns = installStandIns();
  app = await startRotationCore();
});

afterAll(async () => {
  await app?.close();
  if (app) await cleanUp(app.service, [app.dataDir, folder]);
  standIns?.remove();
});

const secretOf = (keyId: string) => keytar.getPassword(app.service, `external/${keyId}`);

describe('rotating an external key', () => {
  it('walks the checklist: paste, push, confirm revoked at the provider; the old secret leaves only then', async () => {
    const old = await app.call('externalKeys:add', {
      name: 'Signature sync',
      provider: 'letssign.now',
      scopeLabel: '',
      secret: OLD,
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      presetId: 'letssign-now',
    });
    writeFileSync(envFile, `${ENV_NAME}=${OLD}\n`, { mode: 0o600 });
    const owner = { workspaceId: 'external', keyId: old.id };
    await app.call('targets:add', {
      owner,
      kind: 'dotenv',
      label: 'deploy .env',
      config: { path: envFile, name: ENV_NAME },
    });
    await app.call('targets:add', {
      owner,
      kind: 'doppler',
      label: 'Doppler prd',
      config: { project: 'payments', config: 'prd', secretName: ENV_NAME },
    });

    let view = await app.call('rotations:start', { workspaceId: 'external', keyId: old.id });
    expect(view).toMatchObject({
      kind: 'external',
      step: 'create',
      steps: { create: { state: 'pending' }, verify: { state: 'skipped' } },
      successor: null,
      retire: { options: [] },
    });
    expect(view.retire.plan).toBe(
      "Revoke the old key in letssign.now's dashboard, then confirm here: Keywarden removes its secret from the vault only after that.",
    );
    expect(view.cancelNote).toBe('Nothing has changed yet: the key stays exactly as it is.');

    // The preset checks the pasted secret; a refused one changes nothing.
    const refusals = [
      ['lsk_live_not-a-key', "This doesn't look like a letssign.now key."],
      [generateCredential('lsk_test_'), 'This is a test key (it starts with lsk_test_)'],
      [OLD, 'This is the secret of the key you are replacing'],
    ] as const;
    for (const [secret, says] of refusals) {
      const refused = await app.attempt('rotations:provideSecret', { rotationId: view.id, secret });
      expect(refused).toMatchObject({ ok: false, code: 'invalid_input' });
      expect(!refused.ok && refused.message).toContain(says);
    }
    expect((await app.call('rotations:get', { rotationId: view.id })).steps.create.state).toBe('pending');

    view = await app.call('rotations:provideSecret', { rotationId: view.id, secret: NEW });
    expect(view).toMatchObject({
      step: 'distribute',
      steps: { create: { state: 'done' } },
      retire: { options: ['revoked_at_provider'] },
    });
    const successorId = view.successor!.keyId;
    expect(view.successor!.label).toBe(NEW.slice(0, 12));
    expect([await secretOf(old.id), await secretOf(successorId)]).toEqual([OLD, NEW]);
    const listed = (await app.call('keys:list', { workspaceId: 'external' })).keys;
    expect(listed.find((key) => key.id === successorId)).toMatchObject({
      name: 'Signature sync',
      provider: 'letssign.now',
      hasSecret: true,
    });

    view = await app.call('rotations:distribute', { rotationId: view.id });
    expect(view.targets.map((target) => target.state)).toEqual(['done', 'done']);
    expect(envValue(envFile)).toBe(NEW);
    expect(
      standIns
        .invocations('doppler')
        .filter((call) => call.argv[0] === 'secrets')
        .map((call) => call.stdin),
    ).toEqual([NEW]);
    expect(view.step).toBe('retire');

    // Keywarden can't revoke it there, nor watch its traffic.
    expect(await app.attempt('rotations:retire', { rotationId: view.id, how: 'revoke_now' })).toMatchObject({
      ok: false,
      code: 'invalid_input',
    });
    expect(await app.attempt('rotations:traffic', { rotationId: view.id })).toMatchObject({
      ok: false,
      code: 'unsupported',
    });
    expect(await secretOf(old.id)).toBe(OLD);

    view = await app.call('rotations:retire', { rotationId: view.id, how: 'revoked_at_provider' });
    expect(view).toMatchObject({ status: 'completed', retire: { how: 'revoked_at_provider' } });
    expect(view.retire.plan).toBe('You confirmed the old key revoked at letssign.now; its secret left the vault.');
    expect(await secretOf(old.id)).toBeNull();
    expect((await app.call('keys:list', { workspaceId: 'external' })).keys.map((key) => key.id)).toEqual([successorId]);
    expect(
      (await app.call('targets:list', { workspaceId: 'external', keyId: successorId })).map((t) => t.label),
    ).toEqual(['deploy .env', 'Doppler prd']);
    expectNoSecretOnDisk(app.dataDir, [OLD, NEW]);
  });

  it('has no leaked-key path: the provider revokes it, and its dashboard shows its traffic', async () => {
    const key = await app.call('externalKeys:add', {
      name: 'Other',
      provider: 'Stripe',
      scopeLabel: 'Full access',
      secret: 'sk_live_0123456789abcdef',
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    const refused = await app.attempt('rotations:start', { workspaceId: 'external', keyId: key.id, mode: 'leaked' });
    expect(refused).toMatchObject({ ok: false, code: 'unsupported' });
    expect(await app.call('rotations:list')).toEqual([]);
  });
});
