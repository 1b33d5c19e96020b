/** Errors cross IPC as values, because Electron's invoke keeps only an error's message. */
import { z } from 'zod';

export const IpcErrorCode = z.enum([
  /** The input did not match the channel's schema, or the service refused a field. */
  'invalid_input',
  /** The call came from a frame that is not the app's own. */
  'forbidden_sender',
  'not_found',
  'conflict',
  'forbidden',
  'rate_limited',
  /** The workspace's URL could not be reached (offline, wrong address, TLS failure, timeout). */
  'workspace_unreachable',
  /** The workspace's admin token was revoked or expired: reconnect. */
  'workspace_auth_failed',
  /** The address is not a Keywarden service. */
  'not_a_workspace',
  /** The OS keychain is unavailable; the secret is kept in memory for this session only. */
  'keychain_unavailable',
  /** The secret is not in this device's vault. */
  'secret_not_in_vault',
  'unsupported',
  'internal',
]);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: IpcErrorCode; message: string };
