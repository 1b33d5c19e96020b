/**
 * The audit pictures of `npm run screenshots`: the Audit view over everything the earlier scenes
 * did (keys created, revoked and rotated, secrets copied and pushed) with the latest revocation's
 * details open; a key used for ten days of the harness's clock, its sparkline, last use and recent
 * requests; and a webhook in the settings with its test event delivered. The steps are the e2e
 * tests' own (test/e2e/audit.spec.ts); the webhook's receiver is a loopback server of the run.
 */
import { expect, type Page } from '@playwright/test';
import { confirmStored, createKeyThroughDialog, keyRow, showView } from '../test/e2e/fixtures.ts';
import type { HarnessProcess } from '../test/e2e/harness.ts';
import { startReceiver } from '../test/integration/server/webhook-receiver.ts';

export const AUDIT_SCREENSHOTS = ['audit', 'key-usage', 'webhooks'] as const;
type AuditScreenshot = (typeof AUDIT_SCREENSHOTS)[number];

const USED = 'Payroll export';
/** Requests per day over the pictured ten days, and who made them. */
const DAILY_REQUESTS = [4, 6, 5, 9, 3, 0, 7, 12, 8, 10];
const AGENTS = ['payroll-sync/2.4', 'payroll-sync/2.4', 'curl/8.5.0'];

export async function auditScenes(
  page: Page,
  harness: HarnessProcess,
  shoot: (name: AuditScreenshot) => Promise<void>,
  dismissToasts: (page: Page) => Promise<void>,
): Promise<void> {
  await showView(page, 'Audit');
  const grid = page.getByRole('grid', { name: 'Audit events, newest first' });
  const revoked = grid.getByRole('row').filter({ hasText: 'Key revoked' }).first();
  await expect(revoked).toBeVisible();
  await revoked.click();
  await expect(page.getByRole('region', { name: 'Key revoked' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeEnabled();
  await dismissToasts(page);
  await shoot('audit');

  await showView(page, 'Keys');
  await page
    .getByRole('navigation', { name: 'Workspaces' })
    .getByRole('button', { name: /^Local workspace/ })
    .click();
  const secret = await createKeyThroughDialog(page, { name: USED, scope: 'Public APIs' });
  await confirmStored(page);
  const url = await localWorkspaceUrl(page);
  for (const [day, requests] of DAILY_REQUESTS.entries()) {
    if (day > 0) await harness.advanceDays(1);
    for (let request = 0; request < requests; request++) {
      const response = await fetch(`${url}/v1/whoami`, {
        headers: { authorization: `Bearer ${secret}`, 'user-agent': AGENTS[request % AGENTS.length]! },
      });
      expect(response.status).toBe(200);
    }
  }
  await keyRow(page, USED).click();
  const usage = page.getByRole('complementary').getByRole('region', { name: 'Usage, last 30 days' });
  await expect(usage).toContainText(`${DAILY_REQUESTS.reduce((sum, n) => sum + n, 0)} requests`);
  await usage.scrollIntoViewIfNeeded();
  await dismissToasts(page);
  await shoot('key-usage');

  const receiver = await startReceiver();
  try {
    await showView(page, 'Settings');
    const section = page.getByRole('region', { name: 'Webhooks' });
    await section.getByLabel('Receiver URL').fill(receiver.url);
    await section.getByRole('button', { name: 'Add webhook' }).click();
    // The signing secret is shown once; no picture carries it.
    await section.getByRole('button', { name: 'I have stored it' }).click();
    const webhook = section.getByRole('listitem', { name: receiver.url });
    await webhook.getByRole('button', { name: 'Send test event' }).click();
    await expect(webhook.getByRole('row').filter({ hasText: 'Webhook test sent' })).toContainText('Delivered');
    await webhook.scrollIntoViewIfNeeded();
    await dismissToasts(page);
    await page.getByRole('main').getByRole('heading', { level: 1 }).blur();
    await shoot('webhooks');
  } finally {
    await receiver.close();
  }
}

async function localWorkspaceUrl(page: Page): Promise<string> {
  const list = await page.evaluate(() => window.keywarden.workspaces.list());
  const url = list.ok ? list.value.find((workspace) => workspace.kind === 'local')?.url : undefined;
  if (!url) throw new Error('No local workspace URL');
  return url;
}
