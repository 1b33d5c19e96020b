/**
 * Names are checked before any CLI runs, with each service's own rules, so a typo is refused in
 * the form instead of failing (or, with a leading "-", turning into an option) on the command line.
 */
import { describe, expect, it } from 'vitest';
import { NewSecretTarget, SecretTargetConfigs } from '../../../src/shared/secret-targets.ts';
import { redact } from '../../../src/main/core/secret-managers/redact.ts';
import { encodeEnvValue } from '../../../src/main/core/secret-managers/dotenv-file.ts';

const refused = (kind: keyof typeof SecretTargetConfigs, config: unknown) => {
  const result = SecretTargetConfigs[kind].safeParse(config);
  return result.success ? null : result.error.issues.map((issue) => issue.message).join('; ');
};

describe('secret-manager names', () => {
  it('GitHub: upper case, digits and _, not starting with GITHUB_ or a digit', () => {
    const scope = { level: 'repository', repo: 'acme/api' };
    expect(refused('github', { secretName: 'API_KEY_2', scope })).toBeNull();
    expect(refused('github', { secretName: 'GITHUB_TOKEN', scope })).toMatch(/GITHUB_/);
    expect(refused('github', { secretName: '2_KEYS', scope })).toMatch(/digit/);
    expect(refused('github', { secretName: 'api_key', scope })).toMatch(/upper-case/);
    expect(refused('github', { secretName: 'API_KEY', scope: { level: 'repository', repo: 'acme' } })).toMatch(
      /owner\/name/,
    );
    expect(
      refused('github', {
        secretName: 'K',
        scope: { level: 'organization', org: 'acme', visibility: 'some', repos: [] },
      }),
    ).not.toBeNull();
  });

  it('Azure: 1 to 127 letters, digits and -', () => {
    const vaultName = 'kv-prod';
    expect(refused('azure', { vaultName, secretName: 'payments-api-key' })).toBeNull();
    expect(refused('azure', { vaultName, secretName: 'payments_api_key' })).toMatch(/letters, digits and -/);
    expect(refused('azure', { vaultName, secretName: 'a'.repeat(128) })).toMatch(/127/);
    expect(refused('azure', { vaultName: 'kv', secretName: 'x' })).toMatch(/3 to 24/);
  });

  it('Doppler upper case; Google letters, digits, - and _; AWS ids; env variable names', () => {
    expect(refused('doppler', { project: 'pay', config: 'prd', secretName: 'API_KEY' })).toBeNull();
    expect(refused('doppler', { project: 'pay', config: 'prd', secretName: 'api_key' })).toMatch(/upper-case/);
    expect(refused('gcp', { project: 'acme-payments', secretName: 'payments.key' })).toMatch(
      /letters, digits, - and _/,
    );
    expect(refused('aws', { secretId: 'prod/payments key' })).toMatch(/letters, digits/);
    expect(refused('aws', { secretId: 'arn:aws:secretsmanager:eu-west-1:1:secret:x', endpointUrl: 'ftp://x' })).toMatch(
      /http/,
    );
    expect(refused('dotenv', { path: '/srv/app/.env', name: '1_KEY' })).toMatch(/digit/);
    expect(refused('dotenv', { path: '/srv/app/.env', name: 'API-KEY' })).not.toBeNull();
    expect(refused('dotenv', { path: 'relative/.env', name: 'API_KEY' })).toMatch(/absolute/);
  });

  it('Kubernetes: DNS names for namespace and Secret, [-._a-zA-Z0-9] keys', () => {
    const base = { namespace: 'payments', secretName: 'payments-api', key: 'API_KEY' };
    expect(refused('kubernetes', base)).toBeNull();
    expect(refused('kubernetes', { ...base, namespace: 'Payments' })).toMatch(/DNS label/);
    expect(refused('kubernetes', { ...base, secretName: 'payments_api' })).toMatch(/DNS subdomain/);
    expect(refused('kubernetes', { ...base, key: 'api/key' })).toMatch(/-\._/);
  });

  it('no name may start with "-" (it would read as an option) or hold control characters', () => {
    expect(refused('vault', { address: 'http://127.0.0.1:8200', mount: '-secret', path: 'p', field: 'f' })).toMatch(
      /must not start with "-"/,
    );
    expect(refused('onepassword', { vault: 'Infra', item: 'Pay\u202Ements', field: 'credential' })).toMatch(/control/);
    expect(
      refused('vault', { address: 'http://127.0.0.1:8200', mount: 'secret', path: 'p', field: 'a=b' }),
    ).not.toBeNull();
  });

  it('a new target is checked against its kind, and says which field is wrong', () => {
    const parsed = NewSecretTarget.safeParse({
      owner: { workspaceId: 'external', keyId: 'k' },
      kind: 'azure',
      label: 'prod',
      config: { vaultName: 'kv-prod', secretName: 'bad_name' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['config', 'secretName']);
  });
});

describe('what a CLI says, before anyone sees it', () => {
  it('hides the secret in every form and anything shaped like a credential', () => {
    const secret = 'my "quoted"\nsecret value';
    const said = [
      `echo: ${secret}`,
      `json: ${JSON.stringify(secret)}`,
      `base64: ${Buffer.from(secret).toString('base64')}`,
      'token: gho_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefgh',
      'key lsk_live_0123456789abcdefABCDEF0123456789abcdef',
      'AKIAIOSFODNN7EXAMPLE and hvs.CAESIJ0123456789abcdefghijklmnop',
    ].join('\n');
    const out = redact(said, [secret]);
    for (const leak of [
      'quoted',
      'secret value',
      'gho_',
      'eyJhbGci',
      'lsk_live_0123',
      'AKIAIOSFODNN7EXAMPLE',
      'hvs.CAES',
    ]) {
      expect(out).not.toContain(leak);
    }
    expect(out).toContain('Authorization: Bearer [redacted]');
  });

  it('.env quoting picks a form dotenv reads back, or none', () => {
    expect(encodeEnvValue('plain-value_1')).toBe('plain-value_1');
    expect(encodeEnvValue('has space')).toBe("'has space'");
    expect(encodeEnvValue("it's")).toBe('"it\'s"');
    expect(encodeEnvValue('line\r\nbreak')).toBe('"line\\r\\nbreak"');
    expect(encodeEnvValue('\' " ` #')).toBeNull();
  });
});
