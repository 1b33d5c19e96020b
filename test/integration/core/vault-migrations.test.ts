/**
 * Upgrading the desktop vault: its database as an earlier release left it opens with everything
 * the user would miss (connected workspaces, their last known keys, external keys, settings),
 * a vault from a newer release is refused with a sentence, and a failed upgrade changes nothing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore, createDispatch, type Core } from '../../../src/main/core/index.ts';
import type { Notification } from '../../../src/main/core/ports.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/memory-secret-store.ts';
import { VAULT_DATABASE_FILE } from '../../../src/main/core/store/database.ts';
import { MIGRATIONS } from '../../../src/main/core/store/migrations/index.ts';
import type { ApiKey } from '../../../src/shared/api/index.ts';
import { ManualClock } from '../../../src/shared/clock.ts';
import type { IpcChannel, IpcOutput } from '../../../src/shared/ipc/index.ts';
import { RecordingClipboard, RecordingTray } from './core-fixture.ts';

const WORKSPACE_ID = 'ws_acmeProductionAcme1';
const KEY_ID = 'key_billingSyncBilling1';
const EXTERNAL_ID = 'ext_stripeBillingStripe';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A data folder whose vault database is at `version`, built as the release that wrote it did. */
function vaultAtVersion(version: number): { dataDir: string; db: Database.Database } {
  const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-vault-upgrade-'));
  folders.push(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, VAULT_DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  for (const migration of MIGRATIONS.slice(0, version)) migration.up(db);
  db.pragma(`user_version = ${version}`);
  return { dataDir, db };
}

const cachedKey: ApiKey = {
  id: KEY_ID,
  name: 'Billing sync',
  prefix: 'lsk_live_a1b',
  scope: 'scim',
  environment: 'live',
  options: null,
  status: 'active',
  createdAt: '2029-06-02T10:00:00.000Z',
  createdBy: { type: 'admin_token', id: 'tok_owner', name: 'Owner' },
  expiresAt: '2031-06-02T10:00:00.000Z',
  deletesAt: '2031-08-31T10:00:00.000Z',
  revokedAt: null,
  revokedReason: null,
  revokedBy: null,
  lastUsedAt: '2029-12-31T18:30:00.000Z',
  lastUsedIp: '203.0.113.0',
  rotatedFromId: null,
  rotatedToId: null,
  overlapEndsAt: null,
};

/**
 * What a user had in the vault with schema version 1: one service connected, one external key, a
 * setting. Written with version 1's columns only, so it fits every later schema too.
 */
function seedVersion1(db: Database.Database): void {
  db.prepare(
    `INSERT INTO workspaces (id, name, kind, url, role, created_at, last_synced_at, connection)
     VALUES (?, 'Acme production', 'remote', 'https://keys.acme.example', 'admin', '2029-06-01T09:00:00.000Z',
       '2029-12-31T19:00:00.000Z', 'online')`,
  ).run(WORKSPACE_ID);
  db.prepare(
    `INSERT INTO cached_keys (workspace_id, key_id, name, expires_at, revoked_at, created_at, body, cached_at)
     VALUES (?, ?, ?, ?, NULL, ?, ?, '2029-12-31T19:00:00.000Z')`,
  ).run(WORKSPACE_ID, KEY_ID, cachedKey.name, cachedKey.expiresAt, cachedKey.createdAt, JSON.stringify(cachedKey));
  db.prepare(
    `INSERT INTO external_keys (id, name, provider, preset_id, scope_label, environment, label, created_at,
       expires_at, deletes_at)
     VALUES (?, 'Stripe billing', 'Stripe', NULL, 'Full access', 'live', 'sk_live_…4242', '2029-07-01T08:00:00.000Z',
       '2030-07-01T08:00:00.000Z', '2030-09-29T08:00:00.000Z')`,
  ).run(EXTERNAL_ID);
  db.prepare("INSERT INTO settings (name, value) VALUES ('clipboardClearSeconds', '90')").run();
  db.prepare(
    "INSERT INTO vault_entries (workspace_id, key_id, stored_at) VALUES (?, ?, '2029-06-02T10:00:00.000Z')",
  ).run(WORKSPACE_ID, KEY_ID);
}

/** Opening a vault runs no program, whatever the exec port is asked. */
const noPrograms = {
  locate: async () => null,
  run: async (): Promise<never> => {
    throw new Error('Opening the vault runs no program.');
  },
};

/** The core as the app starts it, offline: the connected service can't be reached. */
async function start(
  dataDir: string,
  secrets = new MemorySecretStore(),
  options: { now?: string; notifications?: Notification[] } = {},
) {
  const core: Core = await createCore(
    {
      dataDir,
      clock: new ManualClock(new Date(options.now ?? '2030-01-01T12:00:00.000Z'), () => 0),
      secrets,
      keychainBackend: 'Memory (this session only)',
      notifier: { show: (notification) => options.notifications?.push(notification) },
      clipboard: new RecordingClipboard(),
      tray: new RecordingTray(),
      exec: noPrograms,
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
      appVersion: '0.0.0-test',
      platform: process.platform,
    },
    { embeddedWorkspace: false },
  );
  const dispatch = createDispatch(core.handlers, {
    onInternalError: (channel, error) => console.error(channel, error),
  });
  const call = async <C extends IpcChannel>(channel: C, input?: unknown): Promise<IpcOutput<C>> => {
    const result = await dispatch(channel, input);
    if (!result.ok) throw new Error(`${channel} failed with ${result.code}: ${result.message}`);
    return result.value as IpcOutput<C>;
  };
  return { core, call };
}

async function startFailure(dataDir: string): Promise<Error | null> {
  return start(dataDir).then(
    ({ core }) => core.dispose().then(() => null),
    (error: unknown) => error as Error,
  );
}

function inspect<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, VAULT_DATABASE_FILE), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const versionOf = (dataDir: string) => inspect(dataDir, (db) => db.pragma('user_version', { simple: true }));

/** Starts the core on the vault and checks that what `seedVersion1` wrote is all there for the user. */
async function expectVersion1DataIn(dataDir: string): Promise<void> {
  const secrets = new MemorySecretStore();
  await secrets.set(`${WORKSPACE_ID}/admin-token`, 'lsa_token-of-the-connected-service');
  await secrets.set(`${WORKSPACE_ID}/${KEY_ID}`, 'lsk_live_secret-of-billing-sync');
  await secrets.set(`external/${EXTERNAL_ID}`, 'sk_live_secret-of-stripe');
  const { core, call } = await start(dataDir, secrets);
  try {
    expect(await call('workspaces:list')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: WORKSPACE_ID, name: 'Acme production', url: 'https://keys.acme.example' }),
        expect.objectContaining({ id: 'external', keyCount: 1 }),
      ]),
    );
    const managed = await call('keys:list', { workspaceId: WORKSPACE_ID });
    expect(managed.keys).toEqual([
      expect.objectContaining({ id: KEY_ID, name: 'Billing sync', hasSecret: true, createdByName: 'Owner' }),
    ]);
    const external = await call('keys:list', { workspaceId: 'external' });
    expect(external.keys).toEqual([
      expect.objectContaining({ id: EXTERNAL_ID, name: 'Stripe billing', provider: 'Stripe', hasSecret: true }),
    ]);
    expect((await call('app:info')).settings).toEqual(expect.objectContaining({ clipboardClearSeconds: 90 }));
  } finally {
    await core.dispose();
  }
}

describe('upgrading the vault database', () => {
  it('001: a new, empty database file becomes a vault with the External keys collection', async () => {
    const { dataDir, db } = vaultAtVersion(0);
    db.close();
    const { core, call } = await start(dataDir);
    try {
      expect(await call('workspaces:list')).toEqual([
        expect.objectContaining({ id: 'external', name: 'External keys', kind: 'external', keyCount: 0 }),
      ]);
      expect((await call('app:info')).settings).toEqual(expect.objectContaining({ clipboardClearSeconds: 30 }));
    } finally {
      await core.dispose();
    }
    expect(versionOf(dataDir)).toBe(MIGRATIONS.length);
  });

  it("002: a vault from version 1 gains destinations: a key's secret is pushed to one and its history kept", async () => {
    const { dataDir, db } = vaultAtVersion(1);
    seedVersion1(db);
    db.close();
    const envFile = join(dataDir, 'deploy.env');
    const secrets = new MemorySecretStore();
    await secrets.set(`external/${EXTERNAL_ID}`, 'sk_live_secret-of-stripe');
    const stripe = { workspaceId: 'external', keyId: EXTERNAL_ID };
    const billing = { workspaceId: WORKSPACE_ID, keyId: KEY_ID };
    const first = await start(dataDir, secrets);
    try {
      expect(await first.call('targets:list', stripe)).toEqual([]);
      const dotenv = { path: envFile, name: 'STRIPE_KEY' };
      await first.call('targets:add', { owner: stripe, kind: 'dotenv', label: 'deploy .env', config: dotenv });
      const github = { secretName: 'BILLING_KEY', scope: { level: 'repository', repo: 'acme/billing' } };
      await first.call('targets:add', { owner: billing, kind: 'github', label: 'CI', config: github });
    } finally {
      await first.core.dispose();
    }
    expect(versionOf(dataDir)).toBe(MIGRATIONS.length);

    const second = await start(dataDir, secrets);
    try {
      const [dotenv] = await second.call('targets:list', stripe);
      expect(dotenv).toMatchObject({ kind: 'dotenv', label: 'deploy .env', config: { name: 'STRIPE_KEY' } });
      expect(await second.call('targets:list', billing)).toEqual([
        expect.objectContaining({ kind: 'github', label: 'CI', unreadable: null }),
      ]);
      expect(await second.call('targets:test', { targetId: dotenv!.id })).toMatchObject({ state: 'signed_in' });

      // Rotating the external key pushes the new secret there, and the push joins the key's history.
      const rotation = await second.call('rotations:start', stripe);
      await second.call('rotations:provideSecret', { rotationId: rotation.id, secret: 'sk_live_new-secret-of-stripe' });
      const pushed = await second.call('rotations:distribute', { rotationId: rotation.id });
      expect(pushed.targets.map((target) => target.state)).toEqual(['done']);
      expect(readFileSync(envFile, 'utf8')).toBe('STRIPE_KEY=sk_live_new-secret-of-stripe\n');
      const successor = { workspaceId: 'external', keyId: pushed.successor!.keyId };
      expect(await second.call('keys:pushHistory', successor)).toEqual([
        expect.objectContaining({ targetKind: 'dotenv', targetLabel: 'deploy .env', outcome: 'ok' }),
      ]);
    } finally {
      await second.core.dispose();
    }
  });

  it('003: a vault from version 2 gains reminders: its destinations stay, and its keys are watched once each', async () => {
    const { dataDir, db } = vaultAtVersion(2);
    seedVersion1(db);
    db.prepare(
      `INSERT INTO secret_targets (id, workspace_id, key_id, kind, label, config, created_at, updated_at)
       VALUES ('tgt_deployEnvDeploy01', 'external', ?, 'dotenv', 'deploy .env', ?, ?, ?)`,
    ).run(
      EXTERNAL_ID,
      JSON.stringify({ path: join(dataDir, 'deploy.env'), name: 'STRIPE_KEY' }),
      '2029-08-01T09:00:00.000Z',
      '2029-08-01T09:00:00.000Z',
    );
    db.close();
    // 26 days before the Stripe key expires (1 Jul 2030): its 30-day reminder is due.
    const now = '2030-06-05T12:00:00.000Z';
    const notifications: Notification[] = [];
    const first = await start(dataDir, new MemorySecretStore(), { now, notifications });
    try {
      await first.core.reminders.whenStarted();
      expect(notifications).toEqual([
        expect.objectContaining({
          body: expect.stringContaining('Stripe billing (External keys) expires on 1 Jul 2030'),
          target: { workspaceId: 'external', keyId: EXTERNAL_ID, action: 'rotate' },
        }),
      ]);
      await first.call('reminders:setThresholds', { workspaceId: WORKSPACE_ID, thresholdDays: [14, 60] });
      await first.call('reminders:setRotationPolicy', {
        workspaceId: WORKSPACE_ID,
        keyId: KEY_ID,
        rotateEveryDays: 90,
      });
      expect(await first.call('targets:list', { workspaceId: 'external', keyId: EXTERNAL_ID })).toEqual([
        expect.objectContaining({ id: 'tgt_deployEnvDeploy01', kind: 'dotenv', label: 'deploy .env' }),
      ]);
    } finally {
      await first.core.dispose();
    }
    expect(versionOf(dataDir)).toBe(MIGRATIONS.length);

    const second = await start(dataDir, new MemorySecretStore(), { now, notifications });
    try {
      await second.core.reminders.whenStarted();
      // The Stripe reminder is not shown again; the policy set before makes Billing sync overdue.
      expect(notifications.map((notification) => notification.body)).toEqual([
        'Stripe billing (External keys) expires on 1 Jul 2030. Rotate it before then.',
        'Billing sync (Acme production) was due for rotation on 31 Aug 2029 (it is rotated every 90 days). Rotate it now.',
      ]);
      expect(await second.call('reminders:thresholds', { workspaceId: WORKSPACE_ID })).toEqual({
        workspaceId: WORKSPACE_ID,
        thresholdDays: [60, 14],
      });
      const { keys } = await second.call('reminders:overview');
      expect(keys).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ workspaceId: WORKSPACE_ID, keyId: KEY_ID, rotateEveryDays: 90 }),
        ]),
      );
    } finally {
      await second.core.dispose();
    }
  });

  it('004: a vault from version 3 gains rotations; an unfinished one shows after start, and a key has one at a time', async () => {
    const { dataDir, db } = vaultAtVersion(3);
    seedVersion1(db);
    db.close();
    const first = await start(dataDir);
    try {
      expect(await first.call('rotations:list')).toEqual([]);
    } finally {
      await first.core.dispose();
    }
    expect(versionOf(dataDir)).toBe(MIGRATIONS.length);

    // An external key's rotation interrupted after its new secret was saved, as version 4 writes it.
    const write = new Database(join(dataDir, VAULT_DATABASE_FILE));
    const at = '2029-12-31T10:00:00.000Z';
    const step = (state: string) => ({ state, problem: null, at });
    const insert = write.prepare(
      `INSERT INTO rotations (id, workspace_id, key_id, key_name, key_label, kind, mode, status, successor_key_id,
         successor_label, steps, verify, started_at, updated_at)
       VALUES (?, 'external', ?, 'Stripe billing', 'sk_live_…4242', 'external', 'standard', 'in_progress',
         'ext_stripeBillingNew', 'sk_l…', ?, ?, ?, ?)`,
    );
    const steps = JSON.stringify({
      create: step('done'),
      distribute: step('pending'),
      verify: step('skipped'),
      retire: step('pending'),
    });
    const verify = JSON.stringify({
      newKeyFirstUseAt: null,
      oldKeyLastUseAt: null,
      oldKeyLastUseIp: null,
      checkedAt: null,
    });
    insert.run('rot_stripe', EXTERNAL_ID, steps, verify, at, at);
    expect(() => insert.run('rot_stripeAgain', EXTERNAL_ID, steps, verify, at, at)).toThrow(/UNIQUE/);
    write.close();

    const second = await start(dataDir);
    try {
      expect(await second.call('rotations:list')).toEqual([
        expect.objectContaining({
          id: 'rot_stripe',
          kind: 'external',
          keyId: EXTERNAL_ID,
          keyName: 'Stripe billing',
          status: 'in_progress',
          step: 'distribute',
          successor: { keyId: 'ext_stripeBillingNew', label: 'sk_l…' },
          retire: expect.objectContaining({ options: ['revoked_at_provider'] }),
        }),
      ]);
    } finally {
      await second.core.dispose();
    }
  });

  it('005: a vault from version 4 gains the audit log: what the app does is kept, each workspace syncs from seq 0', async () => {
    const { dataDir, db } = vaultAtVersion(4);
    seedVersion1(db);
    db.close();
    const secrets = new MemorySecretStore();
    await secrets.set(`${WORKSPACE_ID}/admin-token`, 'lsa_token-of-the-connected-service');
    await secrets.set(`external/${EXTERNAL_ID}`, 'sk_live_secret-of-stripe');
    const first = await start(dataDir, secrets);
    try {
      expect(await first.call('audit:query', {})).toEqual({ entries: [], nextCursor: null });
      await first.call('keys:copy', { workspaceId: 'external', keyId: EXTERNAL_ID });
    } finally {
      await first.core.dispose();
    }
    expect(versionOf(dataDir)).toBe(MIGRATIONS.length);

    const second = await start(dataDir, secrets);
    try {
      const { entries } = await second.call('audit:query', {});
      expect(entries).toEqual([
        expect.objectContaining({
          workspaceId: 'external',
          source: 'local',
          type: 'secret.copied',
          keyId: EXTERNAL_ID,
          keyLabel: 'sk_live_…4242',
          details: expect.objectContaining({ keyName: 'Stripe billing' }),
        }),
      ]);
      expect(JSON.stringify(entries)).not.toContain('sk_live_secret-of-stripe');
      // Offline: the connected service is listed with nothing synced yet and why.
      const status = await second.call('audit:sync', { workspaceId: WORKSPACE_ID });
      expect(status.workspaces).toEqual([
        expect.objectContaining({
          workspaceId: WORKSPACE_ID,
          lastSeq: 0,
          breaks: [],
          error: expect.stringContaining("Can't reach keys.acme.example"),
        }),
      ]);
    } finally {
      await second.core.dispose();
    }
  });

  it('a vault from version 1 keeps its workspaces, keys, external keys and settings through every later migration', async () => {
    const { dataDir, db } = vaultAtVersion(1);
    seedVersion1(db);
    db.close();
    await expectVersion1DataIn(dataDir);
    expect(versionOf(dataDir)).toBe(MIGRATIONS.length);
  });

  it('opens a vault already at the current version without running a migration again', async () => {
    const { dataDir, db } = vaultAtVersion(MIGRATIONS.length);
    seedVersion1(db);
    db.close();
    await expectVersion1DataIn(dataDir);
    expect(versionOf(dataDir)).toBe(MIGRATIONS.length);
  });

  it('refuses a vault written by a newer version with a sentence, and leaves it as it was', async () => {
    const { dataDir, db } = vaultAtVersion(MIGRATIONS.length);
    seedVersion1(db);
    db.exec('CREATE TABLE rotation_plans (key_id TEXT PRIMARY KEY)');
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    const failure = await startFailure(dataDir);
    expect(failure?.message).toBe(
      `Keywarden's database (${join(dataDir, VAULT_DATABASE_FILE)}) was written by a newer version of Keywarden, ` +
        "which this version can't read safely. Install the newer version again to open it; the file is left as it was.",
    );
    expect(versionOf(dataDir)).toBe(MIGRATIONS.length + 1);
    expect(inspect(dataDir, (db) => db.prepare('SELECT COUNT(*) AS n FROM cached_keys').get())).toEqual({ n: 1 });
  });

  it('rolls a failed upgrade back whole, so the vault stays at the version before it', async () => {
    // A table left by some other program makes the first migration fail halfway through.
    const { dataDir, db } = vaultAtVersion(0);
    db.exec("CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT); INSERT INTO settings VALUES ('theme', 'dark')");
    db.close();
    const failure = await startFailure(dataDir);
    expect(failure?.message).toMatch(/^Keywarden can't use its data folder .*table settings already exists/);
    expect(versionOf(dataDir)).toBe(0);
    const tables = inspect(dataDir, (db) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all());
    expect(tables).toEqual([{ name: 'settings' }]);
  });
});
