/**
 * How each secret manager's CLI answers, as its documentation and source say: exit codes and the
 * words it prints for success, for "signed out" and for a failure. One case per target kind, with
 * what a push must have run.
 */
import type { SecretTargetKind } from '../../../../src/shared/secret-targets.ts';
import type { StandInReply, StandInScenarios } from './stand-ins.ts';

export interface CliCase {
  kind: Exclude<SecretTargetKind, 'dotenv'>;
  program: string;
  config: Record<string, unknown>;
  scenarios: StandInScenarios;
  /** Arguments the push command must have had (in order, among others). */
  pushArgs: string[];
  /** What a push wrote on stdin, reduced to the secret it carried. */
  secretIn(stdin: string): unknown;
  /** The CLI reads the value by opening this path rather than its stdin stream (AWS, Azure). */
  opensByPath?: string;
  signedOut: { exitCode: number; says: RegExp };
  failure: { exitCode: number; says: RegExp };
}

const ok = (stdout = ''): StandInReply => ({ exitCode: 0, stdout });
const fail = (exitCode: number, stderr: string): StandInReply => ({ exitCode, stderr, echoInput: true });
const hang: StandInReply = { exitCode: 0, hang: true };

/** Every scenario answers the version question the same way; the rest follows `rules`. */
function scenarios(version: string, rules: Record<string, Array<[string, StandInReply]>>): StandInScenarios {
  const out: StandInScenarios = {};
  for (const [name, list] of Object.entries(rules)) {
    out[name] = [
      { when: '^(--version|version)', reply: ok(version) },
      ...list.map(([when, reply]) => ({ when, reply })),
    ];
  }
  return out;
}

const GH_SIGNED_OUT =
  'To get started with GitHub CLI, please run:  gh auth login\nAlternatively, populate the GH_TOKEN environment variable with a GitHub API authentication token.\n';
const AWS_NO_CREDENTIALS =
  '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n';
const AWS_NOT_FOUND =
  "\nAn error occurred (ResourceNotFoundException) when calling the PutSecretValue operation: Secrets Manager can't find the specified secret.\n";
const VAULT_403 =
  'Error writing data to secret/data/payments/api: Error making API request.\n\nURL: PATCH http://127.0.0.1:8200/v1/secret/data/payments/api\nCode: 403. Errors:\n\n* permission denied\n';
const VAULT_404 =
  'Error writing data to secret/data/payments/api: Error making API request.\n\nURL: PATCH http://127.0.0.1:8200/v1/secret/data/payments/api\nCode: 404. Errors:\n\n';
const GCLOUD_SIGNED_OUT =
  'ERROR: (gcloud.secrets.versions.add) You do not currently have an active account selected.\nPlease run:\n\n  $ gcloud auth login\n\nto obtain new credentials.\n';
const OP_ITEM = JSON.stringify({
  id: 'x7kq2mprd4hj6dn3lzpqmvyh2e',
  title: 'Payments API',
  vault: { id: 'v1', name: 'Infra' },
  category: 'API_CREDENTIAL',
  fields: [
    { id: 'username', type: 'STRING', label: 'username', value: 'payments-service' },
    { id: 'credential', type: 'CONCEALED', label: 'credential', value: 'the-old-value' },
    { id: 'notesPlain', type: 'STRING', purpose: 'NOTES', label: 'notesPlain', value: 'rotated by Keywarden' },
  ],
});

const fieldValue = (stdin: string, label: string) =>
  (JSON.parse(stdin) as { fields: Array<{ label: string; value: unknown }> }).fields.find((f) => f.label === label)
    ?.value;

export const CLI_CASES: CliCase[] = [
  {
    kind: 'github',
    program: 'gh',
    config: {
      secretName: 'PAYMENTS_API_KEY',
      scope: { level: 'environment', repo: 'acme/payments', environment: 'production' },
    },
    scenarios: scenarios('gh version 2.23.0 (2023-02-27)\nhttps://github.com/cli/cli/releases/tag/v2.23.0\n', {
      success: [
        [
          '^auth status',
          {
            exitCode: 0,
            stderr:
              'github.com\n  ✓ Logged in to github.com as octocat (oauth_token)\n  ✓ Token: gho_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n',
          },
        ],
        ['^secret set', ok()],
      ],
      signed_out: [
        [
          '^auth status',
          { exitCode: 1, stderr: 'You are not logged into any GitHub hosts. Run gh auth login to authenticate.\n' },
        ],
        ['^secret set', { exitCode: 4, stderr: GH_SIGNED_OUT }],
      ],
      failure: [
        [
          '^secret set',
          fail(
            1,
            'failed to fetch public key: HTTP 404: Not Found (https://api.github.com/repos/acme/payments/environments/production/secrets/public-key)\n',
          ),
        ],
      ],
      hang: [['^secret set', hang]],
    }),
    pushArgs: ['secret', 'set', 'PAYMENTS_API_KEY', '--repo=acme/payments', '--env=production'],
    secretIn: (stdin) => stdin,
    signedOut: { exitCode: 4, says: /gh auth login/ },
    failure: { exitCode: 1, says: /HTTP 404/ },
  },
  {
    kind: 'onepassword',
    program: 'op',
    config: { vault: 'Infra', item: 'Payments API', field: 'credential' },
    scenarios: scenarios('2.24.0\n', {
      success: [
        ['^whoami', ok('{"url":"acme.1password.com","email":"ops@acme.test","user_type":"HUMAN"}')],
        ['^item get', ok(OP_ITEM)],
        ['^item edit x7kq2mprd4hj6dn3lzpqmvyh2e', ok(OP_ITEM)],
      ],
      signed_out: [
        ['^whoami', { exitCode: 1, stderr: '[ERROR] 2030/03/01 10:00:00 account is not signed in\n' }],
        ['^item get', { exitCode: 1, stderr: '[ERROR] 2030/03/01 10:00:00 account is not signed in\n' }],
      ],
      failure: [
        ['^item get', ok(OP_ITEM)],
        [
          '^item edit',
          fail(1, '[ERROR] 2030/03/01 10:00:00 You do not have permission to perform this action on the item.\n'),
        ],
      ],
      hang: [['^item get', hang]],
    }),
    pushArgs: ['item', 'edit', 'x7kq2mprd4hj6dn3lzpqmvyh2e', '--vault=Infra', '--format=json'],
    secretIn: (stdin) => fieldValue(stdin, 'credential'),
    signedOut: { exitCode: 1, says: /op signin|not signed in/ },
    failure: { exitCode: 1, says: /do not have permission/ },
  },
  {
    kind: 'doppler',
    program: 'doppler',
    config: { project: 'payments', config: 'prd', secretName: 'PAYMENTS_API_KEY' },
    scenarios: scenarios('v3.68.0\n', {
      success: [
        ['^me', ok('{"name":"laptop","workplace":{"name":"Acme","slug":"acme"},"type":"cli"}')],
        ['^secrets set', ok()],
      ],
      signed_out: [
        ['^me', { exitCode: 1, stderr: 'Doppler Error: you must provide a token\n' }],
        ['^secrets set', { exitCode: 1, stderr: 'Doppler Error: you must provide a token\n' }],
      ],
      failure: [
        ['^secrets set', fail(1, "Unable to save secrets\nDoppler Error: Could not find requested config 'prd'\n")],
      ],
      hang: [['^secrets set', hang]],
    }),
    pushArgs: ['secrets', 'set', 'PAYMENTS_API_KEY', '--project=payments', '--config=prd', '--silent'],
    secretIn: (stdin) => stdin,
    signedOut: { exitCode: 1, says: /doppler login/ },
    failure: { exitCode: 1, says: /Could not find requested config/ },
  },
  {
    kind: 'aws',
    program: 'aws',
    config: { secretId: 'prod/payments/api-key', region: 'eu-west-1', createIfMissing: true },
    scenarios: scenarios('aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off\n', {
      success: [
        [
          '^sts get-caller-identity',
          ok('{"UserId":"AIDA","Account":"123456789012","Arn":"arn:aws:iam::123456789012:user/ci"}'),
        ],
        ['^secretsmanager put-secret-value', { exitCode: 254, stderr: AWS_NOT_FOUND }],
        [
          '^secretsmanager create-secret',
          ok(
            '{"ARN":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/payments/api-key-AbCdEf","Name":"prod/payments/api-key","VersionId":"v1"}',
          ),
        ],
      ],
      signed_out: [
        ['^sts', { exitCode: 253, stderr: AWS_NO_CREDENTIALS }],
        ['^secretsmanager', { exitCode: 253, stderr: AWS_NO_CREDENTIALS }],
      ],
      failure: [
        [
          '^secretsmanager put-secret-value',
          fail(
            254,
            '\nAn error occurred (AccessDeniedException) when calling the PutSecretValue operation: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: secretsmanager:PutSecretValue\n',
          ),
        ],
      ],
      hang: [['^secretsmanager', hang]],
    }),
    opensByPath: '/dev/stdin',
    pushArgs: [
      'secretsmanager',
      'create-secret',
      '--name',
      'prod/payments/api-key',
      '--secret-string',
      'file:///dev/stdin',
      '--region',
      'eu-west-1',
    ],
    secretIn: (stdin) => stdin,
    signedOut: { exitCode: 253, says: /aws configure/ },
    failure: { exitCode: 254, says: /AccessDeniedException/ },
  },
  {
    kind: 'vault',
    program: 'vault',
    config: { address: 'http://127.0.0.1:8200', mount: 'secret', path: 'payments/api', field: 'api_key' },
    scenarios: scenarios('Vault v1.15.2 (17e4a2c), built 2023-11-06T18:36:09Z\n', {
      success: [
        ['^token lookup', ok('{"data":{"display_name":"userpass-ops","policies":["default","payments"]}}')],
        ['^kv patch', { exitCode: 2, stderr: VAULT_404 }],
        ['^kv put', ok('== Secret Path ==\nsecret/data/payments/api\n')],
      ],
      signed_out: [
        [
          '^token lookup',
          {
            exitCode: 2,
            stderr:
              'Error looking up token: Error making API request.\n\nURL: GET http://127.0.0.1:8200/v1/auth/token/lookup-self\nCode: 403. Errors:\n\n* permission denied\n',
          },
        ],
        ['^kv', { exitCode: 2, stderr: VAULT_403 }],
      ],
      failure: [
        [
          '^kv patch',
          fail(
            2,
            'Error writing data to secret/data/payments/api: Patch "http://127.0.0.1:8200/v1/secret/data/payments/api": dial tcp 127.0.0.1:8200: connect: connection refused\n',
          ),
        ],
      ],
      hang: [['^kv', hang]],
    }),
    pushArgs: ['kv', 'put', '-mount=secret', 'payments/api', 'api_key=-'],
    secretIn: (stdin) => stdin,
    signedOut: { exitCode: 2, says: /vault login/ },
    failure: { exitCode: 2, says: /connection refused/ },
  },
  {
    kind: 'azure',
    program: 'az',
    config: { vaultName: 'kv-payments-prod', secretName: 'payments-api-key' },
    scenarios: scenarios('{"azure-cli": "2.55.0", "azure-cli-core": "2.55.0", "extensions": {}}\n', {
      success: [
        [
          '^account show',
          ok('{"id":"00000000-0000-0000-0000-000000000000","user":{"name":"ops@acme.test","type":"user"}}'),
        ],
        ['^keyvault secret set', ok()],
      ],
      signed_out: [
        ['^account show', { exitCode: 1, stderr: "ERROR: Please run 'az login' to setup account.\n" }],
        ['^keyvault', { exitCode: 1, stderr: "ERROR: Please run 'az login' to setup account.\n" }],
      ],
      failure: [
        [
          '^keyvault secret set',
          fail(
            1,
            "ERROR: (Forbidden) The user, group or application does not have secrets set permission on key vault 'kv-payments-prod'.\nCode: Forbidden\n",
          ),
        ],
      ],
      hang: [['^keyvault', hang]],
    }),
    opensByPath: '/dev/stdin',
    pushArgs: [
      'keyvault',
      'secret',
      'set',
      '--vault-name',
      'kv-payments-prod',
      '--name',
      'payments-api-key',
      '--file',
      '/dev/stdin',
    ],
    secretIn: (stdin) => stdin,
    signedOut: { exitCode: 1, says: /az login/ },
    failure: { exitCode: 1, says: /Forbidden/ },
  },
  {
    kind: 'gcp',
    program: 'gcloud',
    config: { project: 'acme-payments', secretName: 'payments-api-key', createIfMissing: true },
    scenarios: scenarios('Google Cloud SDK 456.0.0\nbq 2.0.99\ncore 2023.12.01\n', {
      success: [
        ['^auth list', ok('ops@acme.test\n')],
        [
          '^secrets versions add',
          {
            exitCode: 1,
            stderr:
              'ERROR: (gcloud.secrets.versions.add) NOT_FOUND: Secret [projects/123456789/secrets/payments-api-key] not found or has no versions.\n',
          },
        ],
        ['^secrets create', ok('{"name":"projects/123456789/secrets/payments-api-key"}')],
      ],
      signed_out: [
        [
          '^auth list',
          { exitCode: 0, stderr: 'No credentialed accounts.\n\nTo login, run:\n  $ gcloud auth login `ACCOUNT`\n' },
        ],
        ['^secrets', { exitCode: 1, stderr: GCLOUD_SIGNED_OUT }],
      ],
      failure: [
        [
          '^secrets versions add',
          fail(
            1,
            "ERROR: (gcloud.secrets.versions.add) PERMISSION_DENIED: Permission 'secretmanager.versions.add' denied for resource 'projects/acme-payments/secrets/payments-api-key' (or it may not exist).\n",
          ),
        ],
      ],
      hang: [['^secrets', hang]],
    }),
    pushArgs: [
      'secrets',
      'create',
      'payments-api-key',
      '--data-file=-',
      '--replication-policy=automatic',
      '--project=acme-payments',
    ],
    secretIn: (stdin) => stdin,
    signedOut: { exitCode: 1, says: /gcloud auth login/ },
    failure: { exitCode: 1, says: /PERMISSION_DENIED/ },
  },
  {
    kind: 'kubernetes',
    program: 'kubectl',
    config: { context: 'prod-eu', namespace: 'payments', secretName: 'payments-api', key: 'API_KEY' },
    scenarios: scenarios('{"clientVersion":{"major":"1","minor":"29","gitVersion":"v1.29.0"}}\n', {
      success: [
        ['^auth can-i create secrets', ok('yes\n')],
        ['^apply --server-side', ok('secret/payments-api\n')],
      ],
      signed_out: [
        ['^auth can-i', { exitCode: 1, stderr: 'error: You must be logged in to the server (Unauthorized)\n' }],
        ['^apply', { exitCode: 1, stderr: 'error: You must be logged in to the server (Unauthorized)\n' }],
      ],
      failure: [['^apply', fail(1, 'Error from server (NotFound): namespaces "payments" not found\n')]],
      hang: [['^apply', hang]],
    }),
    pushArgs: [
      'apply',
      '--server-side',
      '--field-manager=keywarden-API_KEY',
      '--force-conflicts',
      '--output=name',
      '--filename=-',
      '--context=prod-eu',
      '--namespace=payments',
    ],
    secretIn: (stdin) => (JSON.parse(stdin) as { stringData: Record<string, unknown> }).stringData.API_KEY,
    signedOut: { exitCode: 1, says: /sign in again/ },
    failure: { exitCode: 1, says: /namespaces "payments" not found/ },
  },
];
