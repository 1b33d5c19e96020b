/**
 * Removing a workspace while one of its calls is still on the wire: whatever the order, none of
 * its secrets stay in the keychain and no call ends in "Something went wrong".
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { initWorkspace, startServer, type RunningServer } from '../../../src/server/index.ts';
import { cleanUp, keychainAccounts, startCoreFixture, type CoreFixture } from './core-fixture.ts';

let app: CoreFixture;
let remote: RunningServer;
let remoteDir: string;
let workspaceId: string;
let ownerToken: string;
/** Answers from the remote service wait for this before reaching the core, when set. */
let hold: Promise<void> | null = null;

beforeAll(async () => {
  app = await startCoreFixture({
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (hold && String(input).startsWith(remote.url)) await hold;
      return response;
    },
  });
  remoteDir = mkdtempSync(join(tmpdir(), 'keywarden-races-'));
  ({ workspaceId, ownerToken } = await initWorkspace({ dataDir: remoteDir, name: 'Acme', clock: app.clock }));
  remote = await startServer({ dataDir: remoteDir, port: 0, clock: app.clock });
});

afterAll(async () => {
  await app?.close();
  await remote?.close();
  if (app) await cleanUp(app.service, [app.dataDir, remoteDir]);
});

function holdAnswers(): () => void {
  let release!: () => void;
  hold = new Promise((resolve) => (release = resolve));
  return () => {
    hold = null;
    release();
  };
}

it('removing a workspace while a key is being created leaves none of its secrets in the keychain', async () => {
  await app.call('workspaces:connect', { url: remote.url, token: ownerToken });
  const release = holdAnswers();
  const creating = app.attempt('keys:create', { workspaceId, request: { name: 'Late key', scope: 'scim' } });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const removing = app.attempt('workspaces:remove', { workspaceId });
  await new Promise((resolve) => setTimeout(resolve, 50));
  release();
  const [created, removed] = await Promise.all([creating, removing]);
  expect(removed).toMatchObject({ ok: true });
  // The secret was minted by the service, so the user still sees it once.
  expect(created).toMatchObject({ ok: true });
  expect((await keychainAccounts(app.service)).filter((account) => account.startsWith(`${workspaceId}/`))).toEqual([]);
});

it('a list that comes back after its workspace was removed says so instead of failing', async () => {
  await app.call('workspaces:connect', { url: remote.url, token: ownerToken });
  const release = holdAnswers();
  const listing = app.attempt('keys:refresh', { workspaceId });
  await new Promise((resolve) => setTimeout(resolve, 50));
  hold = null; // the removal's own calls go through; only the list stays held
  const removed = await app.attempt('workspaces:remove', { workspaceId });
  release();
  expect(removed).toMatchObject({ ok: true });
  const listed = await listing;
  expect(listed).toMatchObject({ ok: false, code: 'not_found' });
  expect((await app.call('workspaces:list')).map((workspace) => workspace.kind)).toEqual(['local', 'external']);
});
