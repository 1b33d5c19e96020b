/**
 * What the rotation tests share: a core with the real exec port and stand-in CLIs first on PATH,
 * a key of the local workspace with two destinations (a `.env` file and Doppler), traffic made
 * with a key the way a gateway reports it (through /v1/verify, with the caller's IP and user
 * agent), and the check that no secret reached the vault's files.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { nodeExec } from '../../../src/main/core/exec/node-exec.ts';
import { LOCAL_WORKSPACE_FOLDER } from '../../../src/main/core/workspaces/embedded-workspace.ts';
import { createAdminToken } from '../../../src/server/index.ts';
import type { ManualClock } from '../../../src/shared/clock.ts';
import type { RotationView, TargetView } from '../../../src/shared/ipc/index.ts';
import { startCoreFixture, testServiceName, type CoreFixture } from './core-fixture.ts';
import { CLI_CASES } from './secret-managers/stand-in-clis.ts';
import { StandIns } from './secret-managers/stand-ins.ts';

export const ENV_NAME = 'PAYMENTS_API_KEY';

/** Verifier tokens of each data folder's local workspace. */
const gatewayTokens = new Map<string, string>();

/** Stand-in `doppler` and `gh` first on PATH (the core passes PATH on to the CLIs it runs). */
export function installStandIns(): StandIns {
  const standIns = new StandIns();
  for (const cliCase of CLI_CASES.filter((candidate) => ['doppler', 'gh'].includes(candidate.program))) {
    standIns.install(cliCase.program, cliCase.scenarios);
  }
  process.env.PATH = `${standIns.bin}:${process.env.PATH ?? ''}`;
  return standIns;
}

export async function startRotationCore(
  options: Omit<Parameters<typeof startCoreFixture>[0] & object, 'exec'> = {},
): Promise<CoreFixture> {
  return startCoreFixture({ service: testServiceName(), ...options, exec: nodeExec });
}

export async function localWorkspace(app: CoreFixture): Promise<{ id: string; url: string }> {
  const local = (await app.call('workspaces:list')).find((workspace) => workspace.kind === 'local');
  if (!local?.url) throw new Error('No local workspace');
  return { id: local.id, url: local.url };
}

export interface KeyWithDestinations {
  keyId: string;
  secret: string;
  envFile: string;
  targets: TargetView[];
}

/** A key with a `.env` destination and a Doppler one (and a GitHub one when asked). */
export async function keyWithDestinations(
  app: CoreFixture,
  workspaceId: string,
  name: string,
  options: { github?: boolean } = {},
): Promise<KeyWithDestinations> {
  const created = await app.call('keys:create', { workspaceId, request: { name, scope: 'public_api' } });
  const owner = { workspaceId, keyId: created.key.id };
  const folder = mkdtempSync(join(tmpdir(), 'keywarden-rotation-env-'));
  const envFile = join(folder, '.env');
  writeFileSync(envFile, `# deploy settings\nREGION=eu\n${ENV_NAME}=${created.secret}\n`, { mode: 0o600 });
  const targets = [
    await app.call('targets:add', {
      owner,
      kind: 'dotenv',
      label: 'deploy .env',
      config: { path: envFile, name: ENV_NAME },
    }),
    await app.call('targets:add', {
      owner,
      kind: 'doppler',
      label: 'Doppler prd',
      config: { project: 'payments', config: 'prd', secretName: ENV_NAME },
    }),
  ];
  if (options.github) {
    targets.push(
      await app.call('targets:add', {
        owner,
        kind: 'github',
        label: 'GitHub production',
        config: {
          secretName: ENV_NAME,
          scope: { level: 'environment', repo: 'acme/payments', environment: 'production' },
        },
      }),
    );
  }
  return { keyId: created.key.id, secret: created.secret, envFile, targets };
}

/** The value the `.env` file holds for the key now. */
export function envValue(envFile: string): string | undefined {
  const line = readFileSync(envFile, 'utf8')
    .split('\n')
    .find((candidate) => candidate.startsWith(`${ENV_NAME}=`));
  return line?.slice(ENV_NAME.length + 1);
}

/** A gateway checking the key for a caller, which the service counts as a use of it. */
export async function useKey(
  app: CoreFixture,
  url: string,
  secret: string,
  caller: { ip: string; userAgent: string } = { ip: '203.0.113.7', userAgent: 'billing-worker/2.1' },
): Promise<void> {
  let verifier = gatewayTokens.get(app.dataDir);
  if (verifier === undefined) {
    const serviceDir = join(app.dataDir, LOCAL_WORKSPACE_FOLDER);
    verifier = (await createAdminToken({ dataDir: serviceDir, role: 'verifier', name: 'Gateway' })).token;
    gatewayTokens.set(app.dataDir, verifier);
  }
  const response = await fetch(`${url}/v1/verify`, {
    method: 'POST',
    headers: { authorization: `Bearer ${verifier}`, 'content-type': 'application/json' },
    body: JSON.stringify({ key: secret, ip: caller.ip, userAgent: caller.userAgent }),
  });
  const body = (await response.json()) as { valid: boolean };
  if (!body.valid) throw new Error('The key was refused');
}

/** Whether the service still accepts the key (a request made with the key itself). */
export async function keyWorks(url: string, secret: string): Promise<boolean> {
  const response = await fetch(`${url}/v1/whoami`, { headers: { authorization: `Bearer ${secret}` } });
  return response.status === 200;
}

/** Polls the rotation until `done` says so (background steps, the overlap's due job). */
export async function waitForRotation(
  app: CoreFixture,
  rotationId: string,
  done: (view: RotationView) => boolean,
  timeoutMs = 15_000,
): Promise<RotationView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await app.call('rotations:get', { rotationId });
    if (done(view)) return view;
    if (Date.now() > deadline) throw new Error(`Rotation never got there: ${JSON.stringify(view, null, 2)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** No secret in the vault's database, its WAL, or anything else in the data folder. */
export function expectNoSecretOnDisk(dataDir: string, secrets: string[]): void {
  const files = filesUnder(dataDir);
  expect(files.some((file) => file.endsWith('keywarden.db-wal'))).toBe(true);
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const secret of secrets) expect(bytes.includes(secret), `a secret in ${file}`).toBe(false);
  }
}

export type { ManualClock };
