import { execFile, execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWorkspace } from '../../../src/server/index.ts';

const BIN = join(import.meta.dirname, '../../../bin/keywarden-server.mjs');
const root = mkdtempSync(join(tmpdir(), 'keywarden-tls-'));
const dataDir = join(root, 'data');
const file = (name: string) => join(root, name);
let haveOpenssl = true;

beforeAll(async () => {
  await initWorkspace({ dataDir });
  writeFileSync(file('junk'), 'junk\n');
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(file('other-key.pem'), other.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const encrypted = other.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' });
  writeFileSync(file('encrypted-key.pem'), encrypted);
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
        '-keyout',
        file('key.pem'),
        '-out',
        file('cert.pem'),
      ]),
      { stdio: 'ignore' },
    );
  } catch {
    haveOpenssl = false;
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function start(cert: string, key: string): Promise<{ code: number; stderr: string }> {
  const args = [BIN, 'start', '--data', dataDir, '--port', '0', '--tls-cert', cert, '--tls-key', key];
  try {
    // A start that succeeds would serve forever; the timeout turns that into a failed assertion.
    await promisify(execFile)(process.execPath, args, { timeout: 10_000 });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe('start with TLS files that will not do', () => {
  it('names a file that is missing or is not a certificate, in one sentence', async () => {
    expect(await start(file('missing.pem'), file('junk'))).toEqual({
      code: 1,
      stderr: `keywarden-server: The TLS certificate file ${file('missing.pem')} does not exist.\n`,
    });
    expect(await start(file('junk'), file('junk'))).toEqual({
      code: 1,
      stderr: `keywarden-server: The TLS certificate ${file('junk')} is not a PEM certificate (it should start with "-----BEGIN CERTIFICATE-----").\n`,
    });
    expect(await start(root, file('junk'))).toEqual({
      code: 1,
      stderr: `keywarden-server: The TLS certificate file ${root} is a directory, not a file.\n`,
    });
  });

  it('names a key that is junk, encrypted, or not the certificate’s', async (context) => {
    if (!haveOpenssl) context.skip('openssl is not available to make a test certificate');
    const cert = file('cert.pem');
    expect(await start(cert, file('junk'))).toEqual({
      code: 1,
      stderr: `keywarden-server: The TLS private key ${file('junk')} is not a PEM private key (it should start with "-----BEGIN PRIVATE KEY-----" or similar).\n`,
    });
    expect(await start(cert, file('encrypted-key.pem'))).toEqual({
      code: 1,
      stderr: `keywarden-server: The TLS private key ${file('encrypted-key.pem')} is encrypted with a passphrase; give an unencrypted key.\n`,
    });
    expect(await start(cert, file('other-key.pem'))).toEqual({
      code: 1,
      stderr: `keywarden-server: The TLS private key ${file('other-key.pem')} does not belong to the certificate ${cert}; give the key it was issued for.\n`,
    });
  });
});
