/**
 * How secrets are named in the keychain: one account per secret, `<workspaceId>/<keyId>`,
 * `<workspaceId>/admin-token` for the token the vault uses to manage that workspace, and
 * `<workspaceId>/webhooks/<webhookId>` for a webhook's signing secret.
 */
import { AppError } from '../errors.ts';

export const ADMIN_TOKEN_ACCOUNT = 'admin-token';

/**
 * A key id comes from the renderer (reveal, copy) or from a service's answer (create, revoke), so it
 * must never name the admin token's entry: reading it would hand the window the workspace's token,
 * writing it would overwrite that token.
 */
export function keySecretAccount(workspaceId: string, keyId: string): string {
  if (keyId === ADMIN_TOKEN_ACCOUNT || keyId.includes('/')) {
    throw new AppError('not_found', 'There is no such key in this workspace.');
  }
  return `${workspaceId}/${keyId}`;
}

export function adminTokenAccount(workspaceId: string): string {
  return `${workspaceId}/${ADMIN_TOKEN_ACCOUNT}`;
}

const WEBHOOKS_FOLDER = 'webhooks/';

/** A webhook's signing secret: a key id never holds a slash, so it can't name this entry. */
export function webhookSecretAccount(workspaceId: string, webhookId: string): string {
  if (webhookId.length === 0 || webhookId.includes('/')) throw new AppError('not_found', 'There is no such webhook.');
  return `${workspaceId}/${WEBHOOKS_FOLDER}${webhookId}`;
}

export type ParsedAccount =
  | { kind: 'key'; workspaceId: string; keyId: string }
  | { kind: 'admin-token'; workspaceId: string }
  | { kind: 'webhook-secret'; workspaceId: string; webhookId: string };

export function parseAccount(account: string): ParsedAccount | null {
  const slash = account.indexOf('/');
  if (slash <= 0 || slash === account.length - 1) return null;
  const workspaceId = account.slice(0, slash);
  const rest = account.slice(slash + 1);
  if (rest === ADMIN_TOKEN_ACCOUNT) return { kind: 'admin-token', workspaceId };
  if (rest.startsWith(WEBHOOKS_FOLDER)) {
    return { kind: 'webhook-secret', workspaceId, webhookId: rest.slice(WEBHOOKS_FOLDER.length) };
  }
  return { kind: 'key', workspaceId, keyId: rest };
}
