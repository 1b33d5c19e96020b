/** The app's preferences, kept on this device. */
import { z } from 'zod';

export const Settings = z.object({
  /** Seconds after which a copied secret is cleared from the clipboard (0 = never). */
  clipboardClearSeconds: z.number().int().min(0).max(600),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = Settings.partial().strict();
