/**
 * What a CLI prints can echo the secret back (an item's JSON, a debug line) or show a credential of
 * its own (a token in `gh auth status`). Everything a CLI said passes through here before it is
 * shown, stored in the push history or logged.
 */
import { CREDENTIAL_PREFIXES } from '../../../shared/credentials.ts';

export const REDACTED = '[redacted]';

/** Longest CLI text kept for a sentence: enough for an error, never a dump. */
export const MESSAGE_LIMIT = 600;

const keywardenPrefixes = CREDENTIAL_PREFIXES.join('|');

/** Shapes of credentials the CLIs we run are known to print or accept. */
const CREDENTIAL_SHAPES: readonly RegExp[] = [
  new RegExp(`(?:${keywardenPrefixes})[0-9A-Za-z]{8,}`, 'g'),
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /\bdp\.(?:st|pt|ct|sa|scim|audit)\.[A-Za-z0-9._-]{8,}/g, // Doppler tokens
  /\bhv[sbr]\.[A-Za-z0-9_-]{20,}/g, // Vault tokens
  /\bops_[A-Za-z0-9_-]{20,}/g, // 1Password service-account tokens
  /\bya29\.[A-Za-z0-9_-]{20,}/g, // Google OAuth access tokens
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, // JWTs (Azure, Kubernetes)
  /(\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /((?:token|secret|password|passwd|access[_-]?key|secret[_-]?key|session)["']?\s*[:=]\s*["']?)[^\s"',;]{6,}/gi,
];

/** The forms a secret takes in a CLI's output: as it is, JSON-escaped, and base64. */
function formsOf(secret: string): string[] {
  if (secret.length === 0) return [];
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64')]);
  // A multi-line secret can come back one line at a time.
  for (const line of secret.split(/\r?\n/)) if (line.trim().length >= 8) forms.add(line);
  return [...forms].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    for (const form of formsOf(secret)) out = out.split(form).join(REDACTED);
  }
  for (const shape of CREDENTIAL_SHAPES) {
    out = out.replace(shape, (match: string, kept?: unknown) =>
      typeof kept === 'string' && match.startsWith(kept) ? kept + REDACTED : REDACTED,
    );
  }
  return out;
}

/** Shortest start of a secret taken for one at the end of cut output (shorter ones are too common). */
const CUT_PREFIX_MIN = 4;

/**
 * Output cut at the byte limit may end in the first part of a secret, which `redact` can't
 * recognise: that tail goes too, whichever form (as is, JSON-escaped, base64) it begins.
 */
export function redactCutTail(text: string, secrets: readonly string[]): string {
  let cut = 0;
  for (const secret of secrets) {
    for (const form of formsOf(secret)) {
      for (let length = Math.min(form.length - 1, text.length); length > cut; length--) {
        if (length >= CUT_PREFIX_MIN && text.endsWith(form.slice(0, length))) {
          cut = length;
          break;
        }
      }
    }
  }
  return cut === 0 ? text : text.slice(0, text.length - cut) + REDACTED;
}

/**
 * A CLI's words for a sentence: redacted, trimmed to the lines that say something, without
 * terminal colours, and capped.
 */
export function cliWords(text: string, secrets: readonly string[] = []): string {
  const plain = redact(text, secrets)
    // eslint-disable-next-line no-control-regex -- ANSI colour codes are control characters.
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join(' ');
  return plain.length > MESSAGE_LIMIT ? `${plain.slice(0, MESSAGE_LIMIT - 1)}…` : plain;
}
