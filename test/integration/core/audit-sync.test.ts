/**
 * Syncing a connected service's audit trail: interrupted mid-page (the app stops while a page is
 * on the wire) and started again on the same data folder, the sync resumes with no gap and no
 * duplicate; an event edited or deleted in the service's database (before or after this device
 * synced it) is reported as a warning naming the workspace and the seq, and the warning is still
 * there after a restart.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { VAULT_DATABASE_FILE } from '../../../src/main/core/store/database.ts';
import type { AuditWorkspaceStatus } from '../../../src/shared/ipc/index.ts';
import { appendAuditEvents, tamperWithService } from '../../support/audit-trail.ts';
import { startTestServer, type TestServer } from '../server/helpers.ts';
import { cleanUp, startCoreFixture, testServiceName, type CoreFixture } from './core-fixture.ts';

let service: TestServer | null = null;
const cores: CoreFixture[] = [];
let keychainService = '';
const folders: string[] = [];

afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  await service?.stop();
  service = null;
  await cleanUp(keychainService, folders.splice(0));
});

async function start(options: { dataDir?: string; fetch?: typeof fetch } = {}): Promise<CoreFixture> {
  const core = await startCoreFixture({ service: keychainService, ...options });
  cores.push(core);
  if (!folders.includes(core.dataDir)) folders.push(core.dataDir);
  return core;
}

async function connect(core: CoreFixture, server: TestServer): Promise<string> {
  return (await core.call('workspaces:connect', { url: server.url, token: server.ownerToken })).id;
}

function keptSeqs(dataDir: string, workspaceId: string): number[] {
  const db = new Database(join(dataDir, VAULT_DATABASE_FILE), { readonly: true });
  try {
    return db
      .prepare('SELECT seq FROM audit_entries WHERE workspace_id = ? AND seq IS NOT NULL ORDER BY seq')
      .pluck()
      .all(workspaceId) as number[];
  } finally {
    db.close();
  }
}

async function statusOf(core: CoreFixture, workspaceId: string): Promise<AuditWorkspaceStatus> {
  const status = await core.call('audit:status');
  return status.workspaces.find((workspace) => workspace.workspaceId === workspaceId)!;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('an interrupted sync', () => {
  it('resumes on the same data folder after the last page kept: no gap, no duplicate', async () => {
    keychainService = testServiceName();
    service = await startTestServer();
    const last = appendAuditEvents(service.dataDir, 2_600, { startMs: Date.parse('2029-12-01T00:00:00.000Z') });

    // The second page of the trail is on the wire when the app stops.
    let pagesAsked = 0;
    let releasePage = () => {};
    const pageHeld = new Promise<void>((resolve) => (releasePage = resolve));
    const secondPageAsked = Promise.withResolvers<void>();
    const interrupting: typeof fetch = async (input, init) => {
      const url = String(input);
      const response = await fetch(input, init);
      if (url.includes('/v1/audit?') && url.startsWith(service!.url) && ++pagesAsked === 2) {
        secondPageAsked.resolve();
        await pageHeld;
      }
      return response;
    };
    const first = await start({ fetch: interrupting });
    const workspaceId = await connect(first, service);
    const syncing = first.call('audit:sync', { workspaceId });
    await secondPageAsked.promise;
    const stopping = first.close();
    releasePage();
    await stopping;
    await syncing.catch(() => undefined);
    cores.splice(cores.indexOf(first), 1);
    expect(keptSeqs(first.dataDir, workspaceId)).toEqual(range(1, 1000));

    const second = await start({ dataDir: first.dataDir });
    const status = (await second.call('audit:sync', { workspaceId })).workspaces.find(
      (workspace) => workspace.workspaceId === workspaceId,
    );
    expect(status).toMatchObject({ lastSeq: last, headSeq: last, breaks: [], error: null });
    expect(keptSeqs(second.dataDir, workspaceId)).toEqual(range(1, last));
    const progress = second.events.filter((event) => event.event === 'audit:syncProgress');
    expect(progress.at(-1)?.payload).toMatchObject({ workspaceId, lastSeq: last, headSeq: last, done: true });
    expect(progress.some((event) => (event.payload as { done: boolean }).done === false)).toBe(true);
  });
});

describe('a trail edited at the service', () => {
  it('names the seq of an event edited before this device synced it, and keeps the warning after a restart', async () => {
    keychainService = testServiceName();
    service = await startTestServer();
    appendAuditEvents(service.dataDir, 30, { startMs: Date.parse('2029-12-01T00:00:00.000Z') });
    const core = await start();
    const workspaceId = await connect(core, service);
    await core.call('audit:sync', { workspaceId });
    expect(await statusOf(core, workspaceId)).toMatchObject({ breaks: [], lastSeq: 31 });

    appendAuditEvents(service.dataDir, 20, { startMs: Date.parse('2029-12-02T00:00:00.000Z') });
    tamperWithService(service.dataDir, "UPDATE audit_events SET actor_name = 'Nobody' WHERE seq = 40");
    await core.call('audit:sync', { workspaceId });
    const status = await statusOf(core, workspaceId);
    expect(status.lastSeq).toBe(51);
    expect(status.breaks).toEqual([
      expect.objectContaining({ seq: 40, reason: 'altered', message: expect.stringContaining('seq 40 was altered') }),
    ]);

    await core.close();
    cores.splice(cores.indexOf(core), 1);
    const again = await start({ dataDir: core.dataDir });
    expect((await statusOf(again, workspaceId)).breaks).toEqual([
      expect.objectContaining({ seq: 40, reason: 'altered' }),
    ]);
    expect(keptSeqs(again.dataDir, workspaceId)).toEqual(range(1, 51));
  });

  it('finds an event edited after it was synced when the whole trail is checked again, and events deleted', async () => {
    keychainService = testServiceName();
    service = await startTestServer();
    appendAuditEvents(service.dataDir, 40, { startMs: Date.parse('2029-12-01T00:00:00.000Z') });
    const core = await start();
    const workspaceId = await connect(core, service);
    await core.call('audit:sync', { workspaceId });

    // The intruder rewrites an old event and recomputes its hash, so only the copy kept here (and the next link) tell.
    tamperWithService(
      service.dataDir,
      "UPDATE audit_events SET ip = '198.51.100.0', hash = ? WHERE seq = 12",
      'f'.repeat(64),
    );
    await core.call('audit:sync', { workspaceId });
    expect((await statusOf(core, workspaceId)).breaks).toEqual([]);
    await core.call('audit:sync', { workspaceId, recheck: true });
    expect((await statusOf(core, workspaceId)).breaks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ seq: 12, reason: 'differs_from_copy' }),
        expect.objectContaining({ seq: 12, reason: 'altered' }),
      ]),
    );

    tamperWithService(service.dataDir, 'DELETE FROM audit_events WHERE seq >= 39');
    await core.call('audit:sync', { workspaceId });
    expect((await statusOf(core, workspaceId)).breaks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          seq: 39,
          reason: 'missing',
          message: expect.stringContaining('deleted from its end'),
        }),
      ]),
    );
  });
});
