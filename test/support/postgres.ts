/**
 * A real PostgreSQL for tests, with no manual setup: `KEYWARDEN_TEST_DATABASE_URL` when given,
 * otherwise a throwaway cluster of the Debian `postgresql` package (installed by .ci/run) in a
 * temporary directory, on a free loopback port, trusted only on loopback and its own socket.
 * PostgreSQL refuses to run as root, so as root the cluster is run as the `postgres` user.
 * Each `database()` is a fresh, empty database, so test files and cases never share rows.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** A new empty database on the cluster; its URL. */
  database(): Promise<string>;
  stop(): Promise<void>;
}

const BIN_ROOT = '/usr/lib/postgresql';

export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.KEYWARDEN_TEST_DATABASE_URL;
  if (given) return onCluster(given, async () => {});
  const bin = postgresBinaries();
  const root = mkdtempSync(join(tmpdir(), 'keywarden-pg-'));
  const dataDir = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? userIds('postgres') : null;
  if (owner) {
    chownSync(root, owner.uid, owner.gid);
    chmodSync(root, 0o700);
  }
  const run = (program: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(bin, program);
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, program), ...args] : args;
    const result = spawnSync(command, argv, { encoding: 'utf8', cwd: root });
    if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr || result.stdout}`);
  };
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${root}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  run('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(root, 'log'), '-w', '-t', '30', 'start']);
  const stop = async () => {
    spawnSync(asRoot ? 'runuser' : join(bin, 'pg_ctl'), [
      ...(asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl')] : []),
      '-D',
      dataDir,
      '-m',
      'immediate',
      'stop',
    ]);
    rmSync(root, { recursive: true, force: true });
  };
  return onCluster(`postgres://postgres@127.0.0.1:${port}/postgres`, stop);
}

function onCluster(adminUrl: string, stop: () => Promise<void>): TestPostgres {
  let count = 0;
  return {
    async database() {
      const name = `keywarden_test_${process.pid}_${Date.now().toString(36)}_${(count += 1)}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop,
  };
}

function postgresBinaries(): string {
  const versions = existsSync(BIN_ROOT) ? readdirSync(BIN_ROOT).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const bin = join(BIN_ROOT, version, 'bin');
    if (existsSync(join(bin, 'initdb'))) return bin;
  }
  throw new Error(
    'PostgreSQL is not installed: install the Debian package "postgresql" (bash .ci/run does), ' +
      'or set KEYWARDEN_TEST_DATABASE_URL to a database the tests may create databases on.',
  );
}

function userIds(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
