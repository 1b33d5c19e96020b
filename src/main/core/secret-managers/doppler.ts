/**
 * Doppler through `doppler secrets set NAME`, the value on stdin (Doppler's recommended way) and
 * --silent so the CLI doesn't print the value back. Without a token the CLI exits 1 with
 * "Doppler Error: you must provide a token"; a revoked one gives "Invalid Auth token".
 */
import type { SecretTargetConfig } from '../../../shared/secret-targets.ts';
import { exitVerdict, parseJson, signInVerdict, type CliAdapter } from './adapter.ts';
import { commandLine } from './command-line.ts';

type DopplerConfig = SecretTargetConfig<'doppler'>;

const SIGNED_OUT = /must provide a token|invalid auth token|doppler login|unauthorized/i;

const setArgs = (config: DopplerConfig) => [
  'secrets',
  'set',
  config.secretName,
  `--project=${config.project}`,
  `--config=${config.config}`,
  '--silent',
  '--no-check-version',
];

export const dopplerAdapter: CliAdapter<'doppler'> = {
  kind: 'doppler',
  program: () => 'doppler',
  installHint: 'Install the Doppler CLI (https://docs.doppler.com/docs/install-cli), then run `doppler login`.',
  signInHint: () => 'The Doppler CLI is not signed in: run `doppler login`, then try again.',
  versionArgs: ['--version'],
  parseVersion: (output) => /v?(\d+\.\d+\.\d+)/.exec(output)?.[1] ?? null,
  passThroughEnv: ['DOPPLER_CONFIG_DIR'],
  settings: () => ({ DOPPLER_ENABLE_VERSION_CHECK: 'false', NO_COLOR: '1' }),

  async checkSignIn(_config, run) {
    const result = await run(['me', '--json', '--no-check-version']);
    return signInVerdict(result, SIGNED_OUT, (stdout) => {
      const me = parseJson(stdout) as { name?: unknown; workplace?: { name?: unknown } } | null;
      const name = me?.workplace?.name ?? me?.name;
      return typeof name === 'string' ? name : null;
    });
  },

  async push(config, { secret, run }) {
    return exitVerdict(await run(setArgs(config), { stdin: secret }), SIGNED_OUT);
  },

  copyCommand: (config) => ({ command: commandLine('doppler', setArgs(config)), stdin: 'secret', note: null }),
};
