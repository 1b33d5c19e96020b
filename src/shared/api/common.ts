/** Building blocks every resource of the HTTP contract uses: timestamps, text people read, who acted. */
import { z } from 'zod';

export const isoTime = z.iso.datetime({ offset: true });

/**
 * Characters that show as nothing, or as something else, wherever a name is read:
 * - \p{Cc}: controls, C0 and C1 (U+0085 is a line break to some terminals, U+009B starts an
 *   escape sequence like ESC [);
 * - \p{Cf}: format characters, which are invisible by definition: zero-width space, joiner and
 *   non-joiner, word joiner, BOM, soft hyphen, bidirectional overrides, isolates and marks,
 *   invisible operators (U+2061–U+2064), the Mongolian vowel separator, tag characters;
 * - \p{Zl}, \p{Zp}: the line and paragraph separators U+2028 and U+2029, which break lines;
 * - blanks that are letters or marks, so no category names them: the combining grapheme joiner
 *   U+034F, the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0;
 * - variation selectors other than U+FE0E/U+FE0F (text and emoji presentation): nothing shows
 *   them, so a run of them carries hidden text after a visible character.
 */
// Marks and selectors stand alone, outside a class, where they cannot read as part of a neighbour.
const UNSAFE_CHARACTER =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]|\u034f|[\ufe00-\ufe0d]|[\u{e0100}-\u{e01ef}]/u;
/** A zero-width joiner between two pictographs (with their variation selector or skin tone): 👩‍💻. */
const EMOJI_JOINER =
  /(?<=\p{Extended_Pictographic}(?:\u{fe0f}|\p{Emoji_Modifier})?)\u200d(?=\p{Extended_Pictographic})/gu;
/** The only emoji made of tag characters: the flags of England, Scotland and Wales. */
const SUBDIVISION_FLAG =
  /\u{1f3f4}\u{e0067}\u{e0062}(?:\u{e0065}\u{e006e}\u{e0067}|\u{e0073}\u{e0063}\u{e0074}|\u{e0077}\u{e006c}\u{e0073})\u{e007f}/gu;

/**
 * Refused in text that other people read (key names, revocation reasons, the workspace's name),
 * because it can make a name look like another or like nothing: "Prod\u200Bkey" looks exactly like
 * "Prodkey" but is another name, and an override can make "Prod key" display as something else.
 * See UNSAFE_CHARACTER for the list. Emoji keep their joiners and the three subdivision flags
 * their tags. A lone UTF-16 surrogate is refused too: it has no character to show, and storage
 * silently turns it into U+FFFD.
 */
export function hasUnsafeDisplayCharacter(text: string): boolean {
  if (!text.isWellFormed()) return true;
  let visible = text.includes('\u200d') ? text.replace(EMOJI_JOINER, '') : text;
  if (visible.includes('\u{e007f}')) visible = visible.replace(SUBDIVISION_FLAG, '\u{1f3f4}');
  return UNSAFE_CHARACTER.test(visible);
}

export const UNSAFE_DISPLAY_TEXT_MESSAGE =
  'must not contain control characters, bidirectional-override, zero-width or other invisible characters, line separators, or unpaired surrogates, which can disguise what the text says';

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
