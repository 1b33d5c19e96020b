/**
 * The audit log as a user of the app meets it: after keys are created, renamed and revoked, a
 * webhook added and tested, and secrets copied and revealed, the app's copy of the local
 * workspace's trail matches the service's event for event (seq, hash, actor, masked IP), what the
 * app did itself sits in the same timeline marked local without any secret, every filter and
 * every combination of them returns exactly the rows it should, and paging misses nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditFeedResponse, DAY_MS, type AuditEvent } from '../../../src/shared/api/index.ts';
import type { AuditEntry, AuditFilters } from '../../../src/shared/ipc/index.ts';
import { cleanUp, keytar, startCoreFixture, type CoreFixture } from './core-fixture.ts';
import { startReceiver, type Receiver } from '../server/webhook-receiver.ts';

let app: CoreFixture;
let receiver: Receiver;
let localId: string;
let localUrl: string;
let token: string;
const secrets: string[] = [];
const keyIds: Record<string, string> = {};

beforeAll(async () => {
  app = await startCoreFixture();
  receiver = await startReceiver();
  const local = (await app.call('workspaces:list')).find((workspace) => workspace.kind === 'local')!;
  localId = local.id;
  localUrl = local.url!;
  token = (await keytar.getPassword(app.service, `${localId}/admin-token`))!;

  // Day 1: two keys created, one renamed. Day 2: one revoked with a reason, a webhook added and
  // sent a test event. Day 3: a secret copied and revealed.
  for (const name of ['Billing export', 'CRM sync, "nightly"']) {
    const created = await app.call('keys:create', { workspaceId: localId, request: { name, scope: 'scim' } });
    keyIds[name] = created.key.id;
    secrets.push(created.secret);
  }
  await app.call('keys:update', {
    workspaceId: localId,
    keyId: keyIds['Billing export']!,
    patch: { name: 'Billing export v2' },
  });
  app.clock.advance(DAY_MS);
  await app.call('keys:revoke', {
    workspaceId: localId,
    keyId: keyIds['CRM sync, "nightly"']!,
    reason: 'Leaked in a ticket',
  });
  const webhook = await app.call('webhooks:add', { workspaceId: localId, url: receiver.url, events: ['key.revoked'] });
  secrets.push(webhook.secret);
  await app.call('webhooks:test', { workspaceId: localId, webhookId: webhook.webhook.id });
  app.clock.advance(DAY_MS);
  await app.call('keys:copy', { workspaceId: localId, keyId: keyIds['Billing export']! });
  await app.call('keys:reveal', { workspaceId: localId, keyId: keyIds['Billing export']! });
  const stripeSecret = 'sk_live_an-external-secret-for-the-audit-test';
  secrets.push(stripeSecret);
  const stripe = await app.call('externalKeys:add', {
    name: 'Stripe billing',
    provider: 'Stripe',
    scopeLabel: 'Full access',
    secret: stripeSecret,
    expiresAt: new Date(app.clock.now().getTime() + 90 * DAY_MS).toISOString(),
  });
  keyIds['Stripe billing'] = stripe.id;
  await app.call('keys:copy', { workspaceId: 'external', keyId: stripe.id });
  await app.call('audit:sync', { workspaceId: localId });
});

afterAll(async () => {
  await receiver?.close();
  await app?.close();
  if (app) await cleanUp(app.service, [app.dataDir]);
});

async function serviceTrail(): Promise<AuditEvent[]> {
  const response = await fetch(`${localUrl}/v1/audit?after=0&limit=1000`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return AuditFeedResponse.parse(await response.json()).data;
}

async function everything(filters: AuditFilters = {}, limit = 500): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await app.call('audit:query', { ...filters, limit, ...(cursor ? { cursor } : {}) });
    entries.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}

describe('syncing the local workspace after a mix of actions', () => {
  it("keeps every service event as the service sent it, newest first, with the chain's seq and hash", async () => {
    const trail = await serviceTrail();
    const kept = (await everything()).filter((entry) => entry.source === 'service');
    expect(kept.map((entry) => entry.seq)).toEqual(trail.map((event) => event.seq).reverse());
    expect(kept.map(({ eventId, type, at, hash, ip, actor }) => ({ eventId, type, at, hash, ip, actor }))).toEqual(
      trail.reverse().map(({ id, type, at, hash, ip, actor }) => ({ eventId: id, type, at, hash, ip, actor })),
    );
    const status = await app.call('audit:status');
    expect(status.workspaces.find((workspace) => workspace.workspaceId === localId)).toMatchObject({
      lastSeq: trail.length,
      headSeq: trail.length,
      error: null,
      breaks: [],
      syncing: false,
    });
  });

  it('shows who revoked the key, why, and from which (masked) address', async () => {
    const [revoked] = await everything({ type: 'key.revoked' });
    expect(revoked).toMatchObject({
      workspaceId: localId,
      source: 'service',
      keyId: keyIds['CRM sync, "nightly"'],
      actor: { type: 'admin_token', name: expect.any(String) },
      details: { reason: 'Leaked in a ticket' },
    });
    expect(revoked!.ip).toMatch(/^127\.0\.0\.0$/);
  });

  it('puts what the app did in the same timeline, marked local, newest first and without any secret', async () => {
    const all = await everything();
    expect(all.slice(0, 3).map((entry) => [entry.source, entry.type, entry.keyId])).toEqual([
      ['local', 'secret.copied', keyIds['Stripe billing']],
      ['local', 'secret.revealed', keyIds['Billing export']],
      ['local', 'secret.copied', keyIds['Billing export']],
    ]);
    expect(all[1]).toMatchObject({
      actor: { type: 'app', name: 'Keywarden on this device' },
      seq: null,
      hash: null,
      details: { keyName: 'Billing export v2' },
    });
    expect(all[0]).toMatchObject({ workspaceId: 'external', keyLabel: expect.any(String) });
    const stored = ['keywarden.db', 'keywarden.db-wal']
      .map((file) => {
        try {
          return readFileSync(join(app.dataDir, file)).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('');
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });

  it('resumes after the last seq kept: a second sync stores nothing again', async () => {
    const before = (await everything()).length;
    await app.call('audit:sync');
    expect(await everything()).toHaveLength(before);
  });
});

describe('filters', () => {
  let all: AuditEntry[];
  beforeAll(async () => {
    all = await everything();
  });

  const idsOf = (entries: AuditEntry[]) => entries.map((entry) => entry.id);

  it('returns exactly the rows each filter and each combination selects, newest first', async () => {
    const revokedKey = keyIds['CRM sync, "nightly"']!;
    const admin = all.find((entry) => entry.actor.type === 'admin_token')!.actor;
    const adminRef = `admin_token:${admin.id}`;
    const day2 = new Date(Date.parse(all.at(-1)!.at) + DAY_MS / 2).toISOString();
    const day3 = new Date(Date.parse(day2) + DAY_MS).toISOString();
    const cases: [AuditFilters, (entry: AuditEntry) => boolean][] = [
      [{ workspaceId: localId }, (e) => e.workspaceId === localId],
      [{ workspaceId: 'external' }, (e) => e.workspaceId === 'external'],
      [{ keyId: revokedKey }, (e) => e.keyId === revokedKey],
      [{ type: 'key.created' }, (e) => e.type === 'key.created'],
      [{ type: 'secret.copied' }, (e) => e.type === 'secret.copied'],
      [{ actor: adminRef }, (e) => e.actor.type === 'admin_token' && e.actor.id === admin.id],
      [{ actor: 'app:Keywarden on this device' }, (e) => e.source === 'local'],
      [{ source: 'local' }, (e) => e.source === 'local'],
      [{ source: 'service' }, (e) => e.source === 'service'],
      [{ since: day2 }, (e) => Date.parse(e.at) >= Date.parse(day2)],
      [{ until: day2 }, (e) => Date.parse(e.at) <= Date.parse(day2)],
      [
        { since: day2, until: day3 },
        (e) => Date.parse(e.at) >= Date.parse(day2) && Date.parse(e.at) <= Date.parse(day3),
      ],
      [{ keyId: revokedKey, type: 'key.revoked' }, (e) => e.keyId === revokedKey && e.type === 'key.revoked'],
      [{ actor: adminRef, since: day2 }, (e) => e.actor.id === admin.id && Date.parse(e.at) >= Date.parse(day2)],
      [{ text: 'leaked ticket' }, (e) => e.type === 'key.revoked'],
      [{ text: 'billing' }, (e) => e.keyId === keyIds['Billing export'] || e.keyId === keyIds['Stripe billing']],
      [{ text: '127.0.0' }, (e) => e.ip === '127.0.0.0'],
      [{ text: 'nightly', type: 'key.created' }, (e) => e.keyId === revokedKey && e.type === 'key.created'],
      [{ text: 'billing', source: 'local', since: day3 }, (e) => e.source === 'local'],
      [{ text: 'stripe' }, (e) => e.keyId === keyIds['Stripe billing']],
      [{ text: 'billing', workspaceId: localId }, (e) => e.keyId === keyIds['Billing export']],
      [{ text: 'no such words anywhere' }, () => false],
    ];
    for (const [filters, selects] of cases) {
      const expected = idsOf(all.filter(selects));
      // Each case selects some rows but not all (the last text case, nothing), so it can fail.
      if (filters.text !== 'no such words anywhere')
        expect(expected.length, JSON.stringify(filters)).toBeGreaterThan(0);
      expect(expected.length, JSON.stringify(filters)).toBeLessThan(all.length);
      expect(idsOf(await everything(filters)), JSON.stringify(filters)).toEqual(expected);
      // One row per page: the cursor misses nothing and repeats nothing.
      expect(idsOf(await everything(filters, 1)), JSON.stringify(filters)).toEqual(expected);
    }
  });

  it("reads what is typed as words, never as the search index's syntax", async () => {
    for (const text of ['"', '*', 'NEAR(billing', 'billing OR', 'key:created', '-', '(']) {
      expect(await app.attempt('audit:query', { text }), text).toMatchObject({ ok: true });
    }
    // Control characters (a NUL ended the expression inside its quotes) and lone surrogates are no words.
    const billing = idsOf(await everything({ text: 'billing' }));
    for (const text of ['billing\u0000', '\u0000billing', 'billing\u0007\u001b', 'billing \uD800']) {
      expect(idsOf(await everything({ text })), JSON.stringify(text)).toEqual(billing);
    }
  });

  it('offers the actors and keys seen as filter choices', async () => {
    const facets = await app.call('audit:facets');
    expect(facets.actors).toEqual(
      expect.arrayContaining([expect.objectContaining({ ref: 'app:Keywarden on this device', type: 'app' })]),
    );
    expect(facets.keys.map((key) => key.keyId)).toEqual(expect.arrayContaining(Object.values(keyIds)));
  });

  it('refuses a cursor it did not give out', async () => {
    const result = await app.attempt('audit:query', { cursor: 'not-a-cursor' });
    expect(result).toMatchObject({ ok: false, code: 'invalid_input' });
  });
});

describe('what the app records itself', () => {
  it('records a secret pushed to a destination and a reminder shown, with names and outcomes, never the secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keywarden-audit-push-'));
    try {
      const created = await app.call('keys:create', {
        workspaceId: localId,
        request: {
          name: 'Nightly payroll',
          scope: 'public_api',
          expiresAt: new Date(app.clock.now().getTime() + 3 * DAY_MS).toISOString(),
        },
      });
      const envFile = join(dir, '.env');
      await app.call('targets:add', {
        owner: { workspaceId: localId, keyId: created.key.id },
        kind: 'dotenv',
        label: 'payroll .env',
        config: { path: envFile, name: 'PAYROLL_KEY' },
      });
      const started = await app.call('rotations:start', {
        workspaceId: localId,
        keyId: created.key.id,
        overlapSeconds: 3600,
      });
      const rotation = await app.call('rotations:distribute', { rotationId: started.id });
      const successorId = rotation.successor!.keyId;
      const successorSecret = readFileSync(envFile, 'utf8').split('=')[1]!.trim();

      const [pushed] = await everything({ type: 'secret.pushed' });
      expect(pushed).toMatchObject({
        source: 'local',
        workspaceId: localId,
        keyId: successorId,
        details: { destination: 'payroll .env', kind: 'dotenv', keyName: 'Nightly payroll' },
      });
      const shown = await everything({ type: 'reminder.shown', keyId: created.key.id });
      expect(shown).toEqual([
        expect.objectContaining({ details: expect.objectContaining({ reminder: 'expiry', daysBefore: 7 }) }),
      ]);
      const kept = JSON.stringify(await everything({ source: 'local' }));
      expect(kept).not.toContain(created.secret);
      expect(kept).not.toContain(successorSecret);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
