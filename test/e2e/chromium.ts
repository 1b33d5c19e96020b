/**
 * How the e2e tests and `npm run screenshots` launch Chromium: Playwright's own build when it is
 * installed, otherwise the system's (CHROMIUM_PATH, or Debian's /usr/bin/chromium), on a closed
 * network.
 */
import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

function chromiumExecutable(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // Playwright's browser is not installed: fall through to the system one.
  }
  return '/usr/bin/chromium';
}

export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: chromiumExecutable(),
  // No background connections, no component updates; root needs --no-sandbox.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
  ],
};
