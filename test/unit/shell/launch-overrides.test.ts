/**
 * The packaged app keeps its vault where the OS says and its secrets under "Keywarden", whatever
 * the environment says; tests and `npm run dev` point an unpackaged build elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE, launchOverrides } from '../../../src/main/launch-overrides.ts';

const planted = {
  KEYWARDEN_USER_DATA: '/tmp/prepared-vault',
  KEYWARDEN_KEYCHAIN_SERVICE: 'Attacker',
  ELECTRON_RENDERER_URL: 'http://localhost:5173',
};

describe('launchOverrides', () => {
  it('ignores the data folder, keychain name and dev server from the environment in a packaged app', () => {
    expect(launchOverrides(planted, true)).toEqual({
      userData: null,
      keychainService: 'Keywarden',
      devServerUrl: undefined,
    });
  });

  it('follows them in an unpackaged build, as the Electron tests and npm run dev start it', () => {
    expect(launchOverrides(planted, false)).toEqual({
      userData: '/tmp/prepared-vault',
      keychainService: 'Attacker',
      devServerUrl: 'http://localhost:5173',
    });
  });

  it('keeps the defaults where a variable is unset or empty', () => {
    const defaults = { userData: null, keychainService: KEYCHAIN_SERVICE, devServerUrl: undefined };
    expect(launchOverrides({}, false)).toEqual(defaults);
    expect(
      launchOverrides({ KEYWARDEN_USER_DATA: '', KEYWARDEN_KEYCHAIN_SERVICE: '', ELECTRON_RENDERER_URL: '' }, false),
    ).toEqual(defaults);
  });
});
