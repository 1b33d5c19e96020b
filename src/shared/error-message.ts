/**
 * The sentence inside whatever was thrown: an Error's message, or the thrown value itself as
 * text (a rejected string, a library's plain object). For putting a cause into a sentence a
 * person reads; never for deciding what to do, which goes by an error's code.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
