/**
 * GitHub Actions secrets through `gh secret set NAME`: without --body, gh reads the value from
 * stdin when stdin is not a terminal. gh exits 4 when it has no credentials ("To get started with
 * GitHub CLI, please run:  gh auth login"), and `gh auth status` exits 1 when signed out.
 */
import type { SecretTargetConfig } from '../../../shared/secret-targets.ts';
import { exitVerdict, signInVerdict, type CliAdapter } from './adapter.ts';
import { commandLine } from './command-line.ts';

type GithubConfig = SecretTargetConfig<'github'>;

const SIGNED_OUT = /gh auth login|not logged in|authentication required|HTTP 401|Bad credentials/i;
/** gh's documented exit code for "authentication required". */
const AUTH_EXIT_CODE = 4;

function scopeArgs(config: GithubConfig): string[] {
  const scope = config.scope;
  if (scope.level === 'repository') return [`--repo=${scope.repo}`];
  if (scope.level === 'environment') return [`--repo=${scope.repo}`, `--env=${scope.environment}`];
  const args = [`--org=${scope.org}`, `--visibility=${scope.visibility}`];
  if (scope.visibility === 'selected') args.push(`--repos=${scope.repos.join(',')}`);
  return args;
}

const setArgs = (config: GithubConfig) => ['secret', 'set', config.secretName, ...scopeArgs(config)];

export const githubAdapter: CliAdapter<'github'> = {
  kind: 'github',
  program: () => 'gh',
  installHint: 'Install GitHub CLI (https://cli.github.com, or `apt install gh`), then run `gh auth login`.',
  signInHint: () => 'GitHub CLI is not signed in: run `gh auth login`, then try again.',
  versionArgs: ['--version'],
  parseVersion: (output) => /gh version (\d+\.\d+\.\d+)/.exec(output)?.[1] ?? null,
  passThroughEnv: ['GH_CONFIG_DIR', 'GH_HOST'],
  settings: () => ({ GH_PROMPT_DISABLED: '1', GH_NO_UPDATE_NOTIFIER: '1', NO_COLOR: '1' }),

  async checkSignIn(_config, run) {
    const result = await run(['auth', 'status']);
    const verdict = signInVerdict(result, SIGNED_OUT, () => null);
    if (verdict.state !== 'signed_in') return verdict;
    // gh 2.23 prints "Logged in to github.com as octocat" on stderr, later versions on stdout.
    const account = /Logged in to \S+ (?:as|account) (\S+)/.exec(`${result.stdout}\n${result.stderr}`)?.[1] ?? null;
    return { state: 'signed_in', account };
  },

  async push(config, { secret, run }) {
    const result = await run(setArgs(config), { stdin: secret });
    const verdict = exitVerdict(result, SIGNED_OUT);
    if (result.exitCode === AUTH_EXIT_CODE) return { ...verdict, outcome: 'signed_out' };
    return verdict;
  },

  copyCommand: (config) => ({ command: commandLine('gh', setArgs(config)), stdin: 'secret', note: null }),
};
