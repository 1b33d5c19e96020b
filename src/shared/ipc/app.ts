/** What the renderer learns about the app at start: version, the core's clock, the keychain, settings. */
import { z } from 'zod';
import { isoTime } from '../api/index.ts';
import { Settings } from './settings.ts';

export const KeychainStatus = z.object({
  available: z.boolean(),
  /** e.g. "Secret Service (GNOME Keyring)", "macOS Keychain", "Windows Credential Manager". */
  backend: z.string(),
  message: z.string().nullable(),
});
export type KeychainStatus = z.infer<typeof KeychainStatus>;

export const AppInfo = z.object({
  version: z.string(),
  platform: z.string(),
  now: isoTime,
  keychain: KeychainStatus,
  settings: Settings,
});
export type AppInfo = z.infer<typeof AppInfo>;
