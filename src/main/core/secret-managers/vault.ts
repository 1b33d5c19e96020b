/**
 * HashiCorp Vault and OpenBao (`bao`, the same commands) KV version 2. `kv patch … FIELD=-` reads
 * the value from stdin and changes that one field, keeping the secret's other fields; a path that
 * doesn't exist yet answers 404 and is written with `kv put … FIELD=-`. The address goes in
 * VAULT_ADDR (BAO_ADDR) from the target; the token stays where `vault login` put it.
 * Exit codes: 0 done, 1 local error, 2 the server refused (403 for a missing or refused token).
 */
import type { SecretTargetConfig } from '../../../shared/secret-targets.ts';
import { exitVerdict, outputOf, parseJson, signInVerdict, type CliAdapter } from './adapter.ts';
import { commandLine } from './command-line.ts';

type VaultConfig = SecretTargetConfig<'vault'>;

const SIGNED_OUT = /Code: 403|permission denied|missing client token|invalid token/i;
const ABSENT = /Code: 404/;
const KV_VERSION_1 = /must be version 2/i;

const kvArgs = (verb: 'patch' | 'put', config: VaultConfig) => [
  'kv',
  verb,
  `-mount=${config.mount}`,
  config.path,
  `${config.field}=-`,
];

export const vaultAdapter: CliAdapter<'vault'> = {
  kind: 'vault',
  program: (config) => config?.cli ?? 'vault',
  installHint:
    'Install the Vault CLI (https://developer.hashicorp.com/vault/install) or OpenBao (https://openbao.org), then run `vault login`.',
  signInHint: (config) =>
    `${config.cli} has no token that may write ${config.mount}/${config.path} at ${config.address}: ` +
    `run \`${config.cli} login\` (or ask for a policy that may write that path), then try again.`,
  versionArgs: ['version'],
  // "Vault v1.15.2 (…)" or "OpenBao v2.0.0 (…)".
  parseVersion: (output) => /v(\d+\.\d+\.\d+)/.exec(output)?.[1] ?? null,
  passThroughEnv: ['VAULT_CACERT', 'VAULT_CAPATH', 'VAULT_CONFIG_PATH', 'BAO_CACERT', 'BAO_CAPATH'],
  settings(config) {
    const prefix = config.cli === 'bao' ? 'BAO' : 'VAULT';
    const settings: Record<string, string> = { [`${prefix}_ADDR`]: config.address };
    if (config.namespace) settings[`${prefix}_NAMESPACE`] = config.namespace;
    return settings;
  },

  async checkSignIn(_config, run) {
    const result = await run(['token', 'lookup', '-format=json']);
    return signInVerdict(result, SIGNED_OUT, (stdout) => {
      const token = parseJson(stdout) as { data?: { display_name?: unknown } } | null;
      return typeof token?.data?.display_name === 'string' ? token.data.display_name : null;
    });
  },

  async push(config, { secret, run }) {
    const patch = await run(kvArgs('patch', config), { stdin: secret });
    if (patch.exitCode !== 0 && KV_VERSION_1.test(outputOf(patch))) {
      // `put` on KV v1 would replace every field of the secret with this one.
      return {
        outcome: 'cli_failed',
        exitCode: patch.exitCode,
        detail: `${config.mount} is a KV version 1 mount: Keywarden writes to KV version 2 only, where one field can change without replacing the others.`,
      };
    }
    if (patch.exitCode === 0 || !ABSENT.test(outputOf(patch))) return exitVerdict(patch, SIGNED_OUT);
    return exitVerdict(await run(kvArgs('put', config), { stdin: secret }), SIGNED_OUT);
  },

  copyCommand: (config) => ({
    command: commandLine(config.cli, kvArgs('patch', config)),
    stdin: 'secret',
    note: `With ${config.cli === 'bao' ? 'BAO_ADDR' : 'VAULT_ADDR'}=${config.address}. For a path that doesn't exist yet, use \`kv put\` instead of \`kv patch\`.`,
  }),
};
