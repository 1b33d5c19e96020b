/**
 * Tamper evidence: an event edited or deleted straight in the service's SQLite file is found by
 * `keywarden-server audit verify` (exit 1, naming the first broken seq) and by a client walking
 * the chain it synced, while the service goes on answering.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { databasePath } from '../../../src/server/storage/sqlite/database.ts';
import { AuditFeedResponse, type AuditEvent } from '../../../src/shared/api/index.ts';
import { auditChainInput, verifyAuditChain } from '../../../src/shared/audit-chain.ts';
import { startTestServer, type TestServer } from './helpers.ts';

const BIN = join(import.meta.dirname, '../../../bin/keywarden-server.mjs');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let t: TestServer;
afterEach(async () => t.stop());

async function verifyCli(...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      BIN,
      'audit',
      'verify',
      '--data',
      t.dataDir,
      ...extra,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Changes the database file directly, beside the running service, as an intruder with file access would. */
function tamper(change: (db: Database.Database) => void): void {
  const db = new Database(databasePath(t.dataDir));
  try {
    change(db);
  } finally {
    db.close();
  }
}

async function trailOf(): Promise<AuditEvent[]> {
  return AuditFeedResponse.parse((await t.call('GET', '/v1/audit?limit=1000')).body).data;
}

/** One owner token (seq 1), then a key made, renamed and revoked (seq 2–4), and a second key (seq 5). */
async function busyWorkspace(): Promise<void> {
  t = await startTestServer();
  const key = (await t.call('POST', '/v1/api-keys', { body: { name: 'Billing', scope: 'scim' } })).body.apiKey;
  await t.call('PATCH', `/v1/api-keys/${key.id}`, { body: { name: 'Billing sync' } });
  await t.call('POST', `/v1/api-keys/${key.id}/revoke`, { body: { reason: 'leaked in a log' } });
  await t.call('POST', '/v1/api-keys', { body: { name: 'Reports', scope: 'public_api' } });
}

describe('audit verify', () => {
  it('exits 0 with the number of events and the head when nothing was changed', async () => {
    await busyWorkspace();
    const head = (await t.call('GET', '/v1/audit/head')).body;
    const intact = await verifyCli();
    expect(intact.code).toBe(0);
    expect(intact.stdout).toBe(
      `The audit trail in ${t.dataDir} is intact: 5 events, last seq 5 with hash ${head.hash}.\n`,
    );
    const json = await verifyCli('--json');
    expect(JSON.parse(json.stdout)).toEqual({ intact: true, checked: 5, head: { seq: 5, hash: head.hash } });
  });

  it('names the event whose content was edited, and the service still answers', async () => {
    await busyWorkspace();
    const synced = await trailOf();
    tamper((db) => db.prepare("UPDATE audit_events SET actor_name = 'Someone else' WHERE seq = 3").run());

    const result = await verifyCli();
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `keywarden-server: The audit trail in ${t.dataDir} is broken at seq 3: seq 3 was altered: its stored hash ` +
        'does not match its content and the hash before it. The 2 events before it (up to seq 2) are intact. ' +
        'Someone changed the database outside Keywarden: restore it from a backup or keep it as evidence.\n',
    );
    const head = await t.call('GET', '/v1/audit/head');
    expect(head.status).toBe(200);
    expect(head.body).toMatchObject({ seq: 5, hash: synced[4]?.hash });
    // A client walking what it syncs now finds the same break.
    const walked = verifyAuditChain(await trailOf(), sha256);
    expect(walked).toMatchObject({ intact: false, broken: { seq: 3, reason: 'altered' }, checked: 2 });
  });

  it('finds an edit whose author also recomputed that event’s hash: the next event no longer follows', async () => {
    await busyWorkspace();
    const [, second] = await trailOf();
    if (!second) throw new Error('seq 2 expected');
    tamper((db) => {
      const forged = { ...second, details: { ...second.details, name: 'Harmless' } };
      const previous = db.prepare('SELECT hash FROM audit_events WHERE seq = 1').pluck().get() as string;
      db.prepare('UPDATE audit_events SET details = ?, hash = ? WHERE seq = 2').run(
        JSON.stringify(forged.details),
        sha256(auditChainInput(previous, forged)),
      );
    });
    const result = await verifyCli('--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ intact: false, checked: 2, broken: { seq: 3 } });
    expect(result.stderr).toMatch(/is broken at seq 3: seq 3 was altered/);
  });

  it('names a deleted event, and events deleted from the end', async () => {
    await busyWorkspace();
    tamper((db) => db.prepare('DELETE FROM audit_events WHERE seq = 4').run());
    const gap = await verifyCli();
    expect(gap.code).toBe(1);
    expect(gap.stderr).toMatch(
      /is broken at seq 4: seq 4 is missing: the event after seq 3 is seq 5\. The 3 events before it \(up to seq 3\) are intact\./,
    );
    expect((await t.call('GET', '/v1/audit/head')).status).toBe(200);

    tamper((db) => db.prepare('DELETE FROM audit_events WHERE seq >= 4').run());
    const truncated = await verifyCli();
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(
      /is broken at seq 4: seq 4–5 are missing from the end: the last event is seq 3, but seq 5 was given out\./,
    );
  });

  it('names a first event deleted, and an event with its hash wiped', async () => {
    await busyWorkspace();
    tamper((db) => db.prepare('UPDATE audit_events SET hash = NULL WHERE seq = 5').run());
    expect((await verifyCli()).stderr).toMatch(/broken at seq 5: seq 5 was altered/);
    tamper((db) => db.prepare('DELETE FROM audit_events WHERE seq = 1').run());
    const result = await verifyCli();
    expect(result.stderr).toMatch(
      /broken at seq 1: seq 1 is missing: the event after seq 0 is seq 2\. No event before it/,
    );
    expect((await t.call('GET', '/v1/audit/head')).body).toMatchObject({ seq: 5, hash: '' });
  });

  it('explains a data directory without a workspace, and a missing --data', async () => {
    t = await startTestServer();
    const nowhere = await promisify(execFile)(process.execPath, [
      BIN,
      'audit',
      'verify',
      '--data',
      join(t.dataDir, 'x'),
    ])
      .then(() => null)
      .catch((error: unknown) => error as { code: number; stderr: string });
    expect(nowhere?.code).toBe(1);
    expect(nowhere?.stderr).toMatch(/holds no workspace yet/);
    const usage = await promisify(execFile)(process.execPath, [BIN, 'audit', 'verify'])
      .then(() => null)
      .catch((error: unknown) => error as { code: number; stderr: string });
    expect(usage?.code).toBe(2);
    expect(usage?.stderr).toBe('keywarden-server: audit verify needs --data DIR.\n');
  });
});
