import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

describe('the SCIM custom-attributes toggle chosen with a new key', () => {
  it('stays as it was when the key cannot be created', async () => {
    // Make every key insert fail inside the server's transaction, as a full disk would.
    const db = new Database(join(t.dataDir, 'keywarden.db'));
    db.exec("CREATE TRIGGER refuse_keys BEFORE INSERT ON api_keys BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    try {
      const failed = await t.call('POST', '/v1/api-keys', {
        body: { name: 'Entra ID', scope: 'scim', scimCustomAttributes: true },
      });
      expect(failed.status).toBe(500);
      expect(failed.body.code).toBe('internal_error');
      expect((await t.call('GET', '/v1/workspace')).body.scimCustomAttributes).toBe(false);
      const row = db.prepare('SELECT scim_custom_attributes AS on_ FROM workspaces').get() as { on_: number };
      expect(row.on_).toBe(0);
      expect((await t.call('GET', '/v1/audit-events?type=workspace.updated')).body.data).toEqual([]);
    } finally {
      db.exec('DROP TRIGGER refuse_keys');
      db.close();
    }

    const created = await t.call('POST', '/v1/api-keys', {
      body: { name: 'Entra ID', scope: 'scim', scimCustomAttributes: true },
    });
    expect(created.status).toBe(201);
    expect((await t.call('GET', '/v1/workspace')).body.scimCustomAttributes).toBe(true);
    const updates = (await t.call('GET', '/v1/audit-events?type=workspace.updated')).body.data;
    expect(updates).toEqual([expect.objectContaining({ details: { changes: { scimCustomAttributes: true } } })]);
  });
});
