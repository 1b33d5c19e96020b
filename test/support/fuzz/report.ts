/** How a fuzz failure is printed: what was sent (short, escaped) and what came back. */

/** At most `limit` characters, with control, bidi and surrogate characters made visible. */
export function excerpt(text: string, limit = 240): string {
  const shown = text.length > limit ? `${text.slice(0, limit)}… (${text.length} characters)` : text;
  const invisible = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ud800-\udfff]/gu;
  return shown.replace(invisible, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Waits at most `ms` for `work`; a hang becomes a failure that names what hung. */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Collects unhandled rejections while the fuzz runs, so one is blamed on the cases that caused it. */
export function watchUnhandledRejections(): { take(): string[]; stop(): void } {
  let seen: string[] = [];
  const listener = (reason: unknown) => {
    seen.push(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
  };
  process.on('unhandledRejection', listener);
  return {
    take: () => {
      const taken = seen;
      seen = [];
      return taken;
    },
    stop: () => process.off('unhandledRejection', listener),
  };
}
