/** Which adapter serves which kind of target. */
import type { CliAdapter, CliKind } from './adapter.ts';
import { awsAdapter } from './aws.ts';
import { azureAdapter } from './azure.ts';
import { dopplerAdapter } from './doppler.ts';
import { gcpAdapter } from './gcp.ts';
import { githubAdapter } from './github.ts';
import { kubernetesAdapter } from './kubernetes.ts';
import { onePasswordAdapter } from './onepassword.ts';
import { vaultAdapter } from './vault.ts';

const ADAPTERS: { readonly [K in CliKind]: CliAdapter<K> } = {
  github: githubAdapter,
  onepassword: onePasswordAdapter,
  doppler: dopplerAdapter,
  aws: awsAdapter,
  vault: vaultAdapter,
  azure: azureAdapter,
  gcp: gcpAdapter,
  kubernetes: kubernetesAdapter,
};

/**
 * The adapter for a kind, typed for any config of that kind. The config it is then given has been
 * parsed with that same kind's schema, which TypeScript can't follow through the lookup.
 */
export function adapterFor(kind: CliKind): CliAdapter {
  return ADAPTERS[kind] as unknown as CliAdapter;
}
