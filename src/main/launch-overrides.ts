/**
 * What the environment may change about the app it starts. Pure (no `electron` import) so the rule
 * is unit-tested: only an unpackaged build (tests, `npm run dev`) follows these variables. In a
 * packaged app, whoever can set a variable for the user's session (a launcher, a desktop entry, a
 * shell profile) could otherwise point the vault at a folder or keychain entry they prepared, or
 * the window and its IPC at a page they serve.
 */

/** Where the packaged app keeps its secrets in the OS keychain. */
export const KEYCHAIN_SERVICE = 'Keywarden';

export interface LaunchOverrides {
  /** Replaces Electron's userData folder (the vault database); null keeps the OS default. */
  userData: string | null;
  keychainService: string;
  /** The electron-vite dev server the window loads and trusts; undefined loads app://keywarden. */
  devServerUrl: string | undefined;
}

export function launchOverrides(
  env: Readonly<Record<string, string | undefined>>,
  isPackaged: boolean,
): LaunchOverrides {
  if (isPackaged) return { userData: null, keychainService: KEYCHAIN_SERVICE, devServerUrl: undefined };
  return {
    // Tests run the app against a throwaway data folder and keychain service name.
    userData: env.KEYWARDEN_USER_DATA || null,
    keychainService: env.KEYWARDEN_KEYCHAIN_SERVICE || KEYCHAIN_SERVICE,
    devServerUrl: env.ELECTRON_RENDERER_URL || undefined,
  };
}
