/**
 * Azure Key Vault through `az keyvault secret set --file /dev/stdin` (az has no `--value` form that
 * reads stdin; --file opens the path it is given, and /dev/stdin is the pipe). `--output none`
 * keeps az from printing the stored value back. Signed out, az exits 1 with "Please run 'az login'
 * to setup account."
 */
import type { SecretTargetConfig } from '../../../shared/secret-targets.ts';
import { exitVerdict, NO_DEV_STDIN_ON_WINDOWS, parseJson, signInVerdict, type CliAdapter } from './adapter.ts';
import { commandLine } from './command-line.ts';

type AzureConfig = SecretTargetConfig<'azure'>;

const SIGNED_OUT = /az login|AADSTS\d+|refresh token has expired|No subscription found/i;

const setArgs = (config: AzureConfig) => [
  'keyvault',
  'secret',
  'set',
  '--vault-name',
  config.vaultName,
  '--name',
  config.secretName,
  '--file',
  '/dev/stdin',
  '--encoding',
  'utf-8',
  '--output',
  'none',
  '--only-show-errors',
];

export const azureAdapter: CliAdapter<'azure'> = {
  kind: 'azure',
  program: () => 'az',
  installHint: 'Install the Azure CLI (https://learn.microsoft.com/cli/azure/install-azure-cli), then run `az login`.',
  signInHint: () => 'The Azure CLI is not signed in: run `az login`, then try again.',
  versionArgs: ['version', '--output', 'json'],
  parseVersion(output) {
    const versions = parseJson(output) as Record<string, unknown> | null;
    const version = versions?.['azure-cli'];
    return typeof version === 'string' ? version : (/azure-cli\s+(\d+\.\d+\.\d+)/.exec(output)?.[1] ?? null);
  },
  passThroughEnv: ['AZURE_CONFIG_DIR'],
  settings: () => ({ AZURE_CORE_NO_COLOR: 'true', AZURE_CORE_COLLECT_TELEMETRY: 'false' }),

  async checkSignIn(_config, run) {
    const result = await run(['account', 'show', '--output', 'json']);
    return signInVerdict(result, SIGNED_OUT, (stdout) => {
      const account = parseJson(stdout) as { user?: { name?: unknown } } | null;
      return typeof account?.user?.name === 'string' ? account.user.name : null;
    });
  },

  async push(config, { secret, run, platform }) {
    if (platform === 'win32')
      return { outcome: 'unsupported_platform', exitCode: null, detail: NO_DEV_STDIN_ON_WINDOWS };
    return exitVerdict(await run(setArgs(config), { stdin: secret, stdinOpenedByPath: true }), SIGNED_OUT);
  },

  copyCommand: (config, platform) => ({
    command: commandLine('az', setArgs(config)),
    stdin: 'secret',
    note: platform === 'win32' ? NO_DEV_STDIN_ON_WINDOWS : null,
  }),
};
