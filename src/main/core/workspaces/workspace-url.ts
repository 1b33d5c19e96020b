/**
 * Turns what the user typed into a workspace's base URL. HTTPS is assumed; plain HTTP is allowed
 * only for this computer, because an admin token sent in clear over a network is a leaked token.
 */
import { AppError } from '../errors.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname.endsWith('.localhost');
}

export function normaliseWorkspaceUrl(typed: string): string {
  const text = typed.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new AppError(
      'invalid_input',
      `“${text}” is not a web address. Type the workspace's address, e.g. keys.example.com.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError(
      'invalid_input',
      `Keywarden connects to workspaces over https, not ${url.protocol.replace(':', '')}.`,
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new AppError(
      'invalid_input',
      `Keywarden connects to ${url.hostname} over https only: plain http is allowed for this computer (localhost) only.`,
    );
  }
  if (url.username || url.password) {
    throw new AppError(
      'invalid_input',
      'Leave the user name and password out of the address: the admin token is enough.',
    );
  }
  // People paste the API root they read in docs: the client adds /v1 itself.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** The host to name in sentences ("Can't reach keys.example.com"). */
export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
