import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

// "Prod key" with a right-to-left override shows as "Prod yek…" in a list; a newline or ESC can fake rows.
const DISGUISED = ['Prod \u202Ekey', 'CI\u0007deploy', 'a\nb', 'x\u001b[2Jy', 'del\u007f', 'iso\u2067late'];

function expectRefused(response: { status: number; body: { code: string; fields: unknown } }, field: string) {
  expect(response.status).toBe(400);
  expect(response.body.code).toBe('invalid_request');
  expect(response.body.fields).toEqual([{ path: field, message: expect.stringMatching(/control characters/) }]);
}

describe('text that people read', () => {
  it.each(DISGUISED)('refuses a key name that could disguise itself: %j', async (name) => {
    expectRefused(await t.call('POST', '/v1/api-keys', { body: { name, scope: 'scim' } }), 'name');
    expect((await t.call('GET', '/v1/api-keys')).body.data).toEqual([]);
  });

  it('refuses such a rename and revocation reason, and keeps the key as it was', async () => {
    const created = await t.call('POST', '/v1/api-keys', { body: { name: 'Entra ID — ünïcode ok 🔑', scope: 'scim' } });
    expect(created.status).toBe(201);
    const id = created.body.apiKey.id;
    expectRefused(await t.call('PATCH', `/v1/api-keys/${id}`, { body: { name: 'Entra\u202EDI' } }), 'name');
    expectRefused(await t.call('POST', `/v1/api-keys/${id}/revoke`, { body: { reason: 'oops\u0000' } }), 'reason');
    expect((await t.call('GET', `/v1/api-keys/${id}`)).body).toMatchObject({
      name: 'Entra ID — ünïcode ok 🔑',
      status: 'active',
    });
  });

  it.each(['name', 'brand', 'region'])('refuses such a workspace %s', async (field) => {
    expectRefused(await t.call('PATCH', '/v1/workspace', { body: { [field]: 'Acme\u202Eevil' } }), field);
    expect((await t.call('GET', '/v1/workspace')).body).toMatchObject({ name: 'Acme', brand: null, region: null });
  });

  it('refuses such an admin token name on the command line', async () => {
    const bin = join(import.meta.dirname, '../../../bin/keywarden-server.mjs');
    const args = [bin, 'token', 'create', '--data', t.dataDir, '--role', 'admin', '--name', 'Ops\u202Edrow'];
    const failed = await promisify(execFile)(process.execPath, args).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({
      code: 2,
      stderr: 'keywarden-server: --name must not contain control characters or bidirectional-override characters.\n',
    });
  });
});
