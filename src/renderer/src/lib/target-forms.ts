/**
 * The destination form: which fields each kind of secret manager asks for, how the flat form
 * values become the kind's configuration and back, and the shared schema's verdict as one sentence
 * per field. The rules themselves are the shared schemas (src/shared/secret-targets.ts), the same
 * ones the core checks before it saves or runs anything. Pure.
 */
import { SECRET_TARGET_TITLES, SecretTargetConfigs, type SecretTargetKind } from '../../../shared/secret-targets.ts';

export type TargetFieldSpec = {
  name: string;
  label: string;
  hint?: string;
  optional?: boolean;
  placeholder?: string;
  /** A choice of fixed values; a text field otherwise. */
  options?: readonly { value: string; label: string }[];
  checkbox?: boolean;
  /** Shown only when another field has one of these values (GitHub's scope). */
  when?: { field: string; values: readonly string[] };
};

export type TargetFormValues = Record<string, string | boolean>;

const GITHUB_LEVELS = [
  { value: 'repository', label: 'Repository' },
  { value: 'environment', label: 'Environment of a repository' },
  { value: 'organization', label: 'Organization' },
] as const;

export const TARGET_FIELDS: Readonly<Record<SecretTargetKind, readonly TargetFieldSpec[]>> = {
  github: [
    { name: 'secretName', label: 'Secret name', placeholder: 'API_KEY', hint: 'Upper-case letters, digits and _.' },
    { name: 'level', label: 'Secret of', options: GITHUB_LEVELS },
    {
      name: 'repo',
      label: 'Repository',
      placeholder: 'owner/name',
      when: { field: 'level', values: ['repository', 'environment'] },
    },
    {
      name: 'environment',
      label: 'Environment',
      placeholder: 'production',
      when: { field: 'level', values: ['environment'] },
    },
    { name: 'org', label: 'Organization', when: { field: 'level', values: ['organization'] } },
    {
      name: 'visibility',
      label: 'Visible to',
      options: [
        { value: 'private', label: 'Private repositories' },
        { value: 'all', label: 'All repositories' },
        { value: 'selected', label: 'Selected repositories' },
      ],
      when: { field: 'level', values: ['organization'] },
    },
    {
      name: 'repos',
      label: 'Selected repositories',
      optional: true,
      hint: 'Names within the organization, separated by commas.',
      when: { field: 'level', values: ['organization'] },
    },
  ],
  onepassword: [
    { name: 'vault', label: 'Vault' },
    { name: 'item', label: 'Item' },
    { name: 'field', label: 'Field', placeholder: 'credential' },
    { name: 'account', label: 'Account', optional: true, hint: 'Only when you are signed in to several accounts.' },
  ],
  doppler: [
    { name: 'project', label: 'Project' },
    { name: 'config', label: 'Config', placeholder: 'prd' },
    { name: 'secretName', label: 'Secret name', placeholder: 'API_KEY' },
  ],
  aws: [
    { name: 'secretId', label: 'Secret name or ARN' },
    { name: 'region', label: 'Region', optional: true, placeholder: 'eu-west-1' },
    { name: 'profile', label: 'Profile', optional: true },
    { name: 'endpointUrl', label: 'Endpoint URL', optional: true, hint: 'LocalStack and other compatible services.' },
    { name: 'createIfMissing', label: 'Create the secret when it does not exist', checkbox: true },
  ],
  vault: [
    {
      name: 'cli',
      label: 'Program',
      options: [
        { value: 'vault', label: 'vault (HashiCorp Vault)' },
        { value: 'bao', label: 'bao (OpenBao)' },
      ],
    },
    { name: 'address', label: 'Address', placeholder: 'https://vault.example.com:8200' },
    { name: 'namespace', label: 'Namespace', optional: true },
    { name: 'mount', label: 'Mount', placeholder: 'secret' },
    { name: 'path', label: 'Path', placeholder: 'apps/billing' },
    { name: 'field', label: 'Field', placeholder: 'api_key' },
  ],
  azure: [
    { name: 'vaultName', label: 'Key Vault name' },
    { name: 'secretName', label: 'Secret name', hint: 'Letters, digits and -.' },
  ],
  gcp: [
    { name: 'project', label: 'Project ID' },
    { name: 'secretName', label: 'Secret name' },
    { name: 'createIfMissing', label: 'Create the secret when it does not exist', checkbox: true },
  ],
  kubernetes: [
    { name: 'context', label: 'Context', optional: true, hint: 'kubectl’s current context when empty.' },
    { name: 'namespace', label: 'Namespace', placeholder: 'default' },
    { name: 'secretName', label: 'Secret', placeholder: 'billing-api' },
    { name: 'key', label: 'Key in the Secret', placeholder: 'API_KEY' },
  ],
  dotenv: [
    {
      name: 'path',
      label: 'File',
      placeholder: '/srv/app/.env',
      hint: 'An absolute path; the file is created if missing.',
    },
    { name: 'name', label: 'Variable name', placeholder: 'API_KEY' },
  ],
};

/** What a new form starts with for a kind. */
export function emptyValues(kind: SecretTargetKind): TargetFormValues {
  const values: TargetFormValues = {};
  for (const field of TARGET_FIELDS[kind]) {
    values[field.name] = field.checkbox ? true : (field.options?.[0]?.value ?? '');
  }
  return values;
}

export function isShown(field: TargetFieldSpec, values: TargetFormValues): boolean {
  return field.when === undefined || field.when.values.includes(String(values[field.when.field] ?? ''));
}

/** The form's values as the kind's configuration (not yet checked). */
export function toConfig(kind: SecretTargetKind, values: TargetFormValues): Record<string, unknown> {
  const text = (name: string) => String(values[name] ?? '').trim();
  const config: Record<string, unknown> = {};
  for (const field of TARGET_FIELDS[kind]) {
    if (!isShown(field, values)) continue;
    if (field.checkbox) config[field.name] = values[field.name] === true;
    else if (!(field.optional && text(field.name) === '')) config[field.name] = text(field.name);
  }
  if (kind !== 'github') return config;
  const { secretName, level, repo, environment, org, visibility, repos } = config;
  const scope =
    level === 'organization'
      ? {
          level,
          org,
          visibility,
          repos: String(repos ?? '')
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean),
        }
      : level === 'environment'
        ? { level, repo, environment }
        : { level, repo };
  return { secretName, scope };
}

/** A saved configuration back as form values (editing a destination). */
export function toValues(kind: SecretTargetKind, config: Record<string, unknown>): TargetFormValues {
  const flat: Record<string, unknown> =
    kind === 'github' && typeof config.scope === 'object' && config.scope !== null
      ? { ...config, ...(config.scope as Record<string, unknown>) }
      : config;
  const values = emptyValues(kind);
  for (const field of TARGET_FIELDS[kind]) {
    const value = flat[field.name];
    if (field.checkbox) values[field.name] = value !== false;
    else if (Array.isArray(value)) values[field.name] = value.join(', ');
    else if (typeof value === 'string') values[field.name] = value;
  }
  return values;
}

export type TargetCheck =
  | { ok: true; config: Record<string, unknown> }
  | { ok: false; config: Record<string, unknown>; errors: Record<string, string> };

/** Checks the form with the kind's shared schema: one sentence per field, on the field it is about. */
export function checkTarget(kind: SecretTargetKind, values: TargetFormValues): TargetCheck {
  const config = toConfig(kind, values);
  const parsed = SecretTargetConfigs[kind].safeParse(config);
  if (parsed.success) return { ok: true, config };
  const errors: Record<string, string> = {};
  const names = new Set(TARGET_FIELDS[kind].map((field) => field.name));
  for (const issue of parsed.error.issues) {
    const named = [...issue.path].reverse().find((part): part is string => typeof part === 'string' && names.has(part));
    // An issue on GitHub's scope as a whole is about its level.
    const field = named ?? (kind === 'github' ? 'level' : (TARGET_FIELDS[kind][0]?.name ?? 'label'));
    const sentence = issue.code === 'invalid_type' ? `${labelOf(kind, field)} is required` : issue.message;
    errors[field] ??= sentence;
  }
  return { ok: false, config, errors };
}

function labelOf(kind: SecretTargetKind, name: string): string {
  return TARGET_FIELDS[kind].find((field) => field.name === name)?.label ?? name;
}

/** A label when the admin gave none: "GitHub Actions: owner/repo API_KEY". */
export function defaultLabel(kind: SecretTargetKind, config: Record<string, unknown>): string {
  return `${SECRET_TARGET_TITLES[kind]}: ${describeConfig(kind, config)}`.slice(0, 255);
}

/** Where a destination writes, in a few words for its line in the list. */
export function describeConfig(kind: SecretTargetKind, config: Record<string, unknown>): string {
  const get = (name: string) => (typeof config[name] === 'string' ? (config[name] as string) : '');
  switch (kind) {
    case 'github': {
      const scope = (config.scope ?? {}) as Record<string, unknown>;
      const where =
        scope.level === 'organization'
          ? `org ${String(scope.org ?? '')}`
          : `${String(scope.repo ?? '')}${scope.level === 'environment' ? ` (${String(scope.environment ?? '')})` : ''}`;
      return `${get('secretName')} in ${where}`;
    }
    case 'onepassword':
      return `${get('vault')} / ${get('item')} / ${get('field')}`;
    case 'doppler':
      return `${get('secretName')} in ${get('project')}/${get('config')}`;
    case 'aws':
      return `${get('secretId')}${get('region') ? ` (${get('region')})` : ''}`;
    case 'vault':
      return `${get('mount')}/${get('path')} → ${get('field')}`;
    case 'azure':
      return `${get('secretName')} in ${get('vaultName')}`;
    case 'gcp':
      return `${get('secretName')} in ${get('project')}`;
    case 'kubernetes':
      return `${get('namespace')}/${get('secretName')} → ${get('key')}`;
    case 'dotenv':
      return `${get('name')} in ${get('path')}`;
  }
}
