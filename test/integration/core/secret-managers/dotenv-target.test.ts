/**
 * The `.env` target as a developer would notice it: the one line changes (or is added) and reads
 * back exactly through dotenv, whatever the secret holds; every other line, comment, `export`
 * and line ending stays; the file is owner-only; and a program reading the file while Keywarden
 * writes it never sees half a file.
 */
import { spawn } from 'node:child_process';
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/shared/clock.ts';
import { nodeExec } from '../../../../src/main/core/exec/node-exec.ts';
import {
  encodeEnvValue,
  upsertEnvEntry,
  writeEnvEntry,
} from '../../../../src/main/core/secret-managers/dotenv-file.ts';
import { SecretTargetService } from '../../../../src/main/core/secret-managers/secret-target-service.ts';
import { openVaultDatabase } from '../../../../src/main/core/store/database.ts';
import { SecretTargetRepository } from '../../../../src/main/core/store/secret-target-repository.ts';

let folder: string;
let file: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'keywarden-dotenv-'));
  file = join(folder, '.env');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const TRICKY_VALUES = [
  'lsk_live_plainValue0123456789',
  'has # a hash',
  'ends with a hash#',
  'equals=inside=it',
  'double "quotes" here',
  "single 'quotes' here",
  'both \' and " quotes',
  'all three \' " ` quotes but no backslash-end',
  'multi\nline\nvalue',
  'crlf\r\nline',
  'back\\slash and \\n literal',
  '  leading and trailing spaces  ',
  '$HOME ${PATH} $(id) `id`',
  'ünïcødé ✓ 鍵',
  "'starts with a quote",
  'ends with a backslash\\',
];

describe('writing one entry', () => {
  it.each(TRICKY_VALUES)('reads back %j exactly through dotenv', async (value) => {
    writeFileSync(file, '# settings\nOTHER=1\n');
    await writeEnvEntry(file, 'API_KEY', value);
    expect(parse(readFileSync(file))).toEqual({ OTHER: '1', API_KEY: value });
  });

  it('refuses, and leaves the file alone, when no quoting can hold the value', async () => {
    const impossible = 'quote\' double" back` and # hash';
    expect(encodeEnvValue(impossible)).toBeNull();
    writeFileSync(file, 'API_KEY=old\n');
    await expect(writeEnvEntry(file, 'API_KEY', impossible)).rejects.toMatchObject({ code: 'invalid_value' });
    expect(readFileSync(file, 'utf8')).toBe('API_KEY=old\n');
  });

  it('replaces only that entry: comments, other lines, export, inline comment and CRLF stay', async () => {
    const before = [
      '# Payments service',
      'export DATABASE_URL="postgres://localhost/pay" # local db',
      '',
      "API_KEY='old value' # rotated by hand",
      'MULTI="line one',
      'API_KEY=not-an-entry-inside-a-quoted-value"',
      '  export API_KEY = second-old',
      'TAIL=end',
      '',
    ].join('\r\n');
    writeFileSync(file, before);
    await writeEnvEntry(file, 'API_KEY', 'new#value');
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '# Payments service',
        'export DATABASE_URL="postgres://localhost/pay" # local db',
        '',
        "API_KEY='new#value' # rotated by hand",
        'MULTI="line one',
        'API_KEY=not-an-entry-inside-a-quoted-value"',
        "  export API_KEY='new#value'",
        'TAIL=end',
        '',
      ].join('\r\n'),
    );
    expect(parse(readFileSync(file)).API_KEY).toBe('new#value');
  });

  it('adds the entry at the end when it is missing, on a line of its own', () => {
    expect(upsertEnvEntry('A=1', 'API_KEY', 'x')).toBe('A=1\nAPI_KEY=x\n');
    expect(upsertEnvEntry('', 'API_KEY', 'x')).toBe('API_KEY=x\n');
    expect(upsertEnvEntry('A=1\r\n', 'API_KEY', 'x')).toBe('A=1\r\nAPI_KEY=x\r\n');
  });

  it('creates the file owner-only (0600), tightens an existing one, and leaves no temporary file', async () => {
    await writeEnvEntry(file, 'API_KEY', 'first');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'API_KEY=old\n', { mode: 0o644 });
    await writeEnvEntry(file, 'API_KEY', 'second');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(folder)).toEqual(['.env']);
  });

  it('follows a symlinked .env to the real file and keeps the link', async () => {
    const real = join(folder, 'shared.env');
    writeFileSync(real, 'API_KEY=old\n');
    symlinkSync(real, file);
    await writeEnvEntry(file, 'API_KEY', 'new');
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('API_KEY=new\n');
  });
});

describe('a program reading the file while it is rewritten', () => {
  it('always sees a whole file, old or new', async () => {
    // Large enough that a non-atomic write would be caught half done.
    const padding = Array.from({ length: 4000 }, (_, i) => `# comment line ${i} ${'x'.repeat(40)}`).join('\n');
    writeFileSync(file, `${padding}\nAPI_KEY=v0\nEND=1\n`);
    const reader = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('node:fs'); let reads = 0, torn = 0; const until = Date.now() + 60000;
         process.stdin.on('data', () => { console.log(JSON.stringify({ reads, torn })); process.exit(0); });
         (function loop() {
           for (let i = 0; i < 50; i++) {
             const text = fs.readFileSync(process.argv[1], 'utf8'); reads++;
             if (!text.endsWith('END=1\\n') || !/\\nAPI_KEY=v\\d+\\n/.test(text)) torn++;
           }
           if (Date.now() < until) setImmediate(loop);
         })();`,
        file,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let counts: { reads: number; torn: number };
    try {
      for (let version = 1; version <= 60; version += 1) await writeEnvEntry(file, 'API_KEY', `v${version}`);
      const answer = new Promise<string>((resolve) =>
        reader.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())),
      );
      reader.stdin.write('stop\n');
      counts = JSON.parse(await answer) as { reads: number; torn: number };
    } finally {
      reader.kill();
    }
    expect(counts.reads).toBeGreaterThan(100);
    expect(counts.torn).toBe(0);
    expect(parse(readFileSync(file)).API_KEY).toBe('v60');
  });
});

describe('the .env target through the service', () => {
  it('pushes, records the push without the secret, and says when the folder is missing', async () => {
    const db = openVaultDatabase(join(folder, 'vault'));
    try {
      const service = new SecretTargetService({
        targets: new SecretTargetRepository(db),
        exec: nodeExec,
        clock: new ManualClock(new Date('2030-03-01T10:00:00.000Z')),
        hostEnv: {},
        platform: process.platform,
      });
      const owner = { workspaceId: 'external', keyId: 'k1' };
      const target = service.add({
        owner,
        kind: 'dotenv',
        label: 'local .env',
        config: { path: file, name: 'API_KEY' },
      });
      const secret = 'lsk_live_DotenvSecretThatMustNotBeStored1234 "#1"';
      const result = await service.push(target.id, secret);
      expect(result).toMatchObject({ outcome: 'ok', cli: null });
      expect(parse(readFileSync(file)).API_KEY).toBe(secret);
      expect(JSON.stringify(service.history(owner))).not.toContain('DotenvSecretThatMustNotBeStored');
      expect(service.copyCommand(target.id).command).toBe('');

      const elsewhere = service.add({
        owner,
        kind: 'dotenv',
        label: 'missing folder',
        config: { path: join(folder, 'no-such-folder', '.env'), name: 'API_KEY' },
      });
      expect(await service.checkSignIn(elsewhere.id)).toMatchObject({ state: 'unavailable', code: 'write_failed' });
      const failed = await service.push(elsewhere.id, secret);
      // The Test button's words, without the temporary file's name or the system's error code.
      expect(failed).toMatchObject({
        outcome: 'write_failed',
        message: `Keywarden couldn't write ${join(folder, 'no-such-folder', '.env')}: The folder ${join(folder, 'no-such-folder')} doesn't exist or Keywarden may not write to it.`,
      });
      expect(() => service.add({ owner, kind: 'dotenv', label: 'bad', config: { path: file, name: '1BAD' } })).toThrow(
        /not starting with a digit/,
      );
    } finally {
      db.close();
    }
  });
});
