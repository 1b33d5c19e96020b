/**
 * "Start at login", a setting the OS keeps: the core asks the host's LoginItemPort and says in a
 * sentence what went wrong or what the user must still do. Off until the user turns it on.
 */
import { errorMessage } from '../../../shared/error-message.ts';
import type { StartAtLogin } from '../../../shared/ipc/index.ts';
import { AppError } from '../errors.ts';
import type { LoginItemPort } from '../ports.ts';

const UNSUPPORTED: StartAtLogin = {
  enabled: false,
  supported: false,
  note: 'Keywarden cannot start itself at login here; this only works in the desktop app.',
};

export class StartAtLoginService {
  readonly #port: LoginItemPort | undefined;

  constructor(port: LoginItemPort | undefined) {
    this.#port = port;
  }

  async get(): Promise<StartAtLogin> {
    if (!this.#port) return UNSUPPORTED;
    const state = await this.#port.get();
    return { enabled: state.openAtLogin, supported: true, note: state.note };
  }

  async set(enabled: boolean): Promise<StartAtLogin> {
    if (!this.#port) throw new AppError('unsupported', UNSUPPORTED.note ?? '');
    try {
      const state = await this.#port.set(enabled);
      return { enabled: state.openAtLogin, supported: true, note: state.note };
    } catch (error) {
      const what = enabled ? 'set itself to start at login' : 'stop starting at login';
      throw new AppError('internal', `Keywarden could not ${what} (${errorMessage(error)}).`, { cause: error });
    }
  }
}
