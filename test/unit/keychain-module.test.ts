/**
 * What `npm install` says when the keychain module (keytar) could not be built: one sentence that
 * names the package for the newcomer's system, instead of node-gyp's page of pkg-config errors.
 */
import { describe, expect, it } from 'vitest';
import { keychainModuleAdvice } from '../../scripts/keychain-module.mjs';

describe('keychainModuleAdvice', () => {
  it('says nothing when the keychain module loads', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(keychainModuleAdvice({ platform, keytarLoads: true, libsecret: null })).toBeNull();
    }
    expect(keychainModuleAdvice({ platform: 'linux', keytarLoads: true, libsecret: 'missing' })).toBeNull();
  });

  it("on Linux without libsecret's headers, names the package for Debian/Ubuntu, Fedora and Arch in one sentence", () => {
    const advice = keychainModuleAdvice({ platform: 'linux', keytarLoads: false, libsecret: 'missing' });
    expect(advice).toBe(
      "The keychain module (keytar) was not built because libsecret's headers are missing: install " +
        'libsecret-1-dev (Debian/Ubuntu), libsecret-devel (Fedora) or libsecret (Arch), then run ' +
        '`npm install` again; until then Keywarden keeps secrets in memory for one session only.',
    );
  });

  it('on Linux without pkg-config, names pkg-config too', () => {
    const advice = keychainModuleAdvice({ platform: 'linux', keytarLoads: false, libsecret: 'no-pkg-config' });
    expect(advice).toContain('pkg-config and libsecret-1-dev (Debian/Ubuntu)');
    expect(advice).toContain('pkgconf-pkg-config and libsecret-devel (Fedora)');
    expect(advice).toContain('pkgconf and libsecret (Arch)');
  });

  it('when the headers are there (or elsewhere), points at the build output and the toolchain it needs', () => {
    const linux = keychainModuleAdvice({ platform: 'linux', keytarLoads: false, libsecret: 'found' });
    expect(linux).toContain('npm install --foreground-scripts');
    expect(linux).toContain('python3, make and g++');
    expect(linux).not.toContain('libsecret-1-dev');
    expect(keychainModuleAdvice({ platform: 'darwin', keytarLoads: false, libsecret: null })).toContain(
      'xcode-select --install',
    );
    expect(keychainModuleAdvice({ platform: 'win32', keytarLoads: false, libsecret: null })).toContain(
      'Visual Studio Build Tools',
    );
  });

  it('every answer is one sentence on one line', () => {
    for (const libsecret of ['missing', 'no-pkg-config', 'found'] as const) {
      const advice = keychainModuleAdvice({ platform: 'linux', keytarLoads: false, libsecret }) ?? '';
      expect(advice).not.toContain('\n');
      expect(advice.match(/\.(\s|$)/g)).toHaveLength(1);
    }
  });
});
