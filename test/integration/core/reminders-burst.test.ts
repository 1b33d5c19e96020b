/**
 * Reminders after a burst of key changes: every change asks for a pass and goes on without waiting
 * for it, and the changes made in one turn share one pass. So five keys saved at once, all due,
 * give one summary notification naming them, and the tray moves once; nothing fires twice; and a
 * pass after a change sees the key as it is now, although it reuses what it worked out before for
 * the keys that did not change. Real SQLite and the real key cache; no keychain is needed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../../src/main/core/ports.ts';
import { BackgroundSync } from '../../../src/main/core/reminders/background-sync.ts';
import { NO_ROTATION_IN_PROGRESS, RemindersService } from '../../../src/main/core/reminders/reminders-service.ts';
import { DueJobQueue } from '../../../src/main/core/scheduling/due-jobs.ts';
import { openVaultDatabase } from '../../../src/main/core/store/database.ts';
import { ExternalKeyRepository } from '../../../src/main/core/store/external-key-repository.ts';
import { KeyCacheRepository } from '../../../src/main/core/store/key-cache-repository.ts';
import { ReminderRepository } from '../../../src/main/core/store/reminder-repository.ts';
import { WatchedKeyRepository } from '../../../src/main/core/store/watched-key-repository.ts';
import { WorkspaceRepository } from '../../../src/main/core/store/workspace-repository.ts';
import { DAY_MS, type ApiKey } from '../../../src/shared/api/index.ts';
import { ManualClock } from '../../../src/shared/clock.ts';
import type { TrayMenu } from '../../../src/shared/reminders.ts';
import { RecordingTray } from './core-fixture.ts';

const WORKSPACE_ID = 'ws_acme';
const START = new Date('2031-03-01T09:00:00.000Z');

let dir: string;
let db: ReturnType<typeof openVaultDatabase>;
let clock: ManualClock;
let queue: DueJobQueue;
let cache: KeyCacheRepository;
let reminders: RemindersService;
let notifications: Notification[];
let tray: RecordingTray;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keywarden-reminders-burst-'));
  db = openVaultDatabase(dir);
  clock = new ManualClock(START);
  queue = new DueJobQueue(clock);
  const workspaces = new WorkspaceRepository(db);
  workspaces.save({
    id: WORKSPACE_ID,
    name: 'Acme',
    kind: 'remote',
    url: 'https://keys.acme.example',
    role: 'owner',
    createdAt: START.toISOString(),
  });
  cache = new KeyCacheRepository(db);
  // One key nowhere near its reminders, so the pass has a workspace to reuse.
  cache.put(WORKSPACE_ID, apiKey('key_calm', 'Calm', 200), START.toISOString());
  notifications = [];
  tray = new RecordingTray();
  reminders = new RemindersService({
    repository: new ReminderRepository(db),
    cache,
    externalKeys: new ExternalKeyRepository(db),
    watchedKeys: new WatchedKeyRepository(db),
    workspaces,
    notifier: { show: (notification) => notifications.push(notification) },
    tray,
    clock,
    queue,
    rotations: NO_ROTATION_IN_PROGRESS,
    sync: new BackgroundSync({
      workspaces,
      refresh: () => Promise.reject(new Error('nothing to sync here')),
      clock,
      queue,
      intervalMs: () => 15 * 60_000,
      onError: () => undefined,
    }),
  });
  reminders.start();
});

afterEach(() => {
  reminders.dispose();
  queue.dispose();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the app does when a key is saved: the cache gets it, and the reminders are asked for a pass. */
function keySaved(key: ApiKey): void {
  cache.put(WORKSPACE_ID, key, clock.now().toISOString());
  reminders.requestPass();
}

describe('reminders after a burst of key changes', () => {
  it('answers five key changes made at once with one pass: one summary, one tray update', async () => {
    expect(tray.calls).toEqual([{ count: 0, tooltip: 'Keywarden: no keys expire in the next 30 days' }]);
    const names = ['Billing API', 'CRM sync', 'Directory bridge', 'Mailer', 'Reports'];
    names.forEach((name, index) => keySaved(apiKey(`key_${index}`, name, 20 + index)));

    // The changes went on without waiting for the pass.
    expect(notifications).toEqual([]);
    await reminders.whenPassed();

    expect(notifications).toEqual([
      {
        title: '5 keys expire within 30 days',
        body: 'Billing API (Acme), CRM sync (Acme), Directory bridge (Acme) and 2 more. Open Keywarden to see them.',
        tag: 'reminder:summary',
        target: { action: 'dashboard' },
      },
    ]);
    expect(tray.calls).toEqual([
      { count: 0, tooltip: 'Keywarden: no keys expire in the next 30 days' },
      { count: 5, tooltip: 'Keywarden: 5 keys expire within 30 days' },
    ]);

    // Asked again with nothing new: nothing fires twice.
    reminders.requestPass();
    await reminders.whenPassed();
    expect(notifications).toHaveLength(1);
  });

  it('sees a key as it is after a change, and a key new to a threshold fires once', async () => {
    keySaved(apiKey('key_billing', 'Billing API', 20));
    await reminders.whenPassed();
    expect(notifications.map((n) => n.body)).toEqual([expect.stringMatching(/^Billing API \(Acme\) expires on /)]);
    expect(urgentLabels(tray.menu)).toEqual([expect.stringMatching(/^Billing API \(Acme\): expires on /)]);

    // Renamed, and its expiry moved closer: the menu says the new name, the 7-day reminder fires.
    keySaved(apiKey('key_billing', 'Billing (legacy)', 6));
    await reminders.whenPassed();
    expect(urgentLabels(tray.menu)).toEqual([expect.stringMatching(/^Billing \(legacy\) \(Acme\): expires on /)]);
    expect(notifications.map((n) => n.title)).toEqual(['A key expires in 20 days', 'A key expires in 6 days']);

    // Revoked: off the tray, and nothing more about it.
    keySaved({ ...apiKey('key_billing', 'Billing (legacy)', 6), revokedAt: clock.now().toISOString() });
    await reminders.whenPassed();
    expect(tray.last).toEqual({ count: 0, tooltip: 'Keywarden: no keys expire in the next 30 days' });
    clock.advance(7 * DAY_MS);
    reminders.requestPass();
    await reminders.whenPassed();
    expect(notifications).toHaveLength(2);
  });

  it('runs no pass once disposed', async () => {
    keySaved(apiKey('key_billing', 'Billing API', 3));
    reminders.dispose();
    await reminders.whenPassed();
    await new Promise((resolve) => setImmediate(resolve));
    expect(notifications).toEqual([]);
  });
});

function urgentLabels(menu: TrayMenu | undefined): string[] {
  return menu?.urgentKeys.map((entry) => entry.label) ?? [];
}

function apiKey(id: string, name: string, expiresInDays: number): ApiKey {
  const now = clock.now().getTime();
  return {
    id,
    name,
    prefix: 'lsk_live_abc',
    scope: 'scim',
    environment: 'live',
    options: null,
    status: 'active',
    createdAt: new Date(now - DAY_MS).toISOString(),
    createdBy: { type: 'admin_token', id: 'tok_admin', name: 'Admin' },
    expiresAt: new Date(now + expiresInDays * DAY_MS).toISOString(),
    deletesAt: new Date(now + (expiresInDays + 90) * DAY_MS).toISOString(),
    revokedAt: null,
    revokedReason: null,
    revokedBy: null,
    lastUsedAt: null,
    lastUsedIp: null,
    rotatedFromId: null,
    rotatedToId: null,
    overlapEndsAt: null,
  };
}
