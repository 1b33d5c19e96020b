/**
 * Incremental sync of the audit trail: `GET /v1/audit?after=<seq>` pages oldest first by seq, so
 * a client that keeps the last seq it read never misses or repeats an event, even when many
 * share a timestamp; `/v1/audit/head` is the end of the chain it must reach.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminToken } from '../../../src/server/index.ts';
import { AuditFeedResponse, AuditHead, type AuditEvent } from '../../../src/shared/api/index.ts';
import {
  AUDIT_CHAIN_START,
  verifyAuditChain,
  verifyAuditChainAsync,
  webCryptoSha256Hex,
} from '../../../src/shared/audit-chain.ts';
import { startTestServer, type TestServer } from './helpers.ts';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let t: TestServer;
afterEach(async () => t.stop());

/** Reads the whole trail the way a syncing client does, `limit` events per request. */
async function syncAll(after: number, limit: number): Promise<{ events: AuditEvent[]; requests: number }> {
  const events: AuditEvent[] = [];
  let requests = 0;
  for (let hasMore = true; hasMore; requests++) {
    const response = await t.call('GET', `/v1/audit?after=${after}&limit=${limit}`);
    expect(response.status).toBe(200);
    const page = AuditFeedResponse.parse(response.body);
    events.push(...page.data);
    after = page.nextAfter;
    hasMore = page.hasMore;
  }
  return { events, requests };
}

async function createKeys(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const created = await t.call('POST', '/v1/api-keys', { body: { name: `Key ${i}`, scope: 'scim' } });
    expect(created.status).toBe(201);
  }
}

describe('syncing the audit trail by seq', () => {
  it('pages oldest first with no gap and no repeat although every event has the same timestamp', async () => {
    t = await startTestServer(); // the clock is frozen: every event below is at the same instant
    await createKeys(10);
    const { events, requests } = await syncAll(0, 3);

    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(new Set(events.map((event) => event.id)).size).toBe(11);
    expect(new Set(events.map((event) => event.at))).toEqual(new Set([t.clock.now().toISOString()]));
    expect(requests).toBe(4);
    // The same events as the newest-first listing, in the opposite order.
    const listed = (await t.call('GET', '/v1/audit-events?limit=500')).body.data as AuditEvent[];
    expect(listed.map((event) => event.id)).toEqual(events.map((event) => event.id).reverse());
    expect(events.slice(1).map((event) => event.details.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Key ${i}`),
    );
  });

  it('goes on from the last seq a client kept, with events that happened since', async () => {
    t = await startTestServer();
    await createKeys(4);
    const first = await syncAll(0, 2);
    const kept = first.events.at(-1)?.seq ?? 0;
    expect(kept).toBe(5);

    const caughtUp = AuditFeedResponse.parse((await t.call('GET', `/v1/audit?after=${kept}`)).body);
    expect(caughtUp).toEqual({ data: [], nextAfter: kept, hasMore: false });

    await createKeys(3);
    await createAdminToken({ dataDir: t.dataDir, role: 'auditor', name: 'Beside the server', clock: t.clock });
    const next = await syncAll(kept, 2);
    expect(next.events.map((event) => [event.seq, event.type])).toEqual([
      [6, 'key.created'],
      [7, 'key.created'],
      [8, 'key.created'],
      [9, 'admin_token.created'],
    ]);
  });

  it('hands out a chain the client can check, ending at the head', async () => {
    t = await startTestServer();
    // Appends from parallel requests and from the command line beside the server all chain up.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.call('POST', '/v1/api-keys', { body: { name: `Parallel ${i}`, scope: 'public_api' } }),
      ),
    );
    await createAdminToken({ dataDir: t.dataDir, role: 'admin', name: 'CI', clock: t.clock });
    const { events } = await syncAll(0, 5);
    expect(events).toHaveLength(14);

    const walked = await verifyAuditChainAsync(events, webCryptoSha256Hex);
    expect(walked).toEqual({ intact: true, checked: 14, head: { seq: 14, hash: events[13]?.hash } });
    // Page by page, going on from where the last page stopped, as a client does.
    const firstHalf = verifyAuditChain(events.slice(0, 7), sha256);
    expect(verifyAuditChain(events.slice(7), sha256, firstHalf.head)).toMatchObject({ intact: true, checked: 7 });

    const head = AuditHead.parse((await t.call('GET', '/v1/audit/head')).body);
    expect(head).toEqual({ seq: 14, hash: walked.head.hash, at: t.clock.now().toISOString() });
  });

  it('hashes exactly what the documented canonical form says', async () => {
    t = await startTestServer();
    const created = await t.call('POST', '/v1/api-keys', {
      body: { name: 'Zürich "prod" ✓', scope: 'scim' },
      headers: { 'user-agent': 'curl/8.5' },
    });
    const [first, second] = (await t.call('GET', '/v1/audit?limit=2')).body.data as AuditEvent[];
    if (!first || !second) throw new Error('two events expected');

    // Sorted keys at every level, no whitespace, strings as JSON.stringify writes them.
    const details = Object.entries(second.details)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
      .join(',');
    const canonical =
      `{"actor":{"id":${JSON.stringify(second.actor.id)},"name":"Owner","type":"admin_token"},` +
      `"at":"${second.at}","details":{${details}},"id":"${second.id}","ip":"127.0.0.0",` +
      `"keyId":"${created.body.apiKey.id}","keyPrefix":${JSON.stringify(second.keyPrefix)},"seq":2,` +
      `"type":"key.created","userAgent":"curl/8.5"}`;
    expect(details).toContain('"name":"Zürich \\"prod\\" ✓"');
    expect(second.hash).toBe(sha256(first.hash + canonical));
    expect(first.hash).toBe(sha256(AUDIT_CHAIN_START + JSON.stringify(canonicalOf(first))));
  });

  it('answers an empty page past the end, refuses a bad seq, and serves auditors but not verifiers', async () => {
    t = await startTestServer();
    expect((await t.call('GET', '/v1/audit?after=99')).body).toEqual({ data: [], nextAfter: 99, hasMore: false });
    for (const query of ['after=-1', 'after=abc', 'limit=0', 'limit=1001', 'since=2030-01-01T00:00:00Z']) {
      const refused = await t.call('GET', `/v1/audit?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.body.code).toBe('invalid_request');
    }
    const { token: auditor } = await createAdminToken({ dataDir: t.dataDir, role: 'auditor', name: 'Compliance' });
    const { token: verifier } = await createAdminToken({ dataDir: t.dataDir, role: 'verifier', name: 'Gateway' });
    expect((await t.call('GET', '/v1/audit', { token: auditor })).status).toBe(200);
    expect((await t.call('GET', '/v1/audit/head', { token: auditor })).status).toBe(200);
    expect((await t.call('GET', '/v1/audit', { token: verifier })).body.code).toBe('forbidden');
    expect((await t.call('GET', '/v1/audit/head', { token: verifier })).body.code).toBe('forbidden');
    expect((await t.call('GET', '/v1/audit/head', { token: null })).status).toBe(401);

    const openapi = (await t.call('GET', '/v1/openapi.json')).body;
    expect(openapi.paths['/v1/audit'].get['x-roles']).toEqual(['owner', 'admin', 'auditor']);
    expect(openapi.paths['/v1/audit/head'].get.responses['200']).toBeDefined();
  });
});

/** The first event (the owner token's creation) written out by hand, keys already in order. */
function canonicalOf(event: AuditEvent) {
  return {
    actor: { id: null, name: event.actor.name, type: 'system' },
    at: event.at,
    details: {
      name: event.details.name,
      prefix: event.details.prefix,
      role: event.details.role,
      tokenId: event.details.tokenId,
    },
    id: event.id,
    ip: null,
    keyId: null,
    keyPrefix: null,
    seq: 1,
    type: 'admin_token.created',
    userAgent: null,
  };
}
