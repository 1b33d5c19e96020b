import { describe, expect, it } from 'vitest';
import { openSecretStore } from '../../../src/main/core/secrets/open-secret-store.ts';

describe('openSecretStore without a keychain', () => {
  it('falls back to memory for this session and says so plainly', async () => {
    const opened = await openSecretStore('Keywarden-test', async () => {
      throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
    });
    expect(opened.available).toBe(false);
    expect(opened.message).toBe(
      'Your system keychain is not available (Cannot autolaunch D-Bus without X11 $DISPLAY). Secrets are kept in memory for this session only and will be gone when Keywarden quits.',
    );
    await opened.store.set('ws/key', 'lsk_live_x');
    expect(await opened.store.get('ws/key')).toBe('lsk_live_x');
    expect(await opened.store.list()).toEqual(['ws/key']);
  });

  it('says so in words when the keychain module was not installed (an optional dependency)', async () => {
    const opened = await openSecretStore('Keywarden-test', async () => {
      throw Object.assign(new Error("Cannot find package 'keytar' imported from /app/out/main/index.js"), {
        code: 'ERR_MODULE_NOT_FOUND',
      });
    });
    expect(opened).toMatchObject({ available: false, backend: 'Memory (this session only)' });
    expect(opened.message).toBe(
      'Your system keychain is not available (Keywarden was installed without its keychain module). Secrets are kept in memory for this session only and will be gone when Keywarden quits.',
    );
  });

  it('treats a keychain whose first real call fails as unavailable', async () => {
    const opened = await openSecretStore('Keywarden-test', async () => ({
      getPassword: async () => null,
      setPassword: async () => undefined,
      deletePassword: async () => false,
      findCredentials: async () => {
        throw new Error('The name org.freedesktop.secrets was not provided by any .service files');
      },
    }));
    expect(opened).toMatchObject({ available: false, backend: 'Memory (this session only)' });
  });
});
