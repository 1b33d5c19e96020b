/**
 * A credential in a URL ends up in access logs, proxy logs and browser history: the service refuses
 * one outside the Authorization header, and never logs a query string.
 */
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.ts';

let t: TestServer;
let secret: string;
let keyId: string;
const lines: string[] = [];

beforeAll(async () => {
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  t = await startTestServer({ logger: logs });
  const created = (await t.call('POST', '/v1/api-keys', { body: { name: 'In a URL', scope: 'scim' } })).body;
  secret = created.secret;
  keyId = created.apiKey.id;
});
afterAll(() => t.stop());

/** GET with the path sent byte for byte, as a script or a proxy would (no URL normalisation). */
function rawGet(path: string): Promise<{ status: number; body: { code?: string; fields?: unknown } }> {
  return new Promise((resolve, reject) => {
    const url = new URL(t.url);
    const sent = request(
      { host: url.hostname, port: url.port, path, headers: { authorization: `Bearer ${t.ownerToken}` } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
      },
    );
    sent.on('error', reject);
    sent.end();
  });
}

describe('a credential in the URL', () => {
  it.each([
    ['/v1/api-keys?token=OWNER', 'token'],
    ['/v1/whoami?api_key=SECRET', 'api_key'],
    ['/v1/whoami?key=SECRET', 'key'],
    ['/v1/api-keys?Access-Token=anything', 'Access-Token'],
    ['/v1/api-keys?status=active&q=SECRET', 'q'],
    ['/v1/api-keys?cursor=x&SECRET', 'SECRET'],
    ['/v1/audit-events?keyId=%6cSECRETREST', 'keyId'],
    ['/v1/no-such-route?token=OWNER', 'token'],
    ['/v1/api-keys/SECRET', 'path'],
  ])('is refused with 400 naming where it was: %s', async (template, field) => {
    const fill = (text: string) =>
      text.replace('OWNER', t.ownerToken).replace('SECRETREST', secret.slice(1)).replace('SECRET', secret);
    const refused = await rawGet(fill(template));
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('invalid_request');
    expect(refused.body.fields).toEqual([
      { path: fill(field), message: expect.stringMatching(/Authorization header/) },
    ]);
  });

  it('leaves ordinary queries alone', async () => {
    expect((await t.call('GET', '/v1/api-keys?status=active&limit=5')).status).toBe(200);
    expect((await t.call('GET', `/v1/audit-events?keyId=${keyId}`)).status).toBe(200);
  });

  it('never reaches the log, and no query string does', async () => {
    await rawGet(`/%?token=${t.ownerToken}`); // a URL Fastify cannot even decode
    await rawGet(`/v1/api-keys?token=${t.ownerToken}`);
    await rawGet(`/v1/api-keys/${secret}`);
    await t.call('GET', '/v1/api-keys?status=active');
    const logged = lines.join('');
    expect(logged).toContain('incoming request'); // the logger was really on
    expect(logged).toContain('"url":"/v1/api-keys?[redacted]"');
    expect(logged).not.toContain(t.ownerToken);
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain('status=active');
  });
});

describe('a credential in a header other than Authorization: Bearer', () => {
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it.each([
    ['X-Api-Key', (key: string) => ({ 'x-api-key': key }), 'x-api-key'],
    ['a cookie', (key: string) => ({ cookie: `theme=dark; api_key=${key}` }), 'cookie'],
    ['Basic, as the user', (key: string) => ({ authorization: basic(key, '') }), 'authorization'],
    ['Basic, as the password', (key: string) => ({ authorization: basic('api', key) }), 'authorization'],
    ['Token', (key: string) => ({ authorization: `Token ${key}` }), 'authorization'],
    ['no scheme', (key: string) => ({ authorization: key }), 'authorization'],
  ])('is refused with 400 and the way to send it: %s', async (_, headers, field) => {
    for (const [path, key] of [
      ['/v1/whoami', secret],
      ['/v1/api-keys', t.ownerToken],
    ] as const) {
      const refused = await t.call('GET', path, { token: null, headers: headers(key) });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        code: 'invalid_request',
        message: expect.stringContaining('send the key as Authorization: Bearer …'),
        fields: [{ path: field, message: expect.stringContaining('Authorization: Bearer') }],
      });
    }
  });

  it('still answers 401 invalid_key for no credential, a bad Bearer one, or a header holding no key', async () => {
    const unauthorized = { error: 'Unauthorized', code: 'invalid_key' };
    const calls: Array<{ token: string | null; headers?: Record<string, string> }> = [
      { token: null },
      { token: 'lsk_live_not-a-real-key' },
      { token: null, headers: { authorization: basic('admin', 'hunter2') } },
      { token: null, headers: { 'x-api-key': 'not-shaped-like-a-key', cookie: 'session=abc' } },
      { token: null, headers: { authorization: `Bearer ${secret} trailing` } },
    ];
    for (const options of calls) {
      const answer = await t.call('GET', '/v1/whoami', options);
      expect([answer.status, answer.body]).toEqual([401, unauthorized]);
    }
    // With a valid Bearer credential, a key-shaped cookie beside it is no reason to refuse.
    const served = await t.call('GET', '/v1/whoami', { token: secret, headers: { cookie: `k=${secret}` } });
    expect(served.status).toBe(200);
  });
});
