/**
 * Where secrets go when the OS keychain is unavailable: this process's memory, for this session
 * only. Never a file: a vault that silently writes plaintext to disk is worse than no vault.
 */
import type { SecretStore } from '../ports.ts';

export class MemorySecretStore implements SecretStore {
  readonly #secrets = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.#secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.#secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.#secrets.delete(account);
  }

  async list(): Promise<string[]> {
    return [...this.#secrets.keys()];
  }
}
