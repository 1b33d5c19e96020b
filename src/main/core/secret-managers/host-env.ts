/**
 * The environment a secret manager's CLI gets, built deliberately: a few host variables every
 * program needs (where to look for programs and its own settings, the language), the variables
 * that tell a CLI where its own sign-in lives, and the target's settings. Nothing else is
 * inherited: no secret can reach a CLI through its environment, and neither can a token that
 * happens to be set in the shell Keywarden was started from.
 */

/** Host variables every program may need, none of them a credential. */
const BASE_VARIABLES = [
  'PATH',
  'HOME',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'USER',
  'LOGNAME',
  'TMPDIR',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
  'XDG_DATA_HOME',
  'XDG_RUNTIME_DIR',
  // Where a CLI keeps its sign-in in the OS keyring (gh, az) on Linux.
  'DBUS_SESSION_BUS_ADDRESS',
  // Windows needs these to start most programs at all.
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'TEMP',
  'TMP',
] as const;

export type HostEnv = Readonly<Record<string, string | undefined>>;

/**
 * The child's environment: the base variables and `passThrough` (config locations such as
 * GH_CONFIG_DIR or KUBECONFIG) taken from the host when set, then `settings` from the target.
 */
export function childEnvironment(
  host: HostEnv,
  passThrough: readonly string[],
  settings: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of [...BASE_VARIABLES, ...passThrough]) {
    const value = host[name];
    if (value !== undefined && value !== '') env[name] = value;
  }
  return { ...env, ...settings };
}
