/**
 * 1Password through item JSON on stdin: 1Password's documented way for sensitive values, since
 * assignment arguments (`field=value`) are visible to other processes. `op item create` reads a
 * piped template; `op item edit ITEM` reads the whole item from stdin since CLI 2.23.0, so an
 * existing item is read with `op item get`, its one field changed in memory, and written back.
 * Both commands take stdin, so no template file is ever written. Signed out, op exits 1 with
 * "account is not signed in".
 */
import type { SecretTargetConfig } from '../../../shared/secret-targets.ts';
import { exitVerdict, parseJson, signInVerdict, type CliAdapter, type CliRunResult } from './adapter.ts';
import { commandLine } from './command-line.ts';

type OnePasswordConfig = SecretTargetConfig<'onepassword'>;

const SIGNED_OUT =
  /not signed in|signin|sign in|session expired|authorization prompt dismissed|no accounts configured/i;
const ABSENT = /isn't an item/i;
/** The first release whose `op item edit` reads the item from stdin. */
export const OP_EDIT_FROM_STDIN = '2.23.0';
/** An item's JSON can be large (notes, many fields); it is read whole, never shown. */
const ITEM_OUTPUT_LIMIT = 4 * 1024 * 1024;

interface ItemField {
  id?: string;
  label?: string;
  type?: string;
  value?: unknown;
  [other: string]: unknown;
}
interface Item {
  id?: unknown;
  fields?: ItemField[];
  [other: string]: unknown;
}

const where = (config: OnePasswordConfig) => [
  `--vault=${config.vault}`,
  ...(config.account ? [`--account=${config.account}`] : []),
  '--format=json',
];

export function isAtLeast(version: string | null, minimum: string): boolean {
  if (version === null) return true; // Unknown: let op itself say what it can't do.
  const have = version.split('.').map(Number);
  const need = minimum.split('.').map(Number);
  for (let i = 0; i < need.length; i += 1) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** The item with `field` set to the secret: the field with that label or id, or a new concealed one. */
export function withField(item: Item, field: string, secret: string): Item {
  const fields = [...(item.fields ?? [])];
  const index = fields.findIndex((candidate) => candidate.label === field || candidate.id === field);
  if (index >= 0) fields[index] = { ...fields[index], value: secret };
  else fields.push({ id: field, label: field, type: 'CONCEALED', value: secret });
  return { ...item, fields };
}

export function newItem(config: OnePasswordConfig, secret: string): Item {
  return {
    title: config.item,
    category: 'API_CREDENTIAL',
    fields: [{ id: config.field, label: config.field, type: 'CONCEALED', value: secret }],
  };
}

/** op's stdout holds the item, every field of it: only stderr is ever kept. */
const quiet = (result: CliRunResult): CliRunResult => ({ ...result, stdout: '' });

export const onePasswordAdapter: CliAdapter<'onepassword'> = {
  kind: 'onepassword',
  program: () => 'op',
  installHint:
    'Install 1Password CLI 2.23 or later (https://developer.1password.com/docs/cli/get-started/) and sign in.',
  signInHint: () =>
    '1Password CLI is not signed in: unlock the 1Password app with CLI integration on, or run `op signin`, then try again.',
  versionArgs: ['--version'],
  parseVersion: (output) => /(\d+\.\d+\.\d+)/.exec(output)?.[1] ?? null,
  passThroughEnv: ['OP_CONFIG_DIR'],
  settings: () => ({ OP_FORMAT: 'json' }),

  async checkSignIn(config, run) {
    const args = ['whoami', '--format=json', ...(config.account ? [`--account=${config.account}`] : [])];
    return signInVerdict(quiet(await run(args)), SIGNED_OUT, () => null);
  },

  async push(config, { secret, run, version }) {
    const found = await run(['item', 'get', config.item, ...where(config)], { outputLimitBytes: ITEM_OUTPUT_LIMIT });
    if (found.exitCode !== 0) {
      if (!ABSENT.test(found.stderr)) return exitVerdict(quiet(found), SIGNED_OUT);
      const created = await run(['item', 'create', ...where(config)], {
        stdin: JSON.stringify(newItem(config, secret)),
      });
      return exitVerdict(quiet(created), SIGNED_OUT);
    }
    if (!isAtLeast(version, OP_EDIT_FROM_STDIN)) {
      return {
        outcome: 'cli_outdated',
        exitCode: null,
        detail: `1Password CLI ${version ?? ''} can't read an item from stdin: update it to ${OP_EDIT_FROM_STDIN} or later.`,
      };
    }
    const item = found.truncated ? null : (parseJson(found.stdout) as Item | null);
    if (item === null || typeof item.id !== 'string') {
      return {
        outcome: 'cli_failed',
        exitCode: 0,
        detail: `op item get answered with something other than the item ${config.item}.`,
      };
    }
    const edited = await run(['item', 'edit', item.id, ...where(config)], {
      stdin: JSON.stringify(withField(item, config.field, secret)),
    });
    return exitVerdict(quiet(edited), SIGNED_OUT);
  },

  copyCommand: (config) => ({
    command: commandLine('op', ['item', 'edit', config.item, ...where(config)]),
    stdin: 'item-json',
    note:
      `Pipe the item's JSON with the field "${config.field}" set to the secret ` +
      `(\`op item get\` gives the JSON), or edit the field in the 1Password app.`,
  }),
};
