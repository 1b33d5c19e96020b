/**
 * The one place the renderer touches `window.keywarden`. Stores call through `invoke` so a
 * rejected promise (bridge gone, harness socket closed) becomes an error value like any other.
 */
import type { IpcErrorCode, IpcResult, KeywardenApi } from '../../../shared/ipc/index.ts';

export type IpcFailure = { ok: false; code: IpcErrorCode; message: string };

export function keywarden(): KeywardenApi {
  return window.keywarden;
}

export async function invoke<T>(call: (api: KeywardenApi) => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    return await call(window.keywarden);
  } catch {
    return {
      ok: false,
      code: 'internal',
      message: 'Keywarden could not reach its core. Try again; restart the app if this keeps happening.',
    };
  }
}
