/**
 * Kubernetes: a Secret manifest with `stringData` on stdin to `kubectl apply -f -`. Server-side
 * apply, because client-side apply copies the whole manifest, value included, into the
 * kubectl.kubernetes.io/last-applied-configuration annotation, which `kubectl describe` shows. One
 * field manager per key, so pushing key B doesn't drop key A that Keywarden set earlier; conflicts
 * are forced because the admin asked for this key to change. No `type` is sent, so an existing
 * Secret keeps its own. `kubectl auth can-i` prints yes (exit 0) or no (exit 1).
 */
import type { SecretTargetConfig } from '../../../shared/secret-targets.ts';
import { exitVerdict, outputOf, parseJson, type CliAdapter } from './adapter.ts';
import { commandLine } from './command-line.ts';

type KubernetesConfig = SecretTargetConfig<'kubernetes'>;

const SIGNED_OUT = /Unauthorized|must be logged in|provide credentials|token has expired|getting credentials/i;

const targetArgs = (config: KubernetesConfig) => [
  ...(config.context ? [`--context=${config.context}`] : []),
  `--namespace=${config.namespace}`,
];

export const fieldManagerFor = (config: KubernetesConfig) => `keywarden-${config.key}`.slice(0, 128);

const applyArgs = (config: KubernetesConfig) => [
  'apply',
  '--server-side',
  `--field-manager=${fieldManagerFor(config)}`,
  '--force-conflicts',
  '--output=name',
  '--filename=-',
  ...targetArgs(config),
];

export function secretManifest(config: KubernetesConfig, secret: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: config.secretName, namespace: config.namespace },
    stringData: { [config.key]: secret },
  });
}

export const kubernetesAdapter: CliAdapter<'kubernetes'> = {
  kind: 'kubernetes',
  program: () => 'kubectl',
  installHint: 'Install kubectl (https://kubernetes.io/docs/tasks/tools/) and a kubeconfig for the cluster.',
  signInHint: (config) =>
    `kubectl has no valid credentials for ${config.context ?? 'the current context'}: sign in again with your ` +
    "cluster's login (for example `gcloud container clusters get-credentials` or `aws eks update-kubeconfig`), then try again.",
  versionArgs: ['version', '--client', '--output=json'],
  parseVersion(output) {
    const version = parseJson(output) as { clientVersion?: { gitVersion?: unknown } } | null;
    const gitVersion = version?.clientVersion?.gitVersion;
    return typeof gitVersion === 'string'
      ? gitVersion.replace(/^v/, '')
      : (/v(\d+\.\d+\.\d+)/.exec(output)?.[1] ?? null);
  },
  passThroughEnv: ['KUBECONFIG'],
  settings: () => ({}),

  async checkSignIn(config, run) {
    const result = await run(['auth', 'can-i', 'create', 'secrets', ...targetArgs(config)]);
    const answer = result.stdout.trim();
    if (result.exitCode === 0 && answer === 'yes') return { state: 'signed_in', account: config.context ?? null };
    if (answer === 'no') {
      return {
        state: 'signed_out',
        detail: `These credentials may not create Secrets in namespace ${config.namespace}.`,
      };
    }
    const said = outputOf(result);
    return SIGNED_OUT.test(said) ? { state: 'signed_out', detail: said } : { state: 'unavailable', detail: said };
  },

  async push(config, { secret, run }) {
    return exitVerdict(await run(applyArgs(config), { stdin: secretManifest(config, secret) }), SIGNED_OUT);
  },

  copyCommand: (config) => ({
    // By hand, kubectl builds the manifest itself from the secret on stdin.
    command:
      `${commandLine('kubectl', ['create', 'secret', 'generic', config.secretName, `--from-file=${config.key}=/dev/stdin`, '--dry-run=client', '--output=json', ...targetArgs(config)])}` +
      ` | ${commandLine('kubectl', applyArgs(config))}`,
    stdin: 'secret',
    note: null,
  }),
};
