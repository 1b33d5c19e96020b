/**
 * Sentences and codes for what can go wrong talking to a workspace. The service's `code` decides,
 * never its human message; anything that isn't a Keywarden answer is `not_a_workspace`.
 */
import type { ErrorBody } from '../../../shared/api/index.ts';
import { errorMessage } from '../../../shared/error-message.ts';
import { AppError } from '../errors.ts';

export const AUTH_FAILED_MESSAGE =
  "This workspace's admin token was revoked or expired: reconnect it with a new token.";

export function unreachable(host: string, error: unknown): AppError {
  return new AppError(
    'workspace_unreachable',
    `Can't reach ${host}: ${networkReason(error)}. Check the address and your connection.`,
    { cause: error },
  );
}

export function notAWorkspace(host: string, detail: string): AppError {
  return new AppError(
    'not_a_workspace',
    `${host} answered, but not like a Keywarden workspace (${detail}). Check that the address is the workspace's.`,
  );
}

/** Maps a Keywarden error answer to the vault's error codes. */
export function fromServiceError(host: string, status: number, body: ErrorBody): AppError {
  const detail = body.message ?? body.error;
  switch (body.code) {
    case 'invalid_key':
      return new AppError('workspace_auth_failed', AUTH_FAILED_MESSAGE);
    case 'forbidden':
    case 'insufficient_scope':
      return new AppError('forbidden', `This workspace's admin token is not allowed to do that (${detail}).`);
    case 'invalid_request': {
      const fields = body.fields?.map((field) => (field.path ? `${field.path}: ${field.message}` : field.message));
      return new AppError('invalid_input', fields && fields.length > 0 ? `${fields.join('; ')}.` : `${detail}.`);
    }
    case 'not_found':
      return new AppError('not_found', `${host} has no such item; it may have been deleted. Refresh the list.`);
    case 'conflict':
      return new AppError('conflict', `${host} refused the change: ${detail}. Refresh and try again.`);
    case 'rate_limited':
      return new AppError('rate_limited', `${host} is receiving too many requests. Wait a minute and try again.`);
    case 'internal_error':
      return new AppError('internal', `${host} had an internal error (HTTP ${status}). Try again in a moment.`);
  }
}

function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return 'no answer in time';
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  if (code === 'ECONNREFUSED') return 'the connection was refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the address could not be found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was cut';
  if (code === 'ETIMEDOUT' || code.startsWith('UND_ERR_CONNECT_TIMEOUT')) return 'no answer in time';
  if (/CERT|SSL|TLS|SELF_SIGNED|ERR_TLS/i.test(code)) return `its TLS certificate was not accepted (${code})`;
  if (typeof cause?.message === 'string' && cause.message) return cause.message;
  return errorMessage(error);
}
