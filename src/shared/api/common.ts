/** Building blocks every resource of the HTTP contract uses: timestamps, text people read, who acted. */
import { z } from 'zod';

export const isoTime = z.iso.datetime({ offset: true });

/**
 * Control characters (U+0000–U+001F, U+007F) and bidirectional overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) are refused in text that other people read: they break table and
 * terminal output, and a bidi override can make "Prod key" display as something else.
 */
export function hasUnsafeDisplayCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code <= 0x1f || code === 0x7f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
      return true;
    }
  }
  return false;
}

export const UNSAFE_DISPLAY_TEXT_MESSAGE =
  'must not contain control characters or bidirectional-override characters, which can disguise what the text says';

/** A string people will read in lists, the audit trail or a terminal: see `hasUnsafeDisplayCharacter`. */
export function displayText(schema: z.ZodString): z.ZodString {
  return schema.refine((text) => !hasUnsafeDisplayCharacter(text), { message: UNSAFE_DISPLAY_TEXT_MESSAGE });
}

/** Who did something: an admin token, the service itself, or an API key. */
export const Actor = z.object({
  type: z.enum(['admin_token', 'system', 'api_key']),
  id: z.string().nullable(),
  name: z.string(),
});
export type Actor = z.infer<typeof Actor>;
