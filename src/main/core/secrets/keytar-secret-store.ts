/** The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service) through keytar. */
import type { SecretStore } from '../ports.ts';

/** The part of keytar the store uses, so a test or another binding can stand in. */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export class KeytarSecretStore implements SecretStore {
  readonly #keytar: KeytarModule;
  readonly #service: string;

  constructor(keytar: KeytarModule, service: string) {
    this.#keytar = keytar;
    this.#service = service;
  }

  get(account: string): Promise<string | null> {
    return this.#keytar.getPassword(this.#service, account);
  }

  set(account: string, secret: string): Promise<void> {
    return this.#keytar.setPassword(this.#service, account, secret);
  }

  delete(account: string): Promise<boolean> {
    return this.#keytar.deletePassword(this.#service, account);
  }

  async list(): Promise<string[]> {
    const credentials = await this.#keytar.findCredentials(this.#service);
    return credentials.map((credential) => credential.account);
  }
}
