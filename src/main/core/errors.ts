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
