/**
 * Secret-manager targets: where a key's secret is pushed (GitHub Actions, 1Password, Doppler, AWS
 * Secrets Manager, Vault/OpenBao, Azure Key Vault, Google Secret Manager, Kubernetes, a `.env`
 * file). A target's configuration names places, never a secret. Shared by the core (which checks
 * every name before a program runs) and the renderer (which checks a form before saving): runs
 * anywhere, no node:* imports.
 */
import { z } from 'zod';

export const SECRET_TARGET_KINDS = [
  'github',
  'onepassword',
  'doppler',
  'aws',
  'vault',
  'azure',
  'gcp',
  'kubernetes',
  'dotenv',
] as const;
export const SecretTargetKind = z.enum(SECRET_TARGET_KINDS);
export type SecretTargetKind = z.infer<typeof SecretTargetKind>;

/** What a user calls each kind of target. */
export const SECRET_TARGET_TITLES: Readonly<Record<SecretTargetKind, string>> = {
  github: 'GitHub Actions',
  onepassword: '1Password',
  doppler: 'Doppler',
  aws: 'AWS Secrets Manager',
  vault: 'HashiCorp Vault / OpenBao',
  azure: 'Azure Key Vault',
  gcp: 'Google Secret Manager',
  kubernetes: 'Kubernetes',
  dotenv: '.env file',
};

/**
 * Every name below ends up as one argument of a program run without a shell. A leading `-` would
 * read as an option and a control character can disguise a name in a list, so both are refused.
 */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code <= 0x1f || code === 0x7f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
      return true;
    }
  }
  return false;
}

/** Free text such as a 1Password item title: any printable characters. */
function label(what: string, maxLength = 255) {
  return z
    .string()
    .min(1, `${what} is required`)
    .max(maxLength, `${what} is at most ${maxLength} characters`)
    .refine((text) => !text.startsWith('-'), `${what} must not start with "-"`)
    .refine((text) => !hasControlCharacter(text), `${what} must not contain control characters`);
}

function name(what: string, pattern: RegExp, rule: string, maxLength = 255) {
  return label(what, maxLength).refine((text) => pattern.test(text), `${what} ${rule}`);
}

// Names each service accepts, as its documentation states them.
const githubSecretName = name(
  'The GitHub secret name',
  /^(?!GITHUB_)(?![0-9])[A-Z0-9_]+$/,
  'uses upper-case letters, digits and _, and must not start with GITHUB_ or a digit',
);
const githubRepo = name('The repository', /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'is written owner/name');
const githubOwner = name('The organization', /^[A-Za-z0-9-]+$/, 'uses letters, digits and -', 39);
const dopplerSecretName = name('The Doppler secret name', /^[A-Z0-9_]+$/, 'uses upper-case letters, digits and _');
const dopplerSlug = (what: string) => name(what, /^[A-Za-z0-9_-]+$/, 'uses letters, digits, - and _', 100);
const awsSecretId = name(
  'The AWS secret name or ARN',
  /^[A-Za-z0-9/_+=.@:-]+$/,
  'uses letters, digits and /_+=.@- (and : in an ARN)',
  2048,
);
const awsRegion = name('The AWS region', /^[a-z]{2}(-[a-z]+)+-\d+$/, 'looks like eu-west-1', 32);
const awsProfile = name('The AWS profile', /^[A-Za-z0-9_.+@-]+$/, 'uses letters, digits and _.+@-', 128);
const httpUrl = (what: string) =>
  z
    .string()
    .max(2048)
    .refine((text) => /^https?:\/\/[^\s]+$/.test(text) && URL.canParse(text), `${what} is an http:// or https:// URL`);
const vaultPath = (what: string) => name(what, /^[A-Za-z0-9_.@/-]+$/, 'uses letters, digits and _.@/-', 512);
const vaultField = name('The field', /^[A-Za-z0-9_.-]+$/, 'uses letters, digits and _.-', 255);
const azureVaultName = name(
  'The Key Vault name',
  /^[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$/,
  'has 3 to 24 letters, digits and -, starting with a letter',
  24,
);
const azureSecretName = name('The Azure secret name', /^[0-9A-Za-z-]{1,127}$/, 'uses letters, digits and -', 127);
const gcpProject = name('The Google Cloud project', /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'is a project ID', 30);
const gcpSecretName = name('The secret name', /^[A-Za-z0-9_-]{1,255}$/, 'uses letters, digits, - and _');
const dnsLabel = name('The namespace', /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'is a DNS label (a-z, 0-9, -)', 63);
const dnsSubdomain = name(
  'The Secret name',
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  'is a DNS subdomain (a-z, 0-9, - and .)',
  253,
);
const kubernetesKey = name('The key', /^[-._a-zA-Z0-9]+$/, 'uses letters, digits and -._', 253);
export const ENV_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const envName = name('The variable name', ENV_VARIABLE_NAME, 'uses letters, digits and _, not starting with a digit');
const absolutePath = z
  .string()
  .min(1, 'The file path is required')
  .max(4096)
  .refine((text) => !hasControlCharacter(text), 'The file path must not contain control characters')
  .refine((text) => text.startsWith('/') || /^[A-Za-z]:[\\/]/.test(text), 'The file path must be absolute');

const GithubScope = z.discriminatedUnion('level', [
  z.object({ level: z.literal('repository'), repo: githubRepo }),
  z.object({ level: z.literal('environment'), repo: githubRepo, environment: label('The environment') }),
  z.object({
    level: z.literal('organization'),
    org: githubOwner,
    visibility: z.enum(['all', 'private', 'selected']),
    /** Repositories (names within the organization) that may read a `selected` secret. */
    repos: z.array(name('A repository', /^[A-Za-z0-9._-]+$/, 'uses letters, digits and ._-', 100)).max(100),
  }),
]);

export const SecretTargetConfigs = {
  github: z.object({ secretName: githubSecretName, scope: GithubScope }),
  onepassword: z.object({
    vault: label('The vault'),
    item: label('The item'),
    field: label('The field'),
    account: label('The account').optional(),
  }),
  doppler: z.object({
    project: dopplerSlug('The project'),
    config: dopplerSlug('The config'),
    secretName: dopplerSecretName,
  }),
  aws: z.object({
    secretId: awsSecretId,
    region: awsRegion.optional(),
    profile: awsProfile.optional(),
    /** LocalStack and other Secrets Manager compatibles. */
    endpointUrl: httpUrl('The endpoint').optional(),
    createIfMissing: z.boolean().default(true),
  }),
  vault: z.object({
    /** `vault` (HashiCorp) or `bao` (OpenBao): the same commands under another name. */
    cli: z.enum(['vault', 'bao']).default('vault'),
    address: httpUrl('The Vault address'),
    namespace: vaultPath('The namespace').optional(),
    mount: vaultPath('The mount'),
    path: vaultPath('The path'),
    field: vaultField,
  }),
  azure: z.object({ vaultName: azureVaultName, secretName: azureSecretName }),
  gcp: z.object({ project: gcpProject, secretName: gcpSecretName, createIfMissing: z.boolean().default(true) }),
  kubernetes: z.object({
    context: label('The context').optional(),
    namespace: dnsLabel,
    secretName: dnsSubdomain,
    key: kubernetesKey,
  }),
  dotenv: z.object({ path: absolutePath, name: envName }),
} as const;

export type SecretTargetConfig<K extends SecretTargetKind = SecretTargetKind> = z.infer<
  (typeof SecretTargetConfigs)[K]
>;

/** The key a target belongs to: a managed key of a workspace, or an external key. */
export const SecretTargetOwner = z.object({ workspaceId: z.string().min(1), keyId: z.string().min(1) });
export type SecretTargetOwner = z.infer<typeof SecretTargetOwner>;

const targetLabel = label('The label').refine((text) => text.trim().length > 0, 'The label is required');

/** A new target as a form sends it: the config is checked against its kind's schema. */
export const NewSecretTarget = z
  .object({ owner: SecretTargetOwner, kind: SecretTargetKind, label: targetLabel, config: z.unknown() })
  .transform((input, context) => {
    const parsed = SecretTargetConfigs[input.kind].safeParse(input.config);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) context.addIssue({ ...issue, path: ['config', ...issue.path] });
      return z.NEVER;
    }
    return { ...input, config: parsed.data as SecretTargetConfig };
  });
export type NewSecretTarget = z.output<typeof NewSecretTarget>;

export interface SecretTarget {
  id: string;
  owner: SecretTargetOwner;
  kind: SecretTargetKind;
  label: string;
  config: SecretTargetConfig;
  createdAt: string;
  updatedAt: string;
}

/**
 * How a push ended, as a stable code (the sentence next to it is for people).
 * - `cli_missing`: the program is not on PATH; `cli_outdated`: too old for stdin input.
 * - `unsupported_platform`: the program has no stdin form on this OS (AWS and Azure on Windows).
 * - `invalid_name`: the target's configuration was refused before anything ran.
 * - `invalid_value`: the secret can't be written there as it is (empty, or no `.env` quoting holds it).
 * - `not_found`: the destination doesn't exist and the target says not to create it.
 * - `write_failed`: the `.env` file could not be written.
 */
export const PUSH_OUTCOMES = [
  'ok',
  'cli_missing',
  'cli_outdated',
  'unsupported_platform',
  'signed_out',
  'invalid_name',
  'invalid_value',
  'not_found',
  'timeout',
  'cancelled',
  'cli_failed',
  'write_failed',
] as const;
export const PushOutcome = z.enum(PUSH_OUTCOMES);
export type PushOutcome = z.infer<typeof PushOutcome>;

/** The program that did (or would do) the work, and which one: `aws` v1 and v2 behave differently. */
export interface CliIdentity {
  program: string;
  path: string;
  version: string | null;
}

/** One push as the key's history keeps it: never the secret, and the CLI's words redacted. */
export interface PushRecord {
  id: number;
  targetId: string;
  owner: SecretTargetOwner;
  targetKind: SecretTargetKind;
  targetLabel: string;
  at: string;
  outcome: PushOutcome;
  exitCode: number | null;
  message: string;
  cli: CliIdentity | null;
}

export type SignInState =
  | { state: 'signed_in'; account: string | null; cli: CliIdentity | null }
  | { state: 'signed_out'; sentence: string; cli: CliIdentity | null }
  | { state: 'unavailable'; code: PushOutcome; sentence: string; cli: CliIdentity | null };

export interface CliDetection {
  kind: SecretTargetKind;
  program: string;
  found: boolean;
  cli: CliIdentity | null;
  /** How to install the program, when it is missing. */
  installHint: string;
}

/** The command a user can run by hand, with the secret (or a document holding it) on stdin. */
export interface CopyCommand {
  command: string;
  stdin: 'secret' | 'item-json' | 'none';
  note: string | null;
}
