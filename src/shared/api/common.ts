/** Building blocks every resource of the HTTP contract uses: timestamps, text people read, who acted. */
import { z } from 'zod';

export const isoTime = z.iso.datetime({ offset: true });

// eslint-disable-next-line no-control-regex -- control characters are what this looks for.
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/u;
/** A zero-width joiner between two pictographs (with their variation selector or skin tone). */
const EMOJI_JOINER =
  /(?<=\p{Extended_Pictographic}(?:\u{fe0f}|\p{Emoji_Modifier})?)\u200d(?=\p{Extended_Pictographic})/gu;

/**
 * Refused in text that other people read (key names, revocation reasons, the workspace's name):
 * - control characters (U+0000–U+001F, U+007F): they break table and terminal output;
 * - bidirectional overrides, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
 *   U+061C): an override can make "Prod key" display as something else;
 * - zero-width characters (U+200B–U+200D, U+2060, U+FEFF): "Prod\u200Bkey" looks exactly like
 *   "Prodkey" but is another name. A zero-width joiner inside an emoji sequence (👩‍💻) is kept;
 * - a lone UTF-16 surrogate: it has no character to show and storage silently turns it into U+FFFD.
 */
export function hasUnsafeDisplayCharacter(text: string): boolean {
  if (!text.isWellFormed()) return true;
  const withoutEmojiJoiners = text.includes('\u200d') ? text.replace(EMOJI_JOINER, '') : text;
  return UNSAFE_CHARACTER.test(withoutEmojiJoiners);
}

export const UNSAFE_DISPLAY_TEXT_MESSAGE =
  'must not contain control characters, bidirectional-override or zero-width characters, or unpaired surrogates, which can disguise what the text says';

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
