// Dev only: Escape closes the Connect dialog after a failed attempt (focus fell to <body>).
// Usage: node src/renderer/dev/check-escape.mjs '<harness url with token>'
import { chromium } from 'playwright-core';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const page = await browser.newPage();
await page.goto(process.argv[2]);
await page.getByRole('button', { name: 'Connect a workspace' }).click();
const dialog = page.getByRole('dialog', { name: 'Connect a workspace' });
await dialog.getByLabel('Workspace URL').fill('http://127.0.0.1:1');
await dialog.getByLabel('Admin token').fill('lsa_whatever');
await dialog.getByRole('button', { name: 'Connect' }).click();
await dialog.getByText(/Can.t reach/).waitFor();
await page.keyboard.press('Escape');
await page.waitForTimeout(300);
console.log(
  (await dialog.count()) === 0 ? 'PASS Escape closes Connect after a failed attempt' : 'FAIL dialog still open',
);
await browser.close();
