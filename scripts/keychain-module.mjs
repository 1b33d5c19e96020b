// Whether the OS keychain module (keytar, a native addon) is installed, and if not, the one
// sentence that says how to get it.
//
// keytar is an optional dependency. On Linux it compiles against libsecret's headers, and without
// them node-gyp fails with a page of pkg-config errors. A check before that build can't be written:
// npm 11 runs the project's own preinstall only after every dependency is built. As an optional
// dependency, a failed build is dropped quietly and the install completes; postinstall then prints
// the sentence below, the app runs with its "keychain not available" warning, and `npm install`
// again after installing the package builds it (npm rebuild would not: the failed package is gone).
//
//   node scripts/keychain-module.mjs            prints the sentence when keytar is missing
//   node scripts/keychain-module.mjs --require  the same, and exits 1 (npm test, npm run dist)
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const UNTIL_THEN = 'until then Keywarden keeps secrets in memory for one session only';

/** Per distribution: [name, libsecret's headers, pkg-config]. */
const LINUX_PACKAGES = [
  ['Debian/Ubuntu', 'libsecret-1-dev', 'pkg-config'],
  ['Fedora', 'libsecret-devel', 'pkgconf-pkg-config'],
  ['Arch', 'libsecret', 'pkgconf'],
];

const TOOLCHAINS = {
  linux: 'python3, make and g++',
  darwin: "Xcode's command line tools, from `xcode-select --install`",
  win32: 'Visual Studio Build Tools with the C++ workload',
};

/**
 * The sentence for a missing keychain module, or null when it loads.
 * `libsecret` is what `pkg-config --exists libsecret-1` said on Linux: 'found', 'missing', or
 * 'no-pkg-config' when pkg-config itself is not installed; null where it was not asked.
 */
export function keychainModuleAdvice({ platform, keytarLoads, libsecret }) {
  if (keytarLoads) return null;
  if (platform === 'linux' && (libsecret === 'missing' || libsecret === 'no-pkg-config')) {
    const withPkgConfig = libsecret === 'no-pkg-config';
    const packages = LINUX_PACKAGES.map(
      ([distribution, headers, pkgConfig]) => `${withPkgConfig ? `${pkgConfig} and ` : ''}${headers} (${distribution})`,
    );
    const missing = withPkgConfig ? "pkg-config and libsecret's headers are" : "libsecret's headers are";
    return (
      `The keychain module (keytar) was not built because ${missing} missing: install ` +
      `${packages.slice(0, -1).join(', ')} or ${packages.at(-1)}, then run \`npm install\` again; ${UNTIL_THEN}.`
    );
  }
  const toolchain = TOOLCHAINS[platform] ?? 'a C++ compiler';
  return (
    'The keychain module (keytar) could not be built or loaded: run `npm install --foreground-scripts` ' +
    `to see why (it needs ${toolchain}); ${UNTIL_THEN}.`
  );
}

export function keytarLoads() {
  try {
    createRequire(import.meta.url)('keytar');
    return true;
  } catch {
    return false;
  }
}

export function probeLibsecret() {
  const probe = spawnSync('pkg-config', ['--exists', 'libsecret-1'], { stdio: 'ignore' });
  if (probe.error) return 'no-pkg-config';
  return probe.status === 0 ? 'found' : 'missing';
}

/** The sentence for this machine, or null when the keychain module loads. */
export function currentKeychainModuleAdvice() {
  if (keytarLoads()) return null;
  const platform = process.platform;
  return keychainModuleAdvice({
    platform,
    keytarLoads: false,
    libsecret: platform === 'linux' ? probeLibsecret() : null,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const advice = currentKeychainModuleAdvice();
  if (advice) {
    console.error(advice);
    if (process.argv.includes('--require')) process.exit(1);
  }
}
