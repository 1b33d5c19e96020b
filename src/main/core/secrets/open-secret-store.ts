/**
 * Chooses where secrets live: the OS keychain when a real call to it succeeds in time, otherwise
 * memory for this session, with a sentence the app shows so the user knows what that means.
 */
import { errorMessage } from '../../../shared/error-message.ts';
import type { SecretStore } from '../ports.ts';
import { KeytarSecretStore, type KeytarModule } from './keytar-secret-store.ts';
import { MemorySecretStore } from './memory-secret-store.ts';

export interface OpenedSecretStore {
  store: SecretStore;
  available: boolean;
  backend: string;
  message: string | null;
}

export const MEMORY_BACKEND = 'Memory (this session only)';
/** Long enough for a slow Secret Service to wake, short enough not to hold the window back. */
const PROBE_TIMEOUT_MS = 5000;

export function keychainBackendName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (libsecret)';
}

export function keychainUnavailableMessage(reason: string): string {
  return (
    `Your system keychain is not available (${reason}). Secrets are kept in memory for this ` +
    'session only and will be gone when Keywarden quits.'
  );
}

export async function openSecretStore(
  service = 'Keywarden',
  loadKeytar: () => Promise<KeytarModule> = loadKeytarModule,
): Promise<OpenedSecretStore> {
  const backend = keychainBackendName();
  try {
    const keytar = await loadKeytar();
    const store = new KeytarSecretStore(keytar, service);
    // A real round trip: loading the binding proves nothing when no keyring daemon answers.
    await withTimeout(store.list(), PROBE_TIMEOUT_MS, `${backend} did not answer within ${PROBE_TIMEOUT_MS / 1000} s`);
    return { store, available: true, backend, message: null };
  } catch (error) {
    return {
      store: new MemorySecretStore(),
      available: false,
      backend: MEMORY_BACKEND,
      message: keychainUnavailableMessage(describe(error)),
    };
  }
}

async function loadKeytarModule(): Promise<KeytarModule> {
  const loaded = (await import('keytar')) as KeytarModule & { default?: KeytarModule };
  return loaded.default ?? loaded;
}

function withTimeout<T>(promise: Promise<T>, ms: number, reason: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(reason)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  // keytar is an optional dependency: an install without libsecret's headers completes without it.
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    return 'Keywarden was installed without its keychain module';
  }
  return errorMessage(error).replace(/[.\s]+$/, '') || 'no reason given';
}
