import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../../src/server/index.ts';
import { generateCredential } from '../../../src/shared/credentials.ts';
import { startTestServer, type TestServer } from './helpers.ts';

let t: TestServer | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

describe('secrets at rest and in logs', () => {
  it('keeps no plaintext key or admin token in the database, its WAL, or the logs', async () => {
    const lines: string[] = [];
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    t = await startTestServer({ logger: logs });
    const secrets = [t.ownerToken];
    for (const scope of ['scim', 'on_premise', 'public_api']) {
      const created = (await t.call('POST', '/v1/api-keys', { body: { name: `k-${scope}`, scope } })).body;
      secrets.push(created.secret);
      await t.call('GET', '/v1/whoami', { token: created.secret });
      await t.call('POST', '/v1/verify', { body: { key: created.secret } });
      const rotated = (
        await t.call('POST', `/v1/api-keys/${created.apiKey.id}/rotate`, { body: { overlapSeconds: 60 } })
      ).body;
      secrets.push(rotated.secret);
    }
    await t.call('GET', '/v1/whoami', { token: generateCredential('lsk_live_') });
    t.server.flushUsage();

    expect(lines.join('')).toContain('incoming request'); // the logger was really on
    const files = readdirSync(t.dataDir).filter((name) => name.startsWith('keywarden.db'));
    expect(files).toEqual(expect.arrayContaining(['keywarden.db', 'keywarden.db-wal']));
    const stored = files.map((name) => readFileSync(join(t!.dataDir, name)).toString('latin1')).join('\n');
    const logged = lines.join('\n');
    for (const secret of secrets) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.slice(12)); // not even the secret part without its label
      expect(logged).not.toContain(secret);
    }
    expect(logged.toLowerCase()).not.toContain('bearer');
  });
});

describe('TLS', () => {
  it('serves HTTPS and refuses clients below TLS 1.2', async () => {
    const dir = execFileSync('mktemp', ['-d']).toString().trim();
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
    } catch {
      console.warn('skipped: openssl is not available to make a test certificate');
      return;
    }
    t = await startTestServer({
      tls: { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) },
    });
    expect(t.url).toMatch(/^https:\/\//);
    const get = (maxVersion: 'TLSv1.1' | 'TLSv1.3') =>
      new Promise<string>((resolve, reject) => {
        const req = request(
          `${t!.url}/v1/health`,
          { rejectUnauthorized: false, maxVersion, minVersion: 'TLSv1' },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve(body));
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(JSON.parse(await get('TLSv1.3'))).toEqual({ ok: true, database: 'reachable' });
    await expect(get('TLSv1.1')).rejects.toThrow();
  });
});

describe('one server per data directory', () => {
  it('refuses a second server on the same data directory, so a revoked key cannot live on in its cache', async () => {
    t = await startTestServer();
    await expect(startServer({ dataDir: t.dataDir, port: 0 })).rejects.toMatchObject({
      code: 'data_dir_in_use',
      message: expect.stringMatching(/Another Keywarden server is already serving/),
    });
    // Once the first server stops, the directory can be served again.
    await t.server.close();
    const again = await startServer({ dataDir: t.dataDir, port: 0 });
    try {
      expect((await fetch(`${again.url}/v1/health`)).status).toBe(200);
    } finally {
      await again.close();
    }
  });
});
