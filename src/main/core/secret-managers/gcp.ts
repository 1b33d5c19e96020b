/**
 * Google Secret Manager through `gcloud secrets versions add NAME --data-file=-` ("-" reads the
 * data from stdin), and `gcloud secrets create NAME --data-file=-` when the secret doesn't exist
 * (NOT_FOUND). Signed out, gcloud exits 1 and says to run `gcloud auth login`. The sign-in check
 * lists the active account rather than printing an access token, which would be a credential.
 */
import type { SecretTargetConfig } from '../../../shared/secret-targets.ts';
import { exitVerdict, outputOf, type CliAdapter } from './adapter.ts';
import { commandLine } from './command-line.ts';

type GcpConfig = SecretTargetConfig<'gcp'>;

const SIGNED_OUT =
  /gcloud auth login|do not currently have an active account|Reauthentication (?:required|failed)|invalid_grant|refresh token has expired/i;
const NOT_FOUND = /NOT_FOUND/;

const common = (config: GcpConfig) => [`--project=${config.project}`, '--quiet', '--format=json'];
const addArgs = (config: GcpConfig) => [
  'secrets',
  'versions',
  'add',
  config.secretName,
  '--data-file=-',
  ...common(config),
];
const createArgs = (config: GcpConfig) => [
  'secrets',
  'create',
  config.secretName,
  '--data-file=-',
  '--replication-policy=automatic',
  ...common(config),
];

export const gcpAdapter: CliAdapter<'gcp'> = {
  kind: 'gcp',
  program: () => 'gcloud',
  installHint:
    'Install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install), then run `gcloud auth login`.',
  signInHint: () => 'The Google Cloud CLI has no active account: run `gcloud auth login`, then try again.',
  versionArgs: ['--version'],
  parseVersion: (output) => /Google Cloud SDK (\d+\.\d+\.\d+)/.exec(output)?.[1] ?? null,
  passThroughEnv: ['CLOUDSDK_CONFIG', 'CLOUDSDK_PYTHON'],
  settings: () => ({ CLOUDSDK_CORE_DISABLE_PROMPTS: '1', CLOUDSDK_CORE_DISABLE_USAGE_REPORTING: 'true' }),

  async checkSignIn(_config, run) {
    const result = await run(['auth', 'list', '--filter=status:ACTIVE', '--format=value(account)']);
    const account = result.stdout.trim().split(/\r?\n/)[0]?.trim() ?? '';
    if (result.exitCode === 0 && account.length > 0) return { state: 'signed_in', account };
    if (result.exitCode === 0 || SIGNED_OUT.test(outputOf(result))) {
      return { state: 'signed_out', detail: outputOf(result) || 'No credentialed accounts.' };
    }
    return { state: 'unavailable', detail: outputOf(result) };
  },

  async push(config, { secret, run }) {
    const add = await run(addArgs(config), { stdin: secret });
    if (add.exitCode === 0 || !NOT_FOUND.test(outputOf(add))) return exitVerdict(add, SIGNED_OUT);
    if (!config.createIfMissing) {
      return {
        outcome: 'not_found',
        exitCode: add.exitCode,
        detail: `${config.project} has no secret ${config.secretName}.`,
      };
    }
    return exitVerdict(await run(createArgs(config), { stdin: secret }), SIGNED_OUT);
  },

  copyCommand: (config) => ({
    command: commandLine('gcloud', addArgs(config)),
    stdin: 'secret',
    note: `If the secret doesn't exist yet: ${commandLine('gcloud', createArgs(config))}`,
  }),
};
