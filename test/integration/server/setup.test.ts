/**
 * The embedding API sets a workspace up the same way on a data directory and on a PostgreSQL
 * database: the desktop app's local workspace, the CLI and tests all come through these functions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAdminToken,
  initWorkspace,
  isInitialized,
  listAdminTokens,
  startServer,
} from '../../../src/server/index.ts';
import type { StorageConfig } from '../../../src/server/storage/index.ts';
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

const BACKENDS: { name: string; storage: () => Promise<StorageConfig> }[] = [
  {
    name: 'a data directory',
    storage: async () => {
      const root = mkdtempSync(join(tmpdir(), 'keywarden-setup-'));
      directories.push(root);
      return { dataDir: join(root, 'data') };
    },
  },
  { name: 'a PostgreSQL database', storage: async () => ({ database: await postgres.database() }) },
];

describe.each(BACKENDS)('setting up a workspace on $name', ({ storage }) => {
  it('creates it once, mints tokens beside it, and a server started on it accepts them', async () => {
    const config = await storage();
    expect(await isInitialized(config)).toBe(false);
    await expect(createAdminToken({ ...config, role: 'admin', name: 'Too early' })).rejects.toMatchObject({
      code: 'not_initialized',
    });

    const { workspaceId, ownerToken } = await initWorkspace({ ...config, name: 'Acme' });
    expect(await isInitialized(config)).toBe(true);
    await expect(initWorkspace({ ...config, name: 'Again' })).rejects.toMatchObject({ code: 'already_initialized' });
    const auditor = await createAdminToken({ ...config, role: 'auditor', name: 'Compliance' });
    expect((await listAdminTokens(config)).map((token) => [token.name, token.role])).toEqual([
      ['Owner', 'owner'],
      ['Compliance', 'auditor'],
    ]);

    const server = await startServer({ ...config, port: 0, logger: false });
    try {
      const get = (path: string, token: string) =>
        fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const workspace = await get('/v1/workspace', ownerToken);
      expect(await workspace.json()).toMatchObject({ id: workspaceId, name: 'Acme' });
      const audit = (await (await get('/v1/audit', auditor.token)).json()) as { data: { type: string }[] };
      expect(audit.data.map((event) => event.type)).toEqual(['admin_token.created', 'admin_token.created']);
    } finally {
      await server.close();
    }
  });
});
