/**
 * One contract, two backends: every repository behaves the same on SQLite (the default) and on
 * PostgreSQL (several nodes). The last block covers what only a shared database has to do: two
 * storages on one database stand for two nodes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.ts';
import { hashSecret, newId } from '../../../src/server/domain/ids.ts';
import { AuditService } from '../../../src/server/services/audit.ts';
import { AuditTrail, SYSTEM_CONTEXT } from '../../../src/server/services/audit-trail.ts';
import { WorkspaceService } from '../../../src/server/services/workspace.ts';
import { openPostgresStorage } from '../../../src/server/storage/postgres/index.ts';
import type {
  AdminTokenRecord,
  ApiKeyRecord,
  Storage,
  WorkspaceRecord,
} from '../../../src/server/storage/repositories.ts';
import { openSqliteStorage } from '../../../src/server/storage/sqlite/index.ts';
import { startTestPostgres, type TestPostgres } from '../../support/postgres.ts';

let postgres: TestPostgres;
const directories: string[] = [];

beforeAll(async () => {
  postgres = await startTestPostgres();
}, 60_000);

afterAll(async () => {
  await postgres.stop();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** `place` makes an empty data directory or database; `open` opens one, again for a second node. */
const BACKENDS: { name: string; place: () => Promise<string>; open: (place: string) => Promise<Storage> }[] = [
  {
    name: 'SQLite',
    place: async () => {
      const directory = mkdtempSync(join(tmpdir(), 'keywarden-conformance-'));
      directories.push(directory);
      return directory;
    },
    open: async (directory) => openSqliteStorage(directory),
  },
  { name: 'PostgreSQL', place: () => postgres.database(), open: (url) => openPostgresStorage(url) },
];

const clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'), () => 0);
const audit = new AuditTrail(clock, { publish: () => {} });
const at = (iso: string) => iso;

function workspace(): WorkspaceRecord {
  return {
    id: newId('ws'),
    name: 'Acme',
    brand: null,
    region: null,
    replyTo: null,
    scimCustomAttributes: false,
    createdAt: clock.now().toISOString(),
  };
}

function token(workspaceId: string, role: AdminTokenRecord['role'] = 'owner'): AdminTokenRecord {
  const id = newId('tok');
  return {
    id,
    workspaceId,
    name: `${role} ${id}`,
    role,
    tokenHash: hashSecret(id),
    prefix: 'lsa_x',
    createdAt: clock.now().toISOString(),
    lastUsedAt: null,
    revokedAt: null,
    email: null,
  };
}

function key(workspaceId: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  const id = newId('key');
  return {
    id,
    workspaceId,
    name: `key ${id}`,
    prefix: `lsk_live_${id.slice(-4)}`,
    secretHash: hashSecret(id),
    scope: 'public_api',
    environment: 'live',
    options: null,
    createdAt: clock.now().toISOString(),
    createdBy: { type: 'admin_token', id: 'tok_1', name: 'Owner' },
    expiresAt: '2030-06-01T00:00:00.000Z',
    revokedAt: null,
    revokedReason: null,
    revokedBy: null,
    lastUsedAt: null,
    lastUsedIp: null,
    rotatedFromId: null,
    rotatedToId: null,
    overlapEndsAt: null,
    expiringNoticeAt: null,
    expiredNoticeAt: null,
    overlapClosedAt: null,
    ...overrides,
  };
}

describe.each(BACKENDS)('storage on $name', ({ place, open }) => {
  let where: string;
  let storage: Storage;
  let ws: WorkspaceRecord;
  let owner: AdminTokenRecord;

  beforeEach(async () => {
    where = await place();
    storage = await open(where);
    ws = workspace();
    owner = token(ws.id);
    await storage.workspaces.create(ws, owner, [audit.event('workspace.updated', SYSTEM_CONTEXT, null)]);
    return () => storage.close();
  });

  it('keeps the workspace and its admin tokens; the last owner cannot be revoked', async () => {
    expect(await storage.workspaces.get()).toEqual(ws);
    const changed = { ...ws, name: 'Acme 2', scimCustomAttributes: true };
    expect(await storage.workspaces.update(ws.id, { name: 'Acme 2', scimCustomAttributes: true }, [])).toEqual(changed);
    expect(await storage.workspaces.get()).toEqual(changed);

    const auditor = token(ws.id, 'auditor');
    await storage.adminTokens.insert(auditor, []);
    expect(await storage.adminTokens.findByHash(auditor.tokenHash)).toEqual(auditor);
    expect((await storage.adminTokens.list()).map((t) => t.id)).toEqual([owner.id, auditor.id]);
    expect((await storage.adminTokens.listByRole('owner')).map((t) => t.id)).toEqual([owner.id]);
    await storage.adminTokens.markUsed(auditor.id, '2030-01-02T00:00:00.000Z');
    expect((await storage.adminTokens.findById(auditor.id))?.lastUsedAt).toBe('2030-01-02T00:00:00.000Z');

    expect((await storage.adminTokens.revoke(owner.id, at('2030-01-03T00:00:00.000Z'), () => [])).outcome).toBe(
      'last_owner',
    );
    expect((await storage.adminTokens.revoke(auditor.id, at('2030-01-03T00:00:00.000Z'), () => [])).outcome).toBe(
      'revoked',
    );
    expect((await storage.adminTokens.revoke(auditor.id, at('2030-01-04T00:00:00.000Z'), () => [])).outcome).toBe(
      'already_revoked',
    );
    expect((await storage.adminTokens.revoke('tok_nope', at('2030-01-04T00:00:00.000Z'), () => [])).outcome).toBe(
      'not_found',
    );
  });

  it('keeps both of two changes to different fields of the workspace made at once on two nodes', async () => {
    const other = await open(where);
    try {
      // Each node read the workspace before either changed it.
      const [a, b] = await Promise.all([WorkspaceService.load(storage, audit), WorkspaceService.load(other, audit)]);
      const toggle = b!.prepare(SYSTEM_CONTEXT, { scimCustomAttributes: true })!;
      const [renamed, branded] = await Promise.all([
        a!.update(SYSTEM_CONTEXT, { name: 'Acme Corp' }),
        b!.update(SYSTEM_CONTEXT, { brand: 'Acme Blue', region: 'eu' }),
        // A SCIM key created with the toggle commits it with the key, from the same old snapshot.
        other.transaction((writes) => writes.updateWorkspace(toggle.workspaceId, toggle.changes)),
      ]);
      const both = { name: 'Acme Corp', brand: 'Acme Blue', region: 'eu', scimCustomAttributes: true };
      expect(await storage.workspaces.get()).toEqual({ ...ws, ...both });
      // Each node answers with what the database holds after its write, never its old snapshot.
      expect(renamed).toMatchObject({ ok: true, value: { name: 'Acme Corp' } });
      expect(branded).toMatchObject({ ok: true, value: { brand: 'Acme Blue', region: 'eu' } });
      const updates = await storage.audit.list({ type: 'workspace.updated', limit: 10 });
      expect(updates.rows.map((event) => event.details).filter((details) => 'changes' in details)).toEqual(
        expect.arrayContaining([{ changes: { name: 'Acme Corp' } }, { changes: { brand: 'Acme Blue', region: 'eu' } }]),
      );
    } finally {
      await other.close();
    }
  });

  it('stores keys, pages them newest first, filters by status, rotates once and deletes', async () => {
    const keys: ApiKeyRecord[] = [];
    for (let i = 0; i < 5; i += 1) {
      clock.advance(1000);
      keys.push(key(ws.id, { expiresAt: i === 0 ? '2030-01-10T00:00:00.000Z' : '2030-06-01T00:00:00.000Z' }));
      await storage.apiKeys.insert(keys.at(-1)!, [audit.event('key.created', SYSTEM_CONTEXT, keys.at(-1)!)]);
    }
    const scimKey = key(ws.id, { scope: 'scim', options: { retrieveSignatures: true, sendDirectoryInfo: false } });
    await storage.transaction((writes) => {
      writes.updateWorkspace(ws.id, { scimCustomAttributes: true });
      writes.insertKey(scimKey);
    });
    expect((await storage.workspaces.get())?.scimCustomAttributes).toBe(true);
    // A failed insert (same secret) leaves the workspace and the audit trail as they were.
    const headBefore = await storage.audit.head();
    await expect(
      storage.transaction((writes) => {
        writes.updateWorkspace(ws.id, { scimCustomAttributes: false });
        writes.appendAudit([audit.event('workspace.updated', SYSTEM_CONTEXT, null)]);
        writes.insertKey({ ...key(ws.id), secretHash: scimKey.secretHash });
      }),
    ).rejects.toThrow();
    expect((await storage.workspaces.get())?.scimCustomAttributes).toBe(true);
    expect(await storage.audit.head()).toEqual(headBefore);

    expect(await storage.apiKeys.findBySecretHash(scimKey.secretHash)).toEqual(scimKey);
    const query = { now: clock.now().toISOString(), warnBefore: '2030-02-01T00:00:00.000Z', limit: 4 };
    const first = await storage.apiKeys.list(query);
    expect(first.rows).toHaveLength(4);
    const second = await storage.apiKeys.list({ ...query, after: first.next! });
    expect([...first.rows, ...second.rows].map((k) => k.id)).toEqual(
      [scimKey, ...[...keys].reverse()].map((k) => k.id),
    );
    expect(second.next).toBeNull();
    expect((await storage.apiKeys.list({ ...query, status: 'expiring' })).rows.map((k) => k.id)).toEqual([keys[0]!.id]);

    const successor = key(ws.id, { rotatedFromId: keys[1]!.id });
    const changes = { rotatedToId: successor.id, revokedAt: '2030-01-05T00:00:00.000Z' };
    expect(await storage.apiKeys.rotate(keys[1]!.id, changes, successor, [])).toBe(true);
    expect(await storage.apiKeys.rotate(keys[1]!.id, changes, key(ws.id), [])).toBe(false);
    expect((await storage.apiKeys.findById(keys[1]!.id))?.rotatedToId).toBe(successor.id);

    expect(
      (await storage.apiKeys.dueForExpiringNotice('2030-02-01T00:00:00.000Z', query.now)).map((k) => k.id),
    ).toEqual([keys[0]!.id]);
    await storage.apiKeys.update(keys[0]!.id, { expiringNoticeAt: query.now, name: 'renamed' }, []);
    expect(await storage.apiKeys.dueForExpiringNotice('2030-02-01T00:00:00.000Z', query.now)).toEqual([]);
    expect((await storage.apiKeys.findById(keys[0]!.id))?.name).toBe('renamed');

    await storage.apiKeys.delete(successor.id, [audit.event('key.deleted', SYSTEM_CONTEXT, successor)]);
    expect(await storage.apiKeys.findById(successor.id)).toBeNull();
    expect((await storage.apiKeys.findById(keys[1]!.id))?.rotatedToId).toBeNull();
  });

  it('chains the audit trail 1, 2, 3… and reads it back filtered, paged and from a seq', async () => {
    const k = key(ws.id);
    await storage.apiKeys.insert(k, [audit.event('key.created', SYSTEM_CONTEXT, k, { name: k.name })]);
    for (let i = 0; i < 4; i += 1) {
      clock.advance(1000);
      await storage.audit.append([audit.event('key.updated', SYSTEM_CONTEXT, k, { i, nested: { b: 1, a: [i] } })]);
    }
    const head = await storage.audit.head();
    expect(head?.seq).toBe(6);
    expect(await storage.audit.highestSeqIssued()).toBe(6);
    expect((await storage.audit.after(0, 100)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await storage.audit.after(4, 1)).map((e) => e.seq)).toEqual([5]);
    expect(await new AuditService(storage).verify()).toMatchObject({ intact: true, checked: 6 });

    const page = await storage.audit.list({ keyId: k.id, limit: 3 });
    expect(page.rows.map((e) => e.seq)).toEqual([6, 5, 4]);
    const rest = await storage.audit.list({ keyId: k.id, limit: 3, after: page.next! });
    expect(rest.rows.map((e) => e.seq)).toEqual([3, 2]);
    expect((await storage.audit.list({ type: 'key.created', limit: 10 })).rows[0]?.details).toEqual({ name: k.name });
  });

  it('adds usage batches up per day and moves the last use forward only', async () => {
    const k = key(ws.id);
    await storage.apiKeys.insert(k, []);
    const use = (atIso: string, requests: number, ip = '203.0.113.x') => ({
      keyId: k.id,
      at: atIso,
      ip,
      userAgent: 'curl',
      requests,
    });
    await storage.usage.recordBatch([use('2030-01-01T10:00:00.000Z', 3), use('2030-01-02T10:00:00.000Z', 1)]);
    await storage.usage.recordBatch([use('2030-01-01T11:00:00.000Z', 2, '198.51.100.x')]);
    await storage.usage.recordBatch([{ ...use('2030-01-01T12:00:00.000Z', 9), keyId: 'key_gone' }]);
    const counts = await storage.usage.dailyCounts(k.id, '2030-01-01', '2030-01-31');
    expect([...counts]).toEqual([
      ['2030-01-01', 5],
      ['2030-01-02', 1],
    ]);
    expect(await storage.apiKeys.findById(k.id)).toMatchObject({
      lastUsedAt: '2030-01-02T10:00:00.000Z',
      lastUsedIp: '203.0.113.x',
    });
    expect((await storage.usage.usesSince(k.id, '2030-01-01T10:30:00.000Z', 10)).map((u) => u.requests)).toEqual([
      1, 2,
    ]);
    expect(await storage.usage.pruneUsesBefore('2030-01-02T00:00:00.000Z')).toBe(2);
  });

  it('queues a delivery for each subscribed webhook with its event, and records attempts', async () => {
    const webhook = {
      id: newId('whk'),
      workspaceId: ws.id,
      url: 'https://hooks.example.com/in',
      events: ['key.revoked' as const],
      secret: 'whsec_x',
      createdAt: clock.now().toISOString(),
    };
    await storage.webhooks.insert(webhook, []);
    expect(await storage.webhooks.findById(webhook.id)).toEqual(webhook);
    const k = key(ws.id);
    const revoked = audit.event('key.revoked', SYSTEM_CONTEXT, k);
    await storage.apiKeys.insert(k, [audit.event('key.created', SYSTEM_CONTEXT, k), revoked]);
    const [deliveryId] = await storage.webhooks.pendingFor([revoked.id]);
    expect(deliveryId).toBeDefined();
    const job = await storage.webhooks.claim(deliveryId!, clock.now().toISOString(), '2030-01-01T00:01:00.000Z');
    expect(job?.event.id).toBe(revoked.id);
    expect(job?.webhook.secret).toBe('whsec_x');
    const outcome = await storage.webhooks.recordAttempt(
      {
        deliveryId: deliveryId!,
        webhookId: webhook.id,
        eventId: revoked.id,
        attempt: 1,
        at: clock.now().toISOString(),
        statusCode: 204,
        error: null,
        delivered: true,
      },
      { status: 'delivered', nextAttemptAt: null },
      job!.claimToken,
    );
    expect(outcome).toBe('recorded');
    expect(await storage.webhooks.pending()).toEqual([]);
    expect(await storage.webhooks.claim(deliveryId!, clock.now().toISOString(), '2030-01-01T00:01:00.000Z')).toBeNull();
    const delivery = await storage.webhooks.findDelivery(webhook.id, deliveryId!);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, responseCode: 204, eventType: 'key.revoked' });
    await storage.webhooks.redeliver(delivery!, newId('dlv'), clock.now().toISOString());
    expect((await storage.webhooks.deliveries(webhook.id, 10)).rows).toHaveLength(2);
    expect((await storage.webhooks.attempts(webhook.id)).map((a) => a.delivered)).toEqual([true]);
    await storage.webhooks.delete(webhook.id, []);
    expect(await storage.webhooks.pending()).toEqual([]);
  });

  it('queues each owner email once and records how it went', async () => {
    const message = {
      id: newId('mail'),
      keyId: 'key_1',
      keyPrefix: 'lsk_live_1',
      notice: 'expiring' as const,
      recipient: 'ops@example.com',
      subject: 'Key expires',
      body: 'Soon.',
      createdAt: clock.now().toISOString(),
      nextAttemptAt: clock.now().toISOString(),
    };
    expect(await storage.emailOutbox.enqueue([message, { ...message, id: newId('mail') }])).toBe(1);
    expect(await storage.emailOutbox.enqueue([{ ...message, id: newId('mail') }])).toBe(0);
    expect((await storage.emailOutbox.due(clock.now().toISOString(), 10)).map((m) => m.id)).toEqual([message.id]);
    await storage.emailOutbox.markAttemptFailed(
      message.id,
      { attempts: 1, error: 'refused', nextAttemptAt: '2030-02-01T00:00:00.000Z', failedAt: null },
      [],
    );
    expect(await storage.emailOutbox.due(clock.now().toISOString(), 10)).toEqual([]);
    await storage.emailOutbox.markSent(message.id, 2, clock.now().toISOString(), []);
    expect(await storage.emailOutbox.due('2031-01-01T00:00:00.000Z', 10)).toEqual([]);
  });

  it('answers the health check', async () => {
    await expect(storage.ping()).resolves.toBeUndefined();
  });
});

describe('two nodes on one PostgreSQL database', () => {
  let url: string;
  let a: Storage;
  let b: Storage;

  beforeEach(async () => {
    url = await postgres.database();
    [a, b] = await Promise.all([openPostgresStorage(url), openPostgresStorage(url)]);
    const ws = workspace();
    await a.workspaces.create(ws, token(ws.id), []);
    return async () => {
      await a.close();
      await b.close();
    };
  });

  it('appends events from both nodes at once to one unbroken chain', async () => {
    const writes = [];
    for (let i = 0; i < 40; i += 1) {
      const node = i % 2 === 0 ? a : b;
      writes.push(node.audit.append([audit.event('key.updated', SYSTEM_CONTEXT, null, { i })]));
    }
    await Promise.all(writes);
    expect((await b.audit.after(0, 100)).map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await new AuditService(a).verify()).toMatchObject({ intact: true, checked: 40 });
  });

  it('gives a delivery to one node at a time, and to another once the lease ran out', async () => {
    const ws = (await a.workspaces.get())!;
    const webhookId = newId('whk');
    await a.webhooks.insert(
      {
        id: webhookId,
        workspaceId: ws.id,
        url: 'https://x.example',
        events: ['key.updated'],
        secret: 's',
        createdAt: '',
      },
      [],
    );
    const event = audit.event('key.updated', SYSTEM_CONTEXT, null);
    await a.audit.append([event]);
    const [deliveryId] = await a.webhooks.pendingFor([event.id]);
    const now = '2030-01-01T00:00:00.000Z';
    const claims = await Promise.all([
      a.webhooks.claim(deliveryId!, now, '2030-01-01T00:00:30.000Z'),
      b.webhooks.claim(deliveryId!, now, '2030-01-01T00:00:30.000Z'),
    ]);
    expect(claims.filter((job) => job !== null)).toHaveLength(1);
    expect(await b.webhooks.claim(deliveryId!, '2030-01-01T00:00:29.000Z', '2030-01-01T00:01:00.000Z')).toBeNull();
    expect(await b.webhooks.claim(deliveryId!, '2030-01-01T00:00:30.000Z', '2030-01-01T00:01:00.000Z')).not.toBeNull();
  });

  it("keeps the result of the node that claimed a delivery after another's lease ran out", async () => {
    const ws = (await a.workspaces.get())!;
    const webhookId = newId('whk');
    await a.webhooks.insert(
      {
        id: webhookId,
        workspaceId: ws.id,
        url: 'https://x.example',
        events: ['key.updated'],
        secret: 's',
        createdAt: '',
      },
      [],
    );
    const event = audit.event('key.updated', SYSTEM_CONTEXT, null);
    await a.audit.append([event]);
    const [deliveryId] = await a.webhooks.pendingFor([event.id]);
    const attempt = (at: string, statusCode: number) => ({
      deliveryId: deliveryId!,
      webhookId,
      eventId: event.id,
      attempt: 1,
      at,
      statusCode,
      error: statusCode < 300 ? null : `HTTP ${statusCode}`,
      delivered: statusCode < 300,
    });
    const slow = await a.webhooks.claim(deliveryId!, '2030-01-01T00:00:00.000Z', '2030-01-01T00:00:15.000Z');
    // A's attempt outlives its lease: B takes the delivery over and sends it.
    const taken = await b.webhooks.claim(deliveryId!, '2030-01-01T00:00:15.000Z', '2030-01-01T00:00:30.000Z');
    expect(taken?.claimToken).not.toBe(slow?.claimToken);
    expect(
      await b.webhooks.recordAttempt(
        attempt('2030-01-01T00:00:16.000Z', 204),
        { status: 'delivered', nextAttemptAt: null },
        taken!.claimToken,
      ),
    ).toBe('recorded');
    // A's answer finally comes back, a failure to retry: it must not undo B's delivery.
    expect(
      await a.webhooks.recordAttempt(
        attempt('2030-01-01T00:00:17.000Z', 500),
        { status: 'pending', nextAttemptAt: '2030-01-01T00:00:18.000Z' },
        slow!.claimToken,
      ),
    ).toBe('lease_lost');
    expect(await a.webhooks.findDelivery(webhookId, deliveryId!)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      responseCode: 204,
      nextAttemptAt: null,
    });
    expect(await a.webhooks.pending()).toEqual([]);
    expect((await a.webhooks.attempts(webhookId)).map((row) => [row.at, row.statusCode])).toEqual([
      ['2030-01-01T00:00:16.000Z', 204],
    ]);
  });

  it('drops a late result while the node that took the delivery over is still sending it', async () => {
    const ws = (await a.workspaces.get())!;
    const webhookId = newId('whk');
    await a.webhooks.insert(
      {
        id: webhookId,
        workspaceId: ws.id,
        url: 'https://x.example',
        events: ['key.updated'],
        secret: 's',
        createdAt: '',
      },
      [],
    );
    const event = audit.event('key.updated', SYSTEM_CONTEXT, null);
    await a.audit.append([event]);
    const [deliveryId] = await a.webhooks.pendingFor([event.id]);
    const slow = await a.webhooks.claim(deliveryId!, '2030-01-01T00:00:00.000Z', '2030-01-01T00:00:15.000Z');
    const taken = await b.webhooks.claim(deliveryId!, '2030-01-01T00:00:15.000Z', '2030-01-01T00:00:30.000Z');
    expect(taken).not.toBeNull();
    const late = {
      deliveryId: deliveryId!,
      webhookId,
      eventId: event.id,
      attempt: 1,
      at: '2030-01-01T00:00:16.000Z',
      statusCode: 204,
      error: null,
      delivered: true,
    };
    expect(await a.webhooks.recordAttempt(late, { status: 'delivered', nextAttemptAt: null }, slow!.claimToken)).toBe(
      'lease_lost',
    );
    // Still B's: pending, unattempted, and no third node can claim it before B's lease ends.
    expect(await a.webhooks.findDelivery(webhookId, deliveryId!)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await a.webhooks.attempts(webhookId)).toEqual([]);
    expect(await a.webhooks.claim(deliveryId!, '2030-01-01T00:00:16.000Z', '2030-01-01T00:00:31.000Z')).toBeNull();
  });

  it('counts failed authentications from one client on both nodes together', async () => {
    const limit = { failures: 4, windowMs: 60_000 };
    const answers = [];
    for (let i = 0; i < 6; i += 1) {
      answers.push(await (i % 2 === 0 ? a : b).authFailures!.countFailure('203.0.113.7', 1_000 + i, limit));
    }
    expect(answers).toEqual([null, null, null, null, 60, 60]);
    // The window ends for everyone at once.
    expect(await a.authFailures!.countFailure('203.0.113.7', 61_000, limit)).toBeNull();
  });

  it('forgets the failure windows that ended, in batches, and keeps the live ones counting', async () => {
    const limit = { failures: 2, windowMs: 60_000 };
    const rows = async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM auth_failures')).rows[0]?.n;
      } finally {
        await client.end();
      }
    };
    await a.authFailures!.countFailure('203.0.113.1', 1_000, limit);
    for (let i = 0; i < 3; i += 1) await b.authFailures!.countFailure('203.0.113.2', 30_000, limit);
    expect(await b.authFailures!.forgetEndedWindows(61_000, limit.windowMs)).toBe(1);
    expect(await rows()).toBe(1);
    // The live window was not touched: the client is still refused until it ends.
    expect(await a.authFailures!.countFailure('203.0.113.2', 61_000, limit)).toBe(29);

    // A flood of guessing addresses is forgotten too, more than one batch of them.
    await Promise.all(
      Array.from({ length: 2_500 }, (_, i) =>
        (i % 2 === 0 ? a : b).authFailures!.countFailure(`10.0.${i >> 8}.${i & 255}`, 70_000, limit),
      ),
    );
    expect(await rows()).toBe(2_501);
    expect(await a.authFailures!.forgetEndedWindows(130_000, limit.windowMs)).toBe(2_501);
    expect(await rows()).toBe(0);
  });

  it('runs exclusive work on one node at a time', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = a.exclusively('lifecycle', () => held);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await b.exclusively('lifecycle', async () => {})).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(await b.exclusively('lifecycle', async () => {})).toBe(true);
  });
});
