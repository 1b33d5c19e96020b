/**
 * Upgrading the service: each migration runs on a database an earlier release filled, and what
 * its admins would miss afterwards (tokens, keys, usage, audit trail) is still there.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { initWorkspace, startServer, type RunningServer, type StartServerOptions } from '../../../src/server/index.ts';
import { databasePath } from '../../../src/server/storage/sqlite/database.ts';
import { MIGRATIONS } from '../../../src/server/storage/sqlite/migrations/index.ts';
import { AuditFeedResponse, WebhookDeliveriesResponse } from '../../../src/shared/api/index.ts';
import { verifyAuditChain } from '../../../src/shared/audit-chain.ts';
import { ManualClock } from '../../../src/shared/clock.ts';
import { sha256Hex } from '../../../src/server/domain/sha256.ts';
import {
  CI_TOKEN_ID,
  databaseAtVersion,
  KEY_ID,
  OWNER_TOKEN_ID,
  seedWorkspace,
  WORKSPACE_ID,
  type EarlierWorkspace,
} from './earlier-releases.ts';
import { DAY } from './helpers.ts';
import { SmtpReceiver } from './smtp-receiver.ts';

const BIN = join(import.meta.dirname, '../../../bin/keywarden-server.mjs');
const clock = new ManualClock(new Date('2030-01-01T12:00:00.000Z'), () => 0);

let running: RunningServer | null = null;
const dataDirs: string[] = [];
afterEach(async () => {
  await running?.close();
  running = null;
  for (const dataDir of dataDirs.splice(0)) rmSync(dirname(dataDir), { recursive: true, force: true });
});

/** A workspace filled by the release whose schema is `version`, closed as that release left it. */
function earlierWorkspace(version: number, lastWords?: (db: Database.Database) => void): EarlierWorkspace {
  const { dataDir, db } = databaseAtVersion(version);
  dataDirs.push(dataDir);
  const workspace = seedWorkspace(db, dataDir);
  lastWords?.(db);
  db.close();
  return workspace;
}

async function serve(dataDir: string, options: Partial<StartServerOptions> = {}) {
  running = await startServer({ dataDir, port: 0, clock, lifecycleIntervalMs: 3_600_000, ...options });
  const url = running.url;
  return async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON fields of responses
    return { status: response.status, body: (await response.json()) as any };
  };
}

/** Reads the database file directly, after the service has closed it. */
function inspect<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(databasePath(dataDir), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const versionOf = (dataDir: string) => inspect(dataDir, (db) => db.pragma('user_version', { simple: true }));
const columnsOf = (dataDir: string, table: string) =>
  inspect(dataDir, (db) => (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));

describe('upgrading the service database', () => {
  it('001: a new, empty database file becomes a workspace the owner can use', async () => {
    const { dataDir, db } = databaseAtVersion(0);
    dataDirs.push(dataDir);
    db.close();
    const { ownerToken } = await initWorkspace({ dataDir, name: 'Fresh', clock });
    const call = await serve(dataDir);
    expect((await call('GET', '/v1/workspace', ownerToken)).body).toMatchObject({ name: 'Fresh' });
    expect((await call('GET', '/v1/api-keys', ownerToken)).body.data).toEqual([]);
  });

  it("002: every use recorded before still counts once in the key's usage, and new uses count beside them", async () => {
    const before = earlierWorkspace(1);
    const call = await serve(before.dataDir);
    const usage = await call('GET', `/v1/api-keys/${KEY_ID}/usage?days=3`, before.ownerToken);
    expect(usage.body).toMatchObject({
      days: [
        { date: '2029-12-30', requests: 2 },
        { date: '2029-12-31', requests: 1 },
        { date: '2030-01-01', requests: 0 },
      ],
      totalRequests: 3,
      lastUsedAt: '2029-12-31T18:30:00.000Z',
      lastUsedIp: '203.0.113.0',
    });

    const verified = await call('POST', '/v1/verify', before.ciToken, { key: before.keySecret, ip: '203.0.113.7' });
    expect(verified.body).toMatchObject({ valid: true, apiKey: { id: KEY_ID } });
    const after = await call('GET', `/v1/api-keys/${KEY_ID}/usage?days=3`, before.ownerToken);
    expect(after.body.totalRequests).toBe(4);
    expect(after.body.lastUsedAt).toBe('2030-01-01T12:00:00.000Z');

    await running?.close();
    running = null;
    const uses = inspect(before.dataDir, (db) =>
      db.prepare('SELECT at, requests FROM key_uses WHERE key_id = ? ORDER BY at').all(KEY_ID),
    );
    expect(uses).toEqual([
      { at: '2029-12-30T08:00:00.000Z', requests: 1 },
      { at: '2029-12-30T09:00:00.000Z', requests: 1 },
      { at: '2029-12-31T18:30:00.000Z', requests: 1 },
      { at: '2030-01-01T12:00:00.000Z', requests: 1 },
    ]);
    expect(versionOf(before.dataDir)).toBe(MIGRATIONS.length);
  });

  it('003: every admin token still works, none shows as revoked, and an owner can revoke one afterwards', async () => {
    const before = earlierWorkspace(2);
    const call = await serve(before.dataDir);
    const ci = await call('GET', '/v1/api-keys', before.ciToken);
    expect(ci.status).toBe(200);
    expect(ci.body.data).toEqual([expect.objectContaining({ id: KEY_ID, name: 'Billing sync', status: 'active' })]);

    const tokens = await call('GET', '/v1/admin-tokens', before.ownerToken);
    expect(tokens.body.data).toEqual([
      expect.objectContaining({ id: OWNER_TOKEN_ID, name: 'Owner', role: 'owner', revokedAt: null }),
      expect.objectContaining({ id: CI_TOKEN_ID, name: 'CI pipeline', role: 'admin', revokedAt: null }),
    ]);

    expect((await call('POST', `/v1/admin-tokens/${CI_TOKEN_ID}/revoke`, before.ownerToken)).status).toBe(200);
    expect((await call('GET', '/v1/api-keys', before.ciToken)).status).toBe(401);
  });

  it('004: every admin token still works, and an owner token made afterwards carries the address expiry emails go to', async () => {
    const before = earlierWorkspace(3);
    const receiver = await SmtpReceiver.start();
    try {
      const call = await serve(before.dataDir, { mail: { smtpUrl: receiver.url, from: 'Keywarden <keys@acme.test>' } });
      for (const token of [before.ownerToken, before.ciToken]) {
        expect((await call('GET', '/v1/api-keys', token)).status).toBe(200);
      }
      const minted = await promisify(execFile)(process.execPath, [
        BIN,
        ...['token', 'create', '--data', before.dataDir, '--role', 'owner', '--name', 'Ops lead'],
        ...['--email', 'ops@acme.test'],
      ]);
      expect(minted.stdout).toContain('Expiry emails go to ops@acme.test.');
      const opsToken = /lsa_\w+/.exec(minted.stdout)?.[0] ?? '';
      const tokens = await call('GET', '/v1/admin-tokens', opsToken);
      expect(tokens.body.data.map((token: { name: string }) => token.name).sort()).toEqual([
        'CI pipeline',
        'Ops lead',
        'Owner',
      ]);

      // The outbox: a key expiring within a month is emailed about once, to the owner with an address.
      const expiresAt = new Date(clock.now().getTime() + 10 * DAY).toISOString();
      await call('POST', '/v1/api-keys', before.ownerToken, { name: 'Short-lived', scope: 'scim', expiresAt });
      await running?.runLifecycle();
      await running?.runLifecycle();
      const [mail] = await receiver.waitFor(1);
      expect(mail).toMatchObject({ to: ['ops@acme.test'], subject: expect.stringContaining('"Short-lived"') });
      expect(receiver.messages).toHaveLength(1);
    } finally {
      await running?.close();
      running = null;
      await receiver.close();
    }
    const outbox = inspect(before.dataDir, (db) =>
      db.prepare('SELECT recipient, notice, attempts, sent_at IS NOT NULL AS sent FROM email_outbox').all(),
    );
    expect(outbox).toEqual([{ recipient: 'ops@acme.test', notice: 'expiring', attempts: 1, sent: 1 }]);
    const emails = inspect(before.dataDir, (db) =>
      db.prepare('SELECT name, email FROM admin_tokens ORDER BY created_at, name').raw().all(),
    );
    expect(emails).toEqual(
      expect.arrayContaining([
        ['Owner', null],
        ['CI pipeline', null],
        ['Ops lead', 'ops@acme.test'],
      ]),
    );
  });

  it('005: events written before are chained in the order they were committed, equal timestamps included, and new ones chain on', async () => {
    const before = earlierWorkspace(4, (db) => {
      const insert = db.prepare(
        `INSERT INTO audit_events (id, type, at, actor_type, actor_id, actor_name, key_id, key_prefix, ip, user_agent, details)
         VALUES (?, ?, '2029-12-31T23:00:00.000Z', 'admin_token', ?, 'Owner', ?, 'lsk_live_x', NULL, NULL, ?)`,
      );
      insert.run('evt_zzzzRenamedFirst001', 'key.updated', OWNER_TOKEN_ID, KEY_ID, '{"name":"Billing sync"}');
      insert.run('evt_aaaaRevokedSecond1', 'key.revoked', OWNER_TOKEN_ID, KEY_ID, '{"reason":"rotated by hand"}');
    });
    const call = await serve(before.dataDir);
    const trail = AuditFeedResponse.parse((await call('GET', '/v1/audit', before.ownerToken)).body).data;
    expect(trail.map((event) => [event.seq, event.id])).toEqual([
      [1, 'evt_createdCreated0001'],
      [2, 'evt_zzzzRenamedFirst001'],
      [3, 'evt_aaaaRevokedSecond1'],
    ]);
    const chained = verifyAuditChain(trail, sha256Hex);
    expect(chained).toMatchObject({ intact: true, checked: 3 });

    await call('POST', '/v1/api-keys', before.ownerToken, { name: 'After the upgrade', scope: 'scim' });
    const next = AuditFeedResponse.parse((await call('GET', '/v1/audit?after=3', before.ownerToken)).body).data;
    expect(next.map((event) => [event.seq, event.type])).toEqual([[4, 'key.created']]);
    expect(verifyAuditChain(next, sha256Hex, chained.head)).toMatchObject({ intact: true, checked: 1 });
    expect((await call('GET', '/v1/audit/head', before.ownerToken)).body).toMatchObject({
      seq: 4,
      hash: next[0]?.hash,
    });

    await running?.close();
    running = null;
    const verified = await promisify(execFile)(process.execPath, [BIN, 'audit', 'verify', '--data', before.dataDir]);
    expect(verified.stdout).toMatch(/is intact: 4 events, last seq 4/);
  });

  it("006: a webhook's delivery log from before becomes its deliveries, each with the attempts it took", async () => {
    const before = earlierWorkspace(5, (db) => {
      db.prepare(
        `INSERT INTO webhooks (id, workspace_id, url, events, secret, created_at)
         VALUES ('whk_hookHookHookHook01', ?, 'https://hooks.example.test/k', '["key.created"]', 'whsec_c2VjcmV0', '2029-06-01T09:00:00.000Z')`,
      ).run(WORKSPACE_ID);
      const attempt = db.prepare(
        `INSERT INTO webhook_deliveries (id, webhook_id, event_id, attempt, at, status_code, error, delivered)
         VALUES (?, 'whk_hookHookHookHook01', 'evt_createdCreated0001', ?, ?, ?, ?, ?)`,
      );
      attempt.run('dlv_firstFirstFirst001', 1, '2029-06-02T10:00:01.000Z', 503, 'receiver answered 503', 0);
      attempt.run('dlv_secondSecondSecon1', 2, '2029-06-02T10:00:02.000Z', 503, 'receiver answered 503', 0);
      attempt.run('dlv_thirdThirdThird001', 3, '2029-06-02T10:00:27.000Z', 204, null, 1);
    });
    const call = await serve(before.dataDir);
    const listed = await call('GET', '/v1/webhooks/whk_hookHookHookHook01/deliveries', before.ownerToken);
    expect(WebhookDeliveriesResponse.parse(listed.body)).toEqual({
      data: [
        {
          id: 'dlv_firstFirstFirst001',
          webhookId: 'whk_hookHookHookHook01',
          eventId: 'evt_createdCreated0001',
          eventType: 'key.created',
          status: 'delivered',
          attempts: 3,
          responseCode: 204,
          error: null,
          nextAttemptAt: null,
          createdAt: '2029-06-02T10:00:01.000Z',
          lastAttemptAt: '2029-06-02T10:00:27.000Z',
          redeliveryOf: null,
        },
      ],
      nextCursor: null,
    });
    await running?.close();
    running = null;
    const attempts = inspect(before.dataDir, (db) =>
      db.prepare('SELECT delivery_id, attempt, status_code FROM webhook_attempts ORDER BY attempt').raw().all(),
    );
    expect(attempts).toEqual([
      ['dlv_firstFirstFirst001', 1, 503],
      ['dlv_firstFirstFirst001', 2, 503],
      ['dlv_firstFirstFirst001', 3, 204],
    ]);
  });

  it('opens a database already at the current version without running a migration again', async () => {
    const before = earlierWorkspace(MIGRATIONS.length);
    const call = await serve(before.dataDir);
    const keys = await call('GET', '/v1/api-keys', before.ownerToken);
    expect(keys.body.data).toEqual([
      expect.objectContaining({ id: KEY_ID, lastUsedAt: '2029-12-31T18:30:00.000Z', lastUsedIp: '203.0.113.0' }),
    ]);
    const audit = await call('GET', `/v1/audit-events?keyId=${KEY_ID}`, before.ownerToken);
    expect(audit.body.data).toEqual([
      expect.objectContaining({
        type: 'key.created',
        actor: { type: 'admin_token', id: OWNER_TOKEN_ID, name: 'Owner' },
      }),
    ]);
    const workspace = await call('GET', '/v1/workspace', before.ownerToken);
    expect(workspace.body).toMatchObject({
      name: 'Acme',
      brand: 'Acme Cloud',
      region: 'eu',
      scimCustomAttributes: true,
    });
    expect(versionOf(before.dataDir)).toBe(MIGRATIONS.length);
  });

  it('refuses a database written by a newer version, says so, and leaves it as it was', async () => {
    const newer = MIGRATIONS.length + 1;
    const before = earlierWorkspace(MIGRATIONS.length, (db) => {
      db.exec('ALTER TABLE api_keys ADD COLUMN rotation_policy TEXT');
      db.pragma(`user_version = ${newer}`);
    });
    await expect(startServer({ dataDir: before.dataDir, port: 0, clock })).rejects.toMatchObject({
      code: 'database_too_new',
      message: expect.stringContaining(`The database in ${before.dataDir} was written by a newer version of Keywarden`),
    });

    const cli = await promisify(execFile)(process.execPath, [BIN, 'token', 'list', '--data', before.dataDir]).then(
      () => null,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(cli?.code).toBe(1);
    expect(cli?.stderr).toContain(
      `(schema version ${newer}; this version knows up to ${MIGRATIONS.length}) and is left untouched`,
    );
    expect(cli?.stderr).not.toMatch(/\n\s+at /);

    expect(versionOf(before.dataDir)).toBe(newer);
    expect(columnsOf(before.dataDir, 'api_keys')).toContain('rotation_policy');
  });

  it('rolls a failed upgrade back whole, so the database stays at the version before it', async () => {
    // A column added by hand makes the upgrade's second statement fail after its first succeeded.
    const before = earlierWorkspace(2, (db) => db.exec('ALTER TABLE admin_tokens ADD COLUMN last_used_at TEXT'));
    await expect(startServer({ dataDir: before.dataDir, port: 0, clock })).rejects.toThrow(
      /duplicate column name: last_used_at/,
    );
    expect(versionOf(before.dataDir)).toBe(2);
    expect(columnsOf(before.dataDir, 'admin_tokens')).not.toContain('revoked_at');
    expect(inspect(before.dataDir, (db) => db.prepare('SELECT COUNT(*) AS n FROM admin_tokens').get())).toEqual({
      n: 2,
    });
  });
});
