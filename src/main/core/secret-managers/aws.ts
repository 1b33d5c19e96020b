/**
 * AWS Secrets Manager through `aws secretsmanager put-secret-value --secret-string
 * file:///dev/stdin`, and `create-secret` when the secret doesn't exist (ResourceNotFoundException).
 * Works with AWS CLI v1 and v2 alike (both read file:// paths); they differ in exit codes: v2 exits
 * 253 without credentials and 254 for a service error, v1 exits 255 for both, so the words decide.
 */
import type { SecretTargetConfig } from '../../../shared/secret-targets.ts';
import {
  exitVerdict,
  NO_DEV_STDIN_ON_WINDOWS,
  outputOf,
  parseJson,
  signInVerdict,
  type CliAdapter,
} from './adapter.ts';
import { commandLine } from './command-line.ts';

type AwsConfig = SecretTargetConfig<'aws'>;

const SIGNED_OUT =
  /Unable to locate credentials|aws configure|aws sso login|ExpiredToken|InvalidClientTokenId|UnrecognizedClientException|security token included in the request is (?:invalid|expired)|Token has expired|Error when retrieving token from sso/i;
const NOT_FOUND = /ResourceNotFoundException/;
const STDIN = 'file:///dev/stdin';

function connectionArgs(config: AwsConfig): string[] {
  const args: string[] = [];
  if (config.region) args.push('--region', config.region);
  if (config.profile) args.push('--profile', config.profile);
  if (config.endpointUrl) args.push('--endpoint-url', config.endpointUrl);
  return [...args, '--output', 'json'];
}

const putArgs = (config: AwsConfig) => [
  'secretsmanager',
  'put-secret-value',
  '--secret-id',
  config.secretId,
  '--secret-string',
  STDIN,
  ...connectionArgs(config),
];

const createArgs = (config: AwsConfig) => [
  'secretsmanager',
  'create-secret',
  '--name',
  config.secretId,
  '--secret-string',
  STDIN,
  ...connectionArgs(config),
];

export const awsAdapter: CliAdapter<'aws'> = {
  kind: 'aws',
  program: () => 'aws',
  installHint:
    'Install the AWS CLI (v2: https://aws.amazon.com/cli, or `apt install awscli`), then run `aws configure` or `aws sso login`.',
  signInHint: (config) =>
    `The AWS CLI has no usable credentials${config.profile ? ` for profile ${config.profile}` : ''}: ` +
    `run \`aws configure\` (or \`aws sso login\`${config.profile ? ` --profile ${config.profile}` : ''}), then try again.`,
  versionArgs: ['--version'],
  // "aws-cli/2.9.19 Python/3.11.2 …" (v1 printed it on stderr).
  parseVersion: (output) => /aws-cli\/(\d+\.\d+\.\d+)/.exec(output)?.[1] ?? null,
  // Where the CLI's own settings and sign-in live; never credentials themselves.
  passThroughEnv: ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CA_BUNDLE', 'AWS_EC2_METADATA_DISABLED'],
  // v2 pages output through `less` unless told not to; v1 ignores the variable.
  settings: () => ({ AWS_PAGER: '' }),

  async checkSignIn(config, run) {
    const result = await run(['sts', 'get-caller-identity', ...connectionArgs(config)]);
    return signInVerdict(result, SIGNED_OUT, (stdout) => {
      const identity = parseJson(stdout) as { Arn?: unknown } | null;
      return typeof identity?.Arn === 'string' ? identity.Arn : null;
    });
  },

  async push(config, { secret, run, platform }) {
    if (platform === 'win32')
      return { outcome: 'unsupported_platform', exitCode: null, detail: NO_DEV_STDIN_ON_WINDOWS };
    const put = await run(putArgs(config), { stdin: secret, stdinOpenedByPath: true });
    if (put.exitCode === 0 || !NOT_FOUND.test(outputOf(put))) return exitVerdict(put, SIGNED_OUT);
    if (!config.createIfMissing || config.secretId.startsWith('arn:')) {
      return {
        outcome: 'not_found',
        exitCode: put.exitCode,
        detail: `Secrets Manager has no secret ${config.secretId}${config.createIfMissing ? ' (an ARN names an existing secret, so none is created)' : ''}.`,
      };
    }
    return exitVerdict(await run(createArgs(config), { stdin: secret, stdinOpenedByPath: true }), SIGNED_OUT);
  },

  copyCommand: (config, platform) => ({
    command: commandLine('aws', putArgs(config)),
    stdin: 'secret',
    note:
      platform === 'win32'
        ? NO_DEV_STDIN_ON_WINDOWS
        : `If the secret doesn't exist yet: ${commandLine('aws', createArgs(config))}`,
  }),
};
