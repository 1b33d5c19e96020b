/**
 * A key's destinations through the IPC channels the key details use: added with each kind's name
 * rules checked, listed, edited, tested (sign-in only, nothing written), copied as a command without
 * the secret, removed; and the key's push history.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeExec } from '../../../src/main/core/exec/node-exec.ts';
import { cleanUp, startCoreFixture, type CoreFixture } from './core-fixture.ts';
import { CLI_CASES } from './secret-managers/stand-in-clis.ts';
import { StandIns } from './secret-managers/stand-ins.ts';

let app: CoreFixture;
let standIns: StandIns;
let owner: { workspaceId: string; keyId: string };
const folder = mkdtempSync(join(tmpdir(), 'keywarden-targets-ipc-'));

beforeAll(async () => {
  standIns = new StandIns();
  standIns.install('doppler', CLI_CASES.find((cliCase) => cliCase.program === 'doppler')!.scenarios);
  // The core hands its own PATH on to the CLIs it runs.
  process.env.PATH = `${standIns.bin}:${process.env.PATH ?? ''}`;
  app = await startCoreFixture({ exec: nodeExec });
  const [local] = await app.call('workspaces:list');
  const created = await app.call('keys:create', { workspaceId: local!.id, request: { name: 'CI', scope: 'scim' } });
  owner = { workspaceId: local!.id, keyId: created.key.id };
});

afterAll(async () => {
  await app?.close();
  if (app) await cleanUp(app.service, [app.dataDir, folder]);
  standIns?.remove();
});

describe('destinations of a key', () => {
  it('adds, lists, edits and removes them; names each tool refuses are refused before saving', async () => {
    const envFile = join(folder, '.env');
    const added = await app.call('targets:add', {
      owner,
      kind: 'dotenv',
      label: 'deploy .env',
      config: { path: envFile, name: 'SCIM_TOKEN' },
    });
    expect(added).toMatchObject({ owner, kind: 'dotenv', label: 'deploy .env', unreadable: null });
    const github = await app.call('targets:add', {
      owner,
      kind: 'github',
      label: 'GitHub',
      config: { secretName: 'SCIM_TOKEN', scope: { level: 'repository', repo: 'acme/directory' } },
    });

    const refused = await app.attempt('targets:add', {
      owner,
      kind: 'github',
      label: 'GitHub',
      config: { secretName: 'GITHUB_TOKEN', scope: { level: 'repository', repo: 'acme/directory' } },
    });
    expect(refused).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(!refused.ok && refused.message).toMatch(/must not start with GITHUB_/);

    const renamed = await app.call('targets:update', { targetId: github.id, label: 'GitHub Actions' });
    expect(renamed.label).toBe('GitHub Actions');
    expect((await app.call('targets:list', owner)).map((target) => target.label)).toEqual([
      'deploy .env',
      'GitHub Actions',
    ]);
    expect(await app.call('targets:remove', { targetId: github.id })).toEqual({ removed: true });
    expect((await app.call('targets:list', owner)).map((target) => target.id)).toEqual([added.id]);
  });

  it('refuses a destination for a workspace that is not in Keywarden with not_found, and saves nothing', async () => {
    const gone = { workspaceId: 'ws_removed', keyId: owner.keyId };
    const refused = await app.attempt('targets:add', {
      owner: gone,
      kind: 'dotenv',
      label: 'deploy .env',
      config: { path: join(folder, '.env'), name: 'SCIM_TOKEN' },
    });
    expect(refused).toEqual({ ok: false, code: 'not_found', message: 'This workspace is no longer in Keywarden.' });
    expect(await app.call('targets:list', gone)).toEqual([]);
  });

  it('tests the sign-in without writing anything, for a saved destination and for a draft', async () => {
    const [envTarget] = await app.call('targets:list', owner);
    expect(await app.call('targets:test', { targetId: envTarget!.id })).toMatchObject({ state: 'signed_in' });
    expect(() => readFileSync(join(folder, '.env'))).toThrow();

    standIns.scenario('doppler', 'signed_out');
    const draft = await app.call('targets:test', {
      kind: 'doppler',
      config: { project: 'payments', config: 'prd', secretName: 'SCIM_TOKEN' },
    });
    expect(draft).toMatchObject({ state: 'signed_out', sentence: expect.stringMatching(/doppler login/) });
    expect(standIns.invocations('doppler').some((call) => call.argv[0] === 'secrets')).toBe(false);
    standIns.scenario('doppler', 'success');
  });

  it('gives the command to run by hand without the secret; tests and edits leave no push in the history', async () => {
    const doppler = await app.call('targets:add', {
      owner,
      kind: 'doppler',
      label: 'Doppler prd',
      config: { project: 'payments', config: 'prd', secretName: 'SCIM_TOKEN' },
    });
    const command = await app.call('targets:copyCommand', { targetId: doppler.id });
    expect(command).toMatchObject({ stdin: 'secret' });
    expect(command.command).toMatch(/^doppler secrets set SCIM_TOKEN/);

    // Pushes happen in a rotation (rotation.test.ts); none yet, and testing wrote none.
    expect(await app.call('keys:pushHistory', owner)).toEqual([]);
  });
});
