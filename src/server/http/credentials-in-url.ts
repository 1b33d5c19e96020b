/**
 * Credentials belong in the Authorization header only. A URL is written to access logs, proxy
 * logs and browser history, so a credential in one is refused (it should be treated as exposed),
 * and what the service logs of a URL never holds a query string or anything shaped like a key.
 * A credential in another header (X-Api-Key, a cookie, `Authorization: Basic …`) is refused with
 * the way to send it, rather than the bare 401 a missing credential gets.
 */
import { CREDENTIAL_PREFIXES } from '../../shared/credentials.ts';
import type { Problem } from '../domain/result.ts';

/** Query parameters clients use to pass a credential (compared without case, `-` and `_`). */
const CREDENTIAL_PARAMETERS = new Set([
  'token',
  'key',
  'apikey',
  'accesstoken',
  'auth',
  'authorization',
  'bearer',
  'secret',
  'password',
]);

/** A credential, or most of one: its prefix and at least 16 of its base62 characters. */
const CREDENTIAL_SHAPE = new RegExp(`(?:${CREDENTIAL_PREFIXES.join('|')})[0-9A-Za-z]{16,}`, 'g');

/**
 * The query parameter (or `path`) of a URL that carries a credential, with why it is refused;
 * null when the URL carries none.
 */
export function credentialInUrl(url: string): Problem | null {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  if (looksLikeCredential(decodeLoosely(path))) return refusal('path');
  if (queryAt === -1) return null;
  for (const [name, value] of new URLSearchParams(url.slice(queryAt + 1))) {
    const normalized = name.toLowerCase().replace(/[-_]/g, '');
    if (CREDENTIAL_PARAMETERS.has(normalized) || looksLikeCredential(value) || looksLikeCredential(name)) {
      return refusal(name);
    }
  }
  return null;
}

/**
 * The header that carries a credential when `Authorization: Bearer …` does not: another scheme
 * (`Basic` with the key as user or password, `Token`, none at all) or any other header, such as
 * X-Api-Key or Cookie. Null when no header carries anything shaped like a key; a malformed Bearer
 * header is a bad credential (401), not a misplaced one.
 */
export function credentialOutsideBearer(headers: Record<string, string | string[] | undefined>): Problem | null {
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (name !== 'authorization') {
      if (looksLikeCredential(text)) return misplacedHeader(`the ${name} header`, name);
      continue;
    }
    const scheme = /^\S+(?=\s)/.exec(text.trim())?.[0] ?? null;
    if (scheme?.toLowerCase() === 'bearer') continue;
    if (looksLikeCredential(scheme?.toLowerCase() === 'basic' ? withBasicDecoded(text) : text)) {
      return misplacedHeader(scheme ? `Authorization: ${scheme} …` : 'Authorization without "Bearer "', name);
    }
  }
  return null;
}

/** A URL as it may be logged: no query string, and nothing shaped like a credential. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  return path.replace(CREDENTIAL_SHAPE, '[redacted]') + (queryAt === -1 ? '' : '?[redacted]');
}

/** Fastify's request serializer, with the URL redacted. */
export const LOG_SERIALIZERS = {
  req(request: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
    return {
      method: request.method,
      url: redactUrl(request.url),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    };
  },
};

function looksLikeCredential(text: string): boolean {
  CREDENTIAL_SHAPE.lastIndex = 0;
  return CREDENTIAL_SHAPE.test(text);
}

/** `Basic dXNlcjpwYXNz` read as `user:pass` too, where a client following HTTP Basic puts its key. */
function withBasicDecoded(header: string): string {
  const encoded = /^\S+\s+([A-Za-z0-9+/=]{1,400})\s*$/.exec(header.trim())?.[1];
  return encoded ? `${header} ${Buffer.from(encoded, 'base64').toString('latin1')}` : header;
}

function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function misplacedHeader(where: string, header: string): Problem {
  const message = 'send the key as Authorization: Bearer … (the key itself after "Bearer ", nothing else)';
  return {
    code: 'invalid_request',
    message: `The request carries a credential in ${where}: ${message}.`,
    fields: [{ path: header, message }],
  };
}

function refusal(field: string): Problem {
  const message =
    'credentials go in the Authorization header (Authorization: Bearer …), never in the URL, which ends up in logs and browser history; if this was a real key or token, rotate it';
  return {
    code: 'invalid_request',
    message: `The request URL carries a credential: ${message}.`,
    fields: [{ path: field, message }],
  };
}
