import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../../bin/keywarden-server.mjs');
const root = mkdtempSync(join(tmpdir(), 'keywarden-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('keywarden-server CLI', () => {
  const dataDir = join(root, 'data');

  it('initialises once, prints the owner token as JSON, and refuses a second init', async () => {
    const first = await run('init', '--data', dataDir, '--workspace', 'Acme', '--json');
    expect(first.code).toBe(0);
    const printed = JSON.parse(first.stdout.trim());
    expect(printed.workspaceId).toMatch(/^ws_/);
    expect(printed.ownerToken).toMatch(/^lsa_[0-9A-Za-z]{38}$/);

    const again = await run('init', '--data', dataDir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds a workspace/);
    expect(again.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('mints admin tokens and explains bad usage in one sentence', async () => {
    const minted = await run('token', 'create', '--data', dataDir, '--role', 'auditor', '--name', 'Compliance');
    expect(minted.code).toBe(0);
    expect(minted.stdout).toMatch(/\(auditor\)/);
    expect(minted.stdout).toMatch(/lsa_[0-9A-Za-z]{38}/);

    const badRole = await run('token', 'create', '--data', dataDir, '--role', 'king', '--name', 'x');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr.trim().split('\n')).toHaveLength(1);
    expect((await run('frobnicate')).code).toBe(2);
    const misspelt = await run('init', '--dta', 'x');
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toMatch(/^keywarden-server: Unknown option '--dta'.*; run "keywarden-server --help"\.\n$/);
    const notInit = await run('start', '--data', join(root, 'empty'));
    expect(notInit.code).toBe(1);
    expect(notInit.stderr).toMatch(/holds no workspace yet/);
    const help = await run('--help');
    expect(help.stdout).toMatch(/token create --data DIR --role/);
  });

  it('lists admin tokens as a table or JSON and revokes one by id', async () => {
    const minted = await run('token', 'create', '--data', dataDir, '--role', 'admin', '--name', 'Old laptop');
    const id = /Admin token (tok_\S+)/.exec(minted.stdout)?.[1] ?? '';
    const table = await run('token', 'list', '--data', dataDir);
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+ROLE\s+PREFIX\s+CREATED\s+LAST USED\s+REVOKED$/);
    expect(rows.find((row) => row.startsWith(id))).toMatch(/Old laptop\s+admin\s+lsa_\S{8}\s+\S+\s+never\s+-$/);
    expect(table.stdout).not.toMatch(/lsa_[0-9A-Za-z]{38}/);

    const revoked = await run('token', 'revoke', '--data', dataDir, '--id', id);
    expect(revoked).toMatchObject({ code: 0, stderr: '' });
    expect(revoked.stdout).toBe(
      `Admin token ${id} (Old laptop, admin) is revoked; requests with it are refused from now on.\n`,
    );
    const listed = JSON.parse((await run('token', 'list', '--data', dataDir, '--json')).stdout);
    expect(listed.find((token: { id: string }) => token.id === id).revokedAt).toEqual(expect.any(String));

    const unknown = await run('token', 'revoke', '--data', dataDir, '--id', 'tok_nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(`keywarden-server: There is no admin token tok_nope in ${dataDir}.\n`);
    const owner = listed.find((token: { role: string }) => token.role === 'owner');
    const lastOwner = await run('token', 'revoke', '--data', dataDir, '--id', owner.id);
    expect(lastOwner.code).toBe(1);
    expect(lastOwner.stderr.trim().split('\n')).toHaveLength(1);
    expect(lastOwner.stderr).toMatch(/last active owner token/);
    expect((await run('--help')).stdout).toMatch(/token revoke --data DIR --id ID/);
  });

  it('starts on loopback, prints its URL, serves, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'start', '--data', dataDir, '--port', '0'], { stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 10_000);
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    expect(await (await fetch(`${url}/v1/health`)).json()).toEqual({ ok: true, database: 'reachable' });
    // A second server on the same data directory would serve keys the first one revoked.
    const second = await run('start', '--data', dataDir, '--port', '0');
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toBe(
      `keywarden-server: Another Keywarden server is already serving ${dataDir}; stop it first, or start this one with another --data directory.`,
    );
    // Minting a token beside a running server still works.
    expect((await run('token', 'create', '--data', dataDir, '--role', 'admin', '--name', 'Ops')).code).toBe(0);
    const unauthorized = await fetch(`${url}/v1/whoami`, { headers: { authorization: 'Bearer lsk_live_bogus' } });
    expect(unauthorized.status).toBe(401);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(output).not.toContain('lsk_live_bogus');
  });
});

/** Starts `keywarden-server start …` and resolves with the URL it prints. */
async function startCli(args: string[]): Promise<{ url: string; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'start', ...args, '--port', '0'], { stdio: 'pipe' });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { url, stop: () => (child.kill('SIGTERM'), exit) };
}

describe('keywarden-server start --allow-private-webhooks', () => {
  it('accepts receivers on this machine only when told so', async () => {
    const dataDir = join(root, 'webhooks');
    const { ownerToken } = JSON.parse((await run('init', '--data', dataDir, '--json')).stdout);
    const register = (url: string) =>
      fetch(`${url}/v1/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'http://127.0.0.1:9/hooks', events: ['key.deleted'] }),
      });

    const strict = await startCli(['--data', dataDir]);
    const refused = await register(strict.url);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'invalid_request', fields: [{ path: 'url' }] });
    expect(await strict.stop()).toBe(0);

    const lenient = await startCli(['--data', dataDir, '--allow-private-webhooks']);
    expect((await register(lenient.url)).status).toBe(201);
    expect(await lenient.stop()).toBe(0);
    expect((await run('--help')).stdout).toMatch(/--allow-private-webhooks/);
  });
});

describe('keywarden-server start --trust-proxy', () => {
  it('records the address a reverse proxy on loopback forwards, instead of the proxy', async () => {
    const dataDir = join(root, 'proxied');
    const { ownerToken } = JSON.parse((await run('init', '--data', dataDir, '--json')).stdout);
    const server = await startCli(['--data', dataDir, '--trust-proxy']);
    const headers = { authorization: `Bearer ${ownerToken}`, 'x-forwarded-for': '203.0.113.7' };
    const created = await fetch(`${server.url}/v1/api-keys`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Through the proxy', scope: 'scim' }),
    });
    expect(created.status).toBe(201);
    const audit = (await (await fetch(`${server.url}/v1/audit-events?type=key.created`, { headers })).json()) as {
      data: { ip: string }[];
    };
    expect(audit.data[0]?.ip).toBe('203.0.113.0');
    expect(await server.stop()).toBe(0);
    expect((await run('--help')).stdout).toMatch(/--trust-proxy \[HOPS\|PROXIES\]/);
  });

  it("takes the proxies' addresses and ranges, and refuses anything else in one sentence", async () => {
    const dataDir = join(root, 'balanced');
    const { ownerToken } = JSON.parse((await run('init', '--data', dataDir, '--json')).stdout);
    const server = await startCli(['--data', dataDir, '--trust-proxy', '127.0.0.1, 10.0.0.0/8']);
    // The client wrote 198.51.100.1 itself; the balancer at 10.0.0.2 received it from 203.0.113.7.
    const headers = { authorization: `Bearer ${ownerToken}`, 'x-forwarded-for': '198.51.100.1, 203.0.113.7, 10.0.0.2' };
    await fetch(`${server.url}/v1/api-keys`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Through the balancer', scope: 'scim' }),
    });
    const audit = (await (await fetch(`${server.url}/v1/audit-events?type=key.created`, { headers })).json()) as {
      data: { ip: string }[];
    };
    expect(audit.data[0]?.ip).toBe('203.0.113.0');
    expect(await server.stop()).toBe(0);

    for (const wrong of ['10.0.0.0/40', 'proxy.internal', '0']) {
      const refused = await run('start', '--data', dataDir, '--trust-proxy', wrong);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(
        /^keywarden-server: --trust-proxy takes a number of proxies .*10\.0\.0\.0\/8\.\n$/,
      );
    }
  });
});

describe('keywarden-server on a data directory it cannot write', () => {
  // A read-only directory, and a writable directory whose database file is read-only.
  it.each([
    ['directory', 0o555],
    ['database file', 0o777],
  ])(
    'refuses to start when the %s is read-only, in one sentence, instead of failing every write',
    async (_what, dirMode) => {
      const dir = join(root, `read-only-${dirMode.toString(8)}`);
      expect((await run('init', '--data', dir)).code).toBe(0);
      // root may write anywhere, so as root the CLI runs as nobody (setpriv, util-linux).
      const asRoot = process.getuid?.() === 0;
      if (asRoot && !existsSync('/usr/bin/setpriv')) {
        console.warn('skipped: running as root without setpriv to drop privileges');
        return;
      }
      chmodSync(root, 0o755);
      for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o444);
      chmodSync(dir, dirMode);
      const command = asRoot ? '/usr/bin/setpriv' : process.execPath;
      const prefix = asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [];
      const started = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(command, [...prefix, BIN, 'start', '--data', dir, '--port', '0'], { stdio: 'pipe' });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, stderr });
        });
      });
      chmodSync(dir, 0o755);
      expect(started).toEqual({
        code: 1,
        stderr: `keywarden-server: Keywarden cannot write to the data directory ${dir}; give this user write access to it and the files in it, or choose another --data directory.\n`,
      });
    },
  );
});
