/**
 * How secrets are named in the keychain: one account per secret, `<workspaceId>/<keyId>`, and
 * `<workspaceId>/admin-token` for the token the vault uses to manage that workspace.
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

export type ParsedAccount =
  { kind: 'key'; workspaceId: string; keyId: string } | { kind: 'admin-token'; workspaceId: string };

export function parseAccount(account: string): ParsedAccount | null {
  const slash = account.indexOf('/');
  if (slash <= 0 || slash === account.length - 1) return null;
  const workspaceId = account.slice(0, slash);
  const rest = account.slice(slash + 1);
  return rest === ADMIN_TOKEN_ACCOUNT
    ? { kind: 'admin-token', workspaceId }
    : { kind: 'key', workspaceId, keyId: rest };
}
