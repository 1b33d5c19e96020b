/** The app's preferences, kept on this device. */
import { z } from 'zod';

export const Settings = z.object({
  /** Seconds after which a copied secret is cleared from the clipboard (0 = never). */
  clipboardClearSeconds: z.number().int().min(0).max(600),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = Settings.partial().strict();

/**
 * Whether the OS starts Keywarden when the user logs in (off until the user turns it on). The OS
 * is the truth: a user can take the app off the login items in the system's own settings too.
 */
export const StartAtLogin = z.object({
  enabled: z.boolean(),
  /** False where the host cannot register the app (an OS Electron has no login items for, a test host). */
  supported: z.boolean(),
  /** What the user must still do, or why it is off ("Allow Keywarden in System Settings…"); null when nothing. */
  note: z.string().nullable(),
});
export type StartAtLogin = z.infer<typeof StartAtLogin>;

export const SetStartAtLoginInput = z.strictObject({ enabled: z.boolean() });
export type SetStartAtLoginInput = z.infer<typeof SetStartAtLoginInput>;
