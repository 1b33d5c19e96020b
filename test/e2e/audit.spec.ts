/**
 * The audit log, a key's usage and the webhooks, through the browser harness as a user meets
 * them: a key revoked in the details panel shows up in the Audit view with who did it, the masked
 * address and the reason; the filters narrow the rows and stay set; Export CSV saves the filtered
 * rows (the harness's download), read back by a CSV parser; requests made with a key draw its
 * 30-day sparkline and list its recent requests; a webhook added in the settings shows its secret
 * once and lists its test event's delivery.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startReceiver, type Receiver } from '../integration/server/webhook-receiver.ts';
import { HarnessProcess } from './harness.ts';
import { confirmStored, createKeyThroughDialog, keyRow, openApp, showView, uniqueName } from './fixtures.ts';

let harness: HarnessProcess;
let receiver: Receiver;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await receiver.close();
  await harness.stop();
});

function auditGrid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Audit events, newest first' });
}

function auditRow(page: Page, event: string, text: string): Locator {
  return auditGrid(page).getByRole('row').filter({ hasText: event }).filter({ hasText: text });
}

async function localWorkspaceUrl(page: Page): Promise<string> {
  const list = await page.evaluate(() => window.keywarden.workspaces.list());
  if (!list.ok) throw new Error(list.message);
  const local = list.value.find((workspace) => workspace.kind === 'local');
  if (!local?.url) throw new Error('No local workspace URL');
  return local.url;
}

test('a revoked key shows in the audit log with who, from where and why; filters narrow it; Export CSV saves it', async ({
  page,
}) => {
  await openApp(page, harness);
  const name = uniqueName('Audited key');
  await createKeyThroughDialog(page, { name, scope: 'SCIM' });
  await confirmStored(page);
  await keyRow(page, name).click();
  await page.getByRole('complementary').getByRole('button', { name: 'Revoke…' }).click();
  const confirm = page.getByRole('alertdialog', { name: `Revoke ${name}?` });
  await confirm.getByLabel('Reason (optional)').fill('Pasted in a chat, "by mistake"');
  await confirm.getByRole('button', { name: 'Revoke permanently' }).click();
  await expect(keyRow(page, name)).toContainText('Revoked');
  const label = (await keyRow(page, name).locator('.key-label').textContent())!.replace('…', '');

  await showView(page, 'Audit');
  const revoked = auditRow(page, 'Key revoked', name);
  await expect(revoked).toHaveCount(1);
  // The key goes by the name people gave it, its label alongside in the tooltip and the details.
  await expect(revoked.getByRole('gridcell').nth(4)).toHaveText(name);
  await expect(revoked.getByRole('gridcell').nth(4)).toHaveAttribute('title', `${name} · ${label}…`);
  await expect(revoked).toContainText('127.0.0.0');
  await expect(revoked).toContainText('Reason: “Pasted in a chat, "by mistake"”');
  const actor = (await revoked.getByRole('gridcell').nth(3).textContent())!;
  expect(actor.length).toBeGreaterThan(0);
  await revoked.click();
  const details = page.getByRole('region', { name: 'Key revoked' });
  await expect(details).toContainText(actor);
  await expect(details).toContainText('127.0.0.0');
  await expect(details).toContainText(/seq \d+/);
  await expect(details).toContainText(`${name} ${label}…`);

  // Filters combine and narrow the rows; the other events of the key go away with the type filter.
  await expect(auditRow(page, 'Key created', name)).toHaveCount(1);
  await page.getByRole('search', { name: 'Filter the audit log' }).getByLabel('Event type').selectOption('key.revoked');
  await expect(auditRow(page, 'Key created', name)).toHaveCount(0);
  await expect(revoked).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Search the audit log' }).fill('chat mistake');
  await expect(auditGrid(page).getByRole('row')).toHaveCount(2); // the header and the one event
  await page.getByRole('searchbox', { name: 'Search the audit log' }).fill('nothing like this anywhere');
  await expect(page.getByRole('heading', { name: 'No events match' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search the audit log' }).fill('chat');

  // The filters stay set while the user looks elsewhere.
  await showView(page, 'Keys');
  await showView(page, 'Audit');
  await expect(page.getByLabel('Event type')).toHaveValue('key.revoked');
  await expect(revoked).toHaveCount(1);

  await page.getByRole('button', { name: 'Export CSV…' }).click();
  await expect(page.getByText(/Saved 1 event to .*keywarden-audit-.*\.csv\./)).toBeVisible();
  const saved = (await harness.events()).filter((event) => (event.kind as string) === 'save-file').at(-1);
  const rows = parse(readFileSync(String(saved?.data.path), 'utf8'), { columns: true }) as Record<string, string>[];
  expect(rows).toEqual([
    expect.objectContaining({
      type: 'key.revoked',
      key_label: label,
      ip: '127.0.0.0',
      actor_name: actor,
      details: JSON.stringify({ reason: 'Pasted in a chat, "by mistake"' }),
    }),
  ]);

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(auditRow(page, 'Key created', name)).toHaveCount(1);
});

test("requests made with a key draw its usage sparkline, last use and recent requests; copying its secret joins the audit log as this device's", async ({
  page,
}) => {
  await openApp(page, harness);
  const name = uniqueName('Busy key');
  const secret = await createKeyThroughDialog(page, { name, scope: 'Public APIs' });
  await confirmStored(page);
  const url = await localWorkspaceUrl(page);
  for (const agent of ['billing-sync/3.2', 'billing-sync/3.2', 'curl/8.5.0']) {
    const response = await fetch(`${url}/v1/whoami`, {
      headers: { authorization: `Bearer ${secret}`, 'user-agent': agent },
    });
    expect(response.status).toBe(200);
  }

  await keyRow(page, name).click();
  const details = page.getByRole('complementary');
  const usage = details.getByRole('region', { name: 'Usage, last 30 days' });
  await expect(usage).toContainText('3 requests');
  await expect(usage.locator('.recharts-area-area')).toBeVisible();
  // The last use is said once, in the key's fields, not again under the sparkline.
  await expect(details.getByText('Last used', { exact: true })).toHaveCount(1);
  await expect(details).toContainText(/Last used\s*(just now|\d+ min ago) \(.+\) from 127\.0\.0\.0/);
  const recent = usage.getByRole('list', { name: 'Recent requests' });
  await expect(recent).toContainText('billing-sync/3.2');
  await expect(recent).toContainText('curl/8.5.0');

  await details.getByRole('button', { name: 'Copy secret' }).click();
  const trail = details.getByRole('region', { name: 'Audit trail' });
  await expect(trail).toContainText('Secret copied');
  await expect(trail).toContainText('Key created');
  await trail.getByRole('button', { name: 'Show in the audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  const copied = auditRow(page, 'Secret copied', 'Keywarden on this device');
  await expect(copied).toHaveCount(1);
  await expect(copied).not.toContainText(secret);
  await page.getByRole('button', { name: 'Clear filters' }).click();
});

test('a webhook added in the settings shows its signing secret once and lists its test delivery', async ({ page }) => {
  await openApp(page, harness);
  await showView(page, 'Settings');
  const section = page.getByRole('region', { name: 'Webhooks' });
  await expect(section.getByRole('combobox', { name: 'Workspace' })).toHaveValue(/.+/);
  await section.getByLabel('Receiver URL').fill(receiver.url);
  await section.getByRole('button', { name: 'Add webhook' }).click();
  const once = section.getByRole('region', { name: 'Signing secret of the new webhook' });
  await expect(once.getByLabel('Webhook signing secret')).toHaveText(/\S{20,}/);
  await expect(once).toContainText("Also kept in this device's keychain.");
  await once.getByRole('button', { name: 'I have stored it' }).click();
  await expect(once).toHaveCount(0);

  const webhook = section.getByRole('listitem', { name: receiver.url });
  await expect(webhook).toContainText("Signing secret in this device's keychain");
  await webhook.getByRole('button', { name: 'Send test event' }).click();
  await expect(webhook).toContainText('Test event sent.');
  const delivery = webhook.getByRole('row').filter({ hasText: 'Webhook test sent' });
  await expect(delivery).toContainText('Delivered (HTTP 204)');
  expect(receiver.received).toHaveLength(1);

  await delivery.getByRole('button', { name: 'Redeliver' }).click();
  await expect(webhook.getByRole('row').filter({ hasText: 'Webhook test sent' })).toHaveCount(2);
  await webhook.getByRole('button', { name: 'Remove…' }).click();
  await webhook.getByRole('button', { name: 'Remove for good' }).click();
  await expect(section.getByRole('listitem', { name: receiver.url })).toHaveCount(0);
});
