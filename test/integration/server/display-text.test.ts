import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNSAFE_DISPLAY_TEXT_MESSAGE } from '../../../src/shared/api/index.ts';
import { startTestServer, type TestServer } from './helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

// "Prod key" with a right-to-left override shows as "Prod yek…" in a list; a newline or ESC can fake rows.
const DISGUISED = ['Prod \u202Ekey', 'CI\u0007deploy', 'a\nb', 'x\u001b[2Jy', 'del\u007f', 'iso\u2067late'];
// Invisible: each reads exactly like "Prodkey" (or "Prod key") in a list, yet is another name.
const ZERO_WIDTH = [
  'Prod\u200Bkey',
  'Prod\u200Ckey',
  'Prod\u200Dkey',
  'Prod\u2060key',
  'Prod\uFEFFkey',
  'Prod\u200Fkey',
];
// Just as invisible, from every other corner of Unicode: C1 controls (U+009B starts an escape
// sequence, U+0085 breaks a line), a soft hyphen, the Mongolian vowel separator, invisible
// operators, the combining grapheme joiner, Hangul fillers, line and paragraph separators, tag
// characters (hidden ASCII), and variation selectors that select nothing.
const OTHER_INVISIBLE = [
  'Prod\u0080key',
  'Prod\u009B2Jkey',
  'Prod\u0085key',
  'Prod\u009Fkey',
  'Prod\u00ADkey',
  'Prod\u180Ekey',
  'Prod\u2061key',
  'Prod\u2064key',
  'Prod\u034Fkey',
  'Prod\u115Fkey',
  'Prod\u1160key',
  'Prod\u3164key',
  'Prod\uFFA0key',
  'Prod\u2028key',
  'Prod\u2029key',
  'Prod\u{E0001}\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}key',
  'Prod\u{E007F}key',
  'Prod key\uFE00\u{E0100}\u{E01EF}',
];
// A lone surrogate has no character to show, and storing it silently turns it into U+FFFD.
const LONE_SURROGATES = ['Prod \uD83D key', 'Prod \uDD11 key', 'ends with \uD83D'];

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

  it.each([...ZERO_WIDTH, ...OTHER_INVISIBLE, ...LONE_SURROGATES])(
    'refuses a key name with an invisible character: %j',
    async (name) => {
      expectRefused(await t.call('POST', '/v1/api-keys', { body: { name, scope: 'scim' } }), 'name');
      expect((await t.call('GET', '/v1/api-keys')).body.data).toEqual([]);
    },
  );

  it('keeps emoji whose parts are joined by zero-width joiners, their presentation selectors and tag flags', async () => {
    const name = 'Team 👩‍💻 and 👨‍👩‍👧, 🏳️‍🌈, 👩🏽‍💻, ❤︎ ❤️ 1️⃣, 🏴󠁧󠁢󠁳󠁣󠁴󠁿 🏴󠁧󠁢󠁷󠁬󠁳󠁿';
    const created = await t.call('POST', '/v1/api-keys', { body: { name, scope: 'scim' } });
    expect(created.status).toBe(201);
    expect((await t.call('GET', `/v1/api-keys/${created.body.apiKey.id}`)).body.name).toBe(name);
    await t.call('POST', `/v1/api-keys/${created.body.apiKey.id}/revoke`);
  });

  it('refuses such a rename and revocation reason, and keeps the key as it was', async () => {
    const created = await t.call('POST', '/v1/api-keys', { body: { name: 'Entra ID — ünïcode ok 🔑', scope: 'scim' } });
    expect(created.status).toBe(201);
    const id = created.body.apiKey.id;
    expectRefused(await t.call('PATCH', `/v1/api-keys/${id}`, { body: { name: 'Entra\u202EDI' } }), 'name');
    expectRefused(await t.call('POST', `/v1/api-keys/${id}/revoke`, { body: { reason: 'oops\u0000' } }), 'reason');
    expectRefused(await t.call('POST', `/v1/api-keys/${id}/revoke`, { body: { reason: 'leaked\uFEFF' } }), 'reason');
    expectRefused(await t.call('PATCH', `/v1/api-keys/${id}`, { body: { name: 'Entra\uD800' } }), 'name');
    expect((await t.call('GET', `/v1/api-keys/${id}`)).body).toMatchObject({
      name: 'Entra ID — ünïcode ok 🔑',
      status: 'active',
    });
  });

  it.each(['name', 'brand', 'region'])('refuses such a workspace %s', async (field) => {
    expectRefused(await t.call('PATCH', '/v1/workspace', { body: { [field]: 'Acme\u202Eevil' } }), field);
    expectRefused(await t.call('PATCH', '/v1/workspace', { body: { [field]: 'Ac\u200Bme' } }), field);
    expectRefused(await t.call('PATCH', '/v1/workspace', { body: { [field]: 'Acme \uDC00' } }), field);
    expect((await t.call('GET', '/v1/workspace')).body).toMatchObject({ name: 'Acme', brand: null, region: null });
  });

  it.each(['Ops\u202Edrow', 'Ops\u200Bdrow', 'Ops\u00ADdrow', 'Ops\u3164', 'Ops\u009Bdrow', 'Ops\u2028drow'])(
    'refuses such an admin token name on the command line: %j',
    async (name) => {
      const bin = join(import.meta.dirname, '../../../bin/keywarden-server.mjs');
      const args = [bin, 'token', 'create', '--data', t.dataDir, '--role', 'admin', '--name', name];
      const failed = await promisify(execFile)(process.execPath, args).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed).toMatchObject({
        code: 2,
        stderr: `keywarden-server: --name ${UNSAFE_DISPLAY_TEXT_MESSAGE}.\n`,
      });
    },
  );
});
