import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/e2e/chromium.ts';

export default defineConfig({
  globalSetup: './test/e2e/global-setup.ts',
  reporter: [['list']],
  workers: 2,
  // CI shares two cores between the harness, its service and Chromium: one retry there, reported as
  // flaky in the summary, keeps a timing hiccup from hiding a whole run's result.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: { trace: 'retain-on-failure' },
  projects: [
    {
      name: 'browser-harness',
      testDir: 'test/e2e',
      use: {
        viewport: { width: 1280, height: 800 },
        launchOptions: chromiumLaunchOptions,
      },
    },
    { name: 'electron', testDir: 'test/electron' },
  ],
});
