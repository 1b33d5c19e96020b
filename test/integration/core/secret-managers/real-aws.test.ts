/**
 * The real AWS CLI pushes a secret through --endpoint-url to a loopback stand-in of the Secrets
 * Manager API, and the test reads the SecretString that arrived. Every AWS CLI found is tried:
 * Debian's v2 (/usr/bin/aws, installed by .ci/run) and a v1 earlier on PATH (pyenv's shim on these
 * machines), since admins have either; the push says which one did it. Credentials are fake
 * values in a temporary AWS config, and instance metadata is off, so nothing leaves 127.0.0.1.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/shared/clock.ts';
import { generateCredential } from '../../../../src/shared/credentials.ts';
import { EventRecorder, recordingExec } from '../../../../src/harness/recording-ports.ts';
import { nodeExec } from '../../../../src/main/core/exec/node-exec.ts';
import { SecretTargetService } from '../../../../src/main/core/secret-managers/secret-target-service.ts';
import { openVaultDatabase } from '../../../../src/main/core/store/database.ts';
import { SecretTargetRepository } from '../../../../src/main/core/store/secret-target-repository.ts';
import { findRealClis } from './real-clis.ts';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from './secrets-manager-stand-in.ts';

const installed = findRealClis('aws', ['--version']);
if (installed.length === 0) {
  console.log('Skipping the real AWS CLI tests: no aws on PATH or in /usr/bin (.ci/run installs Debian awscli).');
} else if (!installed.some((cli) => /aws-cli\/2\./.test(cli.versionOutput))) {
  console.log(`Only ${installed.map((cli) => cli.path).join(', ')} found: the AWS CLI v2 case is skipped.`);
}

const OWNER = { workspaceId: 'external', keyId: 'payments-key' };

describe.skipIf(installed.length === 0).each(installed)('the real AWS CLI at $path', (cli) => {
  let home: string;
  let db: Database;
  let endpoint: SecretsManagerStandIn;
  let recorder: EventRecorder;
  let service: (credentials: 'configured' | 'none') => SecretTargetService;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'keywarden-aws-'));
    writeFileSync(join(home, 'config'), '[default]\nregion = eu-west-1\n');
    // Fake access keys: the stand-in checks nothing, and they are not secrets of anyone.
    writeFileSync(
      join(home, 'credentials'),
      '[default]\naws_access_key_id = AKIDKEYWARDENTEST\naws_secret_access_key = not-a-real-secret-access-key\n',
    );
    endpoint = await startSecretsManagerStandIn();
    db = openVaultDatabase(join(home, 'vault'));
    recorder = new EventRecorder(new ManualClock());
    service = (credentials) =>
      new SecretTargetService({
        targets: new SecretTargetRepository(db),
        exec: recordingExec(recorder, nodeExec),
        clock: new ManualClock(new Date('2030-03-01T10:00:00.000Z')),
        hostEnv: {
          PATH: `${cli.folder}:/usr/bin:/bin`,
          HOME: home,
          LANG: 'C.UTF-8',
          AWS_CONFIG_FILE: join(home, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, credentials === 'configured' ? 'credentials' : 'no-credentials'),
          AWS_EC2_METADATA_DISABLED: 'true',
        },
        platform: process.platform,
        timeouts: { pushMs: 60_000, checkMs: 60_000 },
      });
  });

  afterAll(async () => {
    await endpoint.close();
    db.close();
    rmSync(home, { recursive: true, force: true });
  });

  it(
    'creates the secret when it is new, then updates it, with exactly the value pushed',
    { timeout: 120_000 },
    async () => {
      const aws = service('configured');
      const secretId = `prod/payments/${cli.path.replaceAll('/', '-')}`;
      const target = aws.add({
        owner: OWNER,
        kind: 'aws',
        label: 'AWS prod',
        config: { secretId, region: 'eu-west-1', endpointUrl: endpoint.url },
      });
      const first = `${generateCredential('lsk_live_')}\nsecond line with "quotes" and $HOME`;
      const created = await aws.push(target.id, first);
      expect(created.outcome, created.message).toBe('ok');
      expect(endpoint.secrets.get(secretId)).toBe(first);
      expect(endpoint.requests.map((request) => request.target)).toEqual(
        expect.arrayContaining(['secretsmanager.PutSecretValue', 'secretsmanager.CreateSecret']),
      );
      // Which AWS CLI pushed, as the user reads it and as the history keeps it.
      const major = created.cli?.version?.split('.')[0];
      expect(major === '1' || major === '2').toBe(true);
      expect(created.message).toBe(
        `Pushed with aws (AWS CLI v${major}) ${created.cli?.version} at ${join(cli.folder, 'aws')}.`,
      );

      const second = generateCredential('lsk_live_');
      const updated = await aws.push(target.id, second);
      expect(updated.outcome, updated.message).toBe('ok');
      expect(endpoint.secrets.get(secretId)).toBe(second);
      expect(endpoint.requests.at(-1)).toMatchObject({ target: 'secretsmanager.PutSecretValue' });
      expect(endpoint.requests.at(-1)?.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDKEYWARDENTEST\//,
      );

      expect(aws.history(OWNER, 1)[0]).toMatchObject({
        outcome: 'ok',
        cli: { program: 'aws', version: created.cli?.version },
      });
      const events = JSON.stringify(recorder.events);
      for (const secret of [first, second]) {
        expect(events).not.toContain(secret.slice(0, 30));
        for (const file of ['keywarden.db', 'keywarden.db-wal']) {
          expect(readFileSync(join(home, 'vault', file)).includes(secret.slice(0, 30))).toBe(false);
        }
      }
    },
  );

  it(
    'reports the caller as signed in, and a machine without credentials as signed out',
    { timeout: 120_000 },
    async () => {
      const config = { secretId: 'prod/payments/api-key', region: 'eu-west-1', endpointUrl: endpoint.url };
      const signedIn = await service('configured').checkSignIn({ kind: 'aws', config });
      expect(signedIn).toMatchObject({ state: 'signed_in', account: 'arn:aws:iam::123456789012:user/ci' });

      const bare = service('none');
      const target = bare.add({ owner: OWNER, kind: 'aws', label: 'no credentials', config });
      expect(await bare.checkSignIn(target.id)).toMatchObject({ state: 'signed_out' });
      const result = await bare.push(target.id, generateCredential('lsk_live_'));
      expect(result.outcome).toBe('signed_out');
      // v2 exits 253 without credentials; v1 exits 255 for every error.
      expect(result.exitCode).toBe(result.cli?.version?.startsWith('2.') ? 253 : 255);
      expect(result.message).toMatch(/aws configure/);
    },
  );
});
