/**
 * The destination form: each kind's fields become its configuration (GitHub's scope nested), the
 * shared schema's refusals land on the field they are about, and a saved configuration comes back
 * as the same form values.
 */
import { describe, expect, it } from 'vitest';
import {
  checkTarget,
  defaultLabel,
  emptyValues,
  isShown,
  TARGET_FIELDS,
  toConfig,
  toValues,
} from '../../../src/renderer/src/lib/target-forms.ts';
import { SECRET_TARGET_KINDS, SecretTargetConfigs } from '../../../src/shared/secret-targets.ts';

describe('the destination form', () => {
  it('asks every kind only for fields its schema knows', () => {
    for (const kind of SECRET_TARGET_KINDS) {
      const schemaFields = Object.keys(SecretTargetConfigs[kind].shape);
      for (const field of TARGET_FIELDS[kind]) {
        const known = schemaFields.includes(field.name) || (kind === 'github' && field.name !== 'secretName');
        expect(known, `${kind}.${field.name}`).toBe(true);
      }
    }
  });

  it('puts each refusal next to its field, in the schema’s own words', () => {
    const checked = checkTarget('dotenv', { path: 'relative/.env', name: '1BAD' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toEqual({
      path: 'The file path must be absolute',
      name: 'The variable name uses letters, digits and _, not starting with a digit',
    });
    const empty = checkTarget('doppler', emptyValues('doppler'));
    expect(empty.ok || Object.keys(empty.errors).sort()).toEqual(['config', 'project', 'secretName']);
  });

  it('nests GitHub’s scope by its level and shows only that level’s fields', () => {
    const values = {
      ...emptyValues('github'),
      secretName: 'API_KEY',
      level: 'environment',
      repo: 'acme/app',
      environment: 'prod',
    };
    expect(toConfig('github', values)).toEqual({
      secretName: 'API_KEY',
      scope: { level: 'environment', repo: 'acme/app', environment: 'prod' },
    });
    const org = TARGET_FIELDS.github.find((field) => field.name === 'org')!;
    expect(isShown(org, values)).toBe(false);
    const organization = { ...values, level: 'organization', org: 'acme', visibility: 'selected', repos: 'app, api ,' };
    expect(toConfig('github', organization)).toEqual({
      secretName: 'API_KEY',
      scope: { level: 'organization', org: 'acme', visibility: 'selected', repos: ['app', 'api'] },
    });
    expect(checkTarget('github', { ...values, secretName: 'GITHUB_TOKEN' })).toMatchObject({
      ok: false,
      errors: { secretName: expect.stringMatching(/must not start with GITHUB_/) },
    });
  });

  it('leaves empty optional fields out, and reads a saved configuration back', () => {
    const values = { ...emptyValues('aws'), secretId: 'prod/billing', region: '' };
    const config = toConfig('aws', values);
    expect(config).toEqual({ secretId: 'prod/billing', createIfMissing: true });
    expect(checkTarget('aws', values).ok).toBe(true);
    expect(toValues('aws', { ...config, createIfMissing: false })).toMatchObject({
      secretId: 'prod/billing',
      region: '',
      createIfMissing: false,
    });
    const github = {
      secretName: 'API_KEY',
      scope: { level: 'organization', org: 'acme', visibility: 'all', repos: ['a', 'b'] },
    };
    expect(toConfig('github', toValues('github', github))).toEqual(github);
  });

  it('names a destination after where it writes when the admin gives no label', () => {
    expect(defaultLabel('dotenv', { path: '/srv/app/.env', name: 'API_KEY' })).toBe(
      '.env file: API_KEY in /srv/app/.env',
    );
    expect(defaultLabel('kubernetes', { namespace: 'prod', secretName: 'billing', key: 'token' })).toBe(
      'Kubernetes: prod/billing → token',
    );
  });
});
