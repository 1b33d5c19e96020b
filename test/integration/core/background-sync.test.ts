/**
 * Reminders as fresh as the service, not as the last click: a remote workspace is synced on a timer,
 * when the computer wakes or comes back online, and retried with growing delays while its service
 * can't be reached. Keys that change there (new, rotated, revoked) remind, or stop, without the
 * admin opening anything.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWorkspace, startServer, type RunningServer } from '../../../src/server/index.ts';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import { formatReminderDate } from '../../../src/shared/reminders.ts';
import { cleanUp, startCoreFixture, type CoreFixture } from './core-fixture.ts';

let app: CoreFixture;
let remote: RunningServer;
let remoteDir: string;
let ownerToken: string;
let remoteWorkspaceId: string;

beforeAll(async () => {
  app = await startCoreFixture();
  remoteDir = mkdtempSync(join(tmpdir(), 'keywarden-remote-'));
  ({ workspaceId: remoteWorkspaceId, ownerToken } = await initWorkspace({
    dataDir: remoteDir,
    name: 'Acme',
    clock: app.clock,
  }));
  remote = await startServer({ dataDir: remoteDir, port: 0, clock: app.clock });
  await app.core.reminders.whenStarted();
  await app.call('workspaces:connect', { url: remote.url, token: ownerToken });
});

afterAll(async () => {
  await app?.close();
  await remote?.close();
  if (app) await cleanUp(app.service, [app.dataDir, remoteDir]);
});

/** Another admin, working on the service directly. */
async function onTheService(method: string, path: string, body?: unknown) {
  const response = await fetch(`${remote.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  return (await response.json()) as { apiKey: { id: string; expiresAt: string } };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('background sync', () => {
  it('reminds of a key created on the service when the next sync comes round, without any click', async () => {
    const expiresAt = new Date(app.clock.now().getTime() + 20 * DAY_MS).toISOString();
    const { apiKey } = await onTheService('POST', '/v1/api-keys', {
      name: 'Created elsewhere',
      scope: 'scim',
      expiresAt,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(app.notifications).toEqual([]);

    app.clock.advance(15 * 60_000 + 1000); // the default interval
    await until(() => app.notifications.length > 0, 'the reminder');
    expect(app.notifications).toEqual([
      expect.objectContaining({
        title: 'A key expires in 20 days',
        body: `Created elsewhere (Acme) expires on ${formatReminderDate(apiKey.expiresAt)}. Rotate it before then.`,
        target: { workspaceId: remoteWorkspaceId, keyId: apiKey.id, action: 'rotate' },
      }),
    ]);
  });

  it('syncs at once when the computer wakes from sleep or comes back online', async () => {
    const expiresAt = new Date(app.clock.now().getTime() + 6 * DAY_MS).toISOString();
    await onTheService('POST', '/v1/api-keys', { name: 'Made during sleep', scope: 'scim', expiresAt });
    app.system.wake('resume');
    await until(() => app.notifications.length === 2, 'the reminder after wake');
    expect(app.notifications[1]?.title).toBe('A key expires in 6 days');

    await onTheService('POST', '/v1/api-keys', { name: 'Made offline', scope: 'scim', expiresAt });
    app.system.wake('online');
    await until(() => app.notifications.length === 3, 'the reminder after coming online');
    expect(app.notifications[2]?.body).toMatch(/^Made offline \(Acme\)/);
  });

  it('stops reminding of keys rotated or revoked on the service', async () => {
    const rotated = (await onTheService('POST', '/v1/api-keys', { name: 'Rotated there', scope: 'scim' })).apiKey;
    const revoked = (await onTheService('POST', '/v1/api-keys', { name: 'Revoked there', scope: 'scim' })).apiKey;
    const kept = (await onTheService('POST', '/v1/api-keys', { name: 'Kept', scope: 'scim' })).apiKey;
    await app.core.reminders.syncNow();
    app.clock.advance(100 * DAY_MS);
    await onTheService('POST', `/v1/api-keys/${rotated.id}/rotate`, { overlapSeconds: 0 });
    await onTheService('POST', `/v1/api-keys/${revoked.id}/revoke`, {});
    await app.core.reminders.syncNow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const count = app.notifications.length;

    // Thirty days before the three keys would have expired; the rotated one's successor is newer.
    app.clock.set(new Date(Date.parse(kept.expiresAt) - 30 * DAY_MS + 60_000));
    await until(() => app.notifications.length > count, 'the reminder for the kept key');
    await app.core.reminders.syncNow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(app.notifications.slice(count).map((n) => n.body.split(' (')[0])).toEqual(['Kept']);
  });

  it('retries an unreachable service after 30 s rather than the full interval, and sees it back', async () => {
    const connection = async () =>
      (await app.call('workspaces:list')).find((workspace) => workspace.id === remoteWorkspaceId)?.connection;
    const port = remote.port;
    await remote.close();
    expect(await app.core.reminders.syncNow()).toEqual({ synced: 1, unreachable: 1 });
    expect(await connection()).toBe('offline');

    remote = await startServer({ dataDir: remoteDir, port, clock: app.clock });
    app.clock.advance(20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await connection()).toBe('offline');
    app.clock.advance(11_000);
    const deadline = Date.now() + 5000;
    while ((await connection()) !== 'online' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await connection()).toBe('online');
  });
});
