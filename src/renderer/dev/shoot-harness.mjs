/* global document */
// Dev only: drives the real browser harness (real core) through the UI and takes screenshots.
// Usage: node src/renderer/dev/shoot-harness.mjs '<harness url with token>' <out dir>
import { chromium } from 'playwright-core';

const [url, out = '/tmp/kw-real'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const clock = (body) =>
  fetch(new URL('/__harness/clock', url).toString() + new URL(url).search, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${new URL(url).searchParams.get('token')}` },
    body: JSON.stringify(body),
  }).then((r) => r.json());

const inDays = (days) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

for (const scheme of ['light', 'dark']) {
  const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}/first-run-${scheme}.png` });
  const specs =
    scheme === 'light'
      ? [
          ['Entra ID provisioning', 'SCIM', 365],
          ['AD sync script', 'On Premise', 20],
          ['Billing export', 'Public APIs', 3],
          ['Staging smoke tests', 'Public APIs', 200],
        ]
      : [['Okta provisioning', 'SCIM', 90]];
  const shotOn = scheme === 'light' ? 'Billing export' : 'Okta provisioning';
  for (const [name, scope, days] of specs) {
    await page.keyboard.press('Control+n');
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('radio', { name: new RegExp(`^${scope}`) }).check();
    if (scope === 'On Premise') await page.getByLabel('Allow your script to retrieve signatures').check();
    await page.getByLabel('Expires on').fill(inDays(days));
    if (name === shotOn) await page.screenshot({ path: `${out}/create-key-${scheme}.png` });
    await page.getByRole('dialog').getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('alertdialog').waitFor();
    if (name === shotOn) {
      await page.getByRole('button', { name: 'Copy' }).click();
      await page.getByText('Copied').waitFor();
      await page.screenshot({ path: `${out}/show-once-${scheme}.png` });
    }
    await page.getByRole('button', { name: 'I have stored it' }).click();
  }
  await page.getByRole('button', { name: /^Dismiss/ }).evaluateAll((buttons) => buttons.forEach((b) => b.click()));
  await page.getByRole('grid').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/keys-table-${scheme}.png` });
  await page.close();
}

// Move the core's clock: countdowns must follow at once (clock:changed).
const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
await page.goto(url);
await page.getByRole('grid').waitFor();
const before = await page.getByRole('row', { name: /Billing export/ }).innerText();
console.log('clock:', await clock({ advanceDays: 2.5 }));
await page.waitForTimeout(600);
const after = await page.getByRole('row', { name: /Billing export/ }).innerText();
console.log('before:', before.replace(/\s+/g, ' '), '\nafter: ', after.replace(/\s+/g, ' '));
await page.screenshot({ path: `${out}/after-clock-jump-light.png` });
console.log('rows:', await page.evaluate(() => document.querySelectorAll('[role=row]').length));

// Details, reveal, revoke.
await page.getByRole('row', { name: /AD sync script/ }).click();
await page.getByRole('button', { name: 'Reveal' }).click();
await page.getByLabel('Revealed secret').waitFor();
await page.screenshot({ path: `${out}/key-details-light.png` });
await page.getByRole('button', { name: 'Revoke…' }).click();
await page.getByRole('alertdialog').waitFor();
console.log('focused in revoke dialog:', await page.evaluate(() => document.activeElement?.textContent));
await page.screenshot({ path: `${out}/revoke-light.png` });
await page.getByRole('button', { name: 'Revoke permanently' }).click();
await page
  .getByRole('row', { name: /AD sync script.*Revoked/ })
  .waitFor({ timeout: 5000 })
  .catch(async () => {
    await page.screenshot({ path: `${out}/revoke-FAILED.png` });
    console.log('toasts:', await page.locator('.toast').allInnerTexts());
  });
console.log('revoked row:', (await page.getByRole('row', { name: /AD sync script/ }).innerText()).replace(/\s+/g, ' '));

// External key with the letssign.now preset; a malformed secret first.
await page.getByRole('button', { name: /^External keys/ }).click();
await page.keyboard.press('Control+n');
await page.getByLabel('Name', { exact: true }).fill('letssign.now production');
await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'letssign.now' });
await page.getByLabel('Secret').fill('not-a-key');
await page.getByRole('button', { name: 'Add to vault' }).click();
await page.getByText(/doesn't look like/).waitFor();
await page.screenshot({ path: `${out}/external-key-error-light.png` });
await page.getByLabel('Secret').fill('lsk_live_a1b2c3d4e5f6g7h8');
await page.getByRole('button', { name: 'Add to vault' }).click();
await page.getByRole('row', { name: /letssign.now production/ }).waitFor();
await page.screenshot({ path: `${out}/external-keys-light.png` });

// Connect with a bad address.
await page.getByRole('button', { name: 'Connect a workspace' }).click();
await page.getByLabel('Workspace URL').fill('http://127.0.0.1:9');
await page.getByLabel('Admin token').fill('kw_admin_nope');
await page.getByRole('button', { name: 'Connect', exact: true }).click();
await page.locator('.field__error').first().waitFor();
console.log('connect error:', await page.locator('.field__error').first().innerText());
await page.screenshot({ path: `${out}/connect-error-light.png` });
await browser.close();
