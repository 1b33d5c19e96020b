import { errorMessage } from '../../shared/error-message.ts';
import type { IpcErrorCode } from '../../shared/ipc/index.ts';

/**
 * An error the user should see: a stable code for the renderer's logic and a sentence that says
 * what happened and what to do next. Anything else that escapes a handler becomes `internal`.
 */
export class AppError extends Error {
  readonly code: IpcErrorCode;

  constructor(code: IpcErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

/**
 * The system keychain refused or could not be reached (locked, no Secret Service, a timeout).
 * `attempt` says what Keywarden was doing, as it reads after "Keywarden could not", for example
 * "save the admin token in your system keychain"; the keychain's own reason follows it, then what
 * to do next (`next`, when more than trying again is worth saying).
 */
export function keychainUnavailable(
  attempt: string,
  cause: unknown,
  next = 'Unlock the keychain and try again.',
): AppError {
  return new AppError('keychain_unavailable', `Keywarden could not ${attempt} (${errorMessage(cause)}). ${next}`, {
    cause,
  });
}
