/** The HTTP client against a scripted fetch: what reaches the service, and what the user is told. */
import { describe, expect, it } from 'vitest';
import { ManagementClient } from '../../../src/main/core/client/management-client.ts';
import { AppError } from '../../../src/main/core/errors.ts';
import type { ApiKey } from '../../../src/shared/api/index.ts';

type Answer = Response | Error;

function scripted(answers: Answer[]) {
  const requests: Array<{ method: string; url: string; auth: string | null }> = [];
  const fetchPort = (async (url: string | URL | Request, init?: RequestInit) => {
    requests.push({
      method: init?.method ?? 'GET',
      url: String(url),
      auth: new Headers(init?.headers).get('authorization'),
    });
    const answer = answers.shift();
    if (!answer) throw new Error('no more scripted answers');
    if (answer instanceof Error) throw answer;
    return answer;
  }) as typeof fetch;
  const client = new ManagementClient({
    baseUrl: 'https://keys.example.com',
    token: 'lsa_token',
    fetch: fetchPort,
    retryDelayMs: 1,
  });
  return { client, requests };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refused = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

function key(id: string): ApiKey {
  return {
    id,
    name: id,
    prefix: 'lsk_live_abc',
    scope: 'scim',
    environment: 'live',
    options: null,
    status: 'active',
    createdAt: '2030-01-01T00:00:00.000Z',
    createdBy: { type: 'admin_token', id: 'tok', name: 'Owner' },
    expiresAt: '2031-01-01T00:00:00.000Z',
    deletesAt: '2031-04-01T00:00:00.000Z',
    revokedAt: null,
    revokedReason: null,
    revokedBy: null,
    lastUsedAt: null,
    lastUsedIp: null,
    rotatedFromId: null,
    rotatedToId: null,
    overlapEndsAt: null,
  };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('ManagementClient', () => {
  it('follows list pages to the end with the admin token', async () => {
    const { client, requests } = scripted([
      json(200, { data: [key('key_1'), key('key_2')], nextCursor: 'c2' }),
      json(200, { data: [key('key_3')], nextCursor: null }),
    ]);
    expect((await client.listKeys()).map((k) => k.id)).toEqual(['key_1', 'key_2', 'key_3']);
    expect(requests.map((r) => r.url)).toEqual([
      'https://keys.example.com/v1/api-keys?limit=500',
      'https://keys.example.com/v1/api-keys?limit=500&cursor=c2',
    ]);
    expect(requests.every((r) => r.auth === 'Bearer lsa_token')).toBe(true);
  });

  it('retries a read that hit a network failure or a 503', async () => {
    const { client, requests } = scripted([refused(), new Response('busy', { status: 503 }), json(200, key('key_1'))]);
    await expect(client.getKey('key_1')).resolves.toMatchObject({ id: 'key_1' });
    expect(requests).toHaveLength(3);
  });

  it('never retries a write, which could mint a second key', async () => {
    const { client, requests } = scripted([refused(), json(201, { apiKey: key('key_1'), secret: 's' })]);
    const error = await failure(client.createKey({ name: 'CI', scope: 'scim' }));
    expect(error.code).toBe('workspace_unreachable');
    expect(error.message).toBe(
      "Can't reach keys.example.com: the connection was refused. Check the address and your connection.",
    );
    expect(requests).toHaveLength(1);
  });

  it('maps the service error codes to the vault codes', async () => {
    const cases: Array<[Response, string, RegExp]> = [
      [
        json(401, { error: 'Unauthorized', code: 'invalid_key' }),
        'workspace_auth_failed',
        /revoked or expired: reconnect/,
      ],
      [json(403, { error: 'Forbidden', code: 'forbidden' }), 'forbidden', /not allowed/],
      [json(404, { error: 'Not found', code: 'not_found' }), 'not_found', /no such item/],
      [json(409, { error: 'Conflict', code: 'conflict', message: 'key is revoked' }), 'conflict', /key is revoked/],
      [json(429, { error: 'Too many requests', code: 'rate_limited' }), 'rate_limited', /Wait a minute/],
      [
        json(400, { error: 'Bad request', code: 'invalid_request', fields: [{ path: 'name', message: 'too long' }] }),
        'invalid_input',
        /^name: too long\.$/,
      ],
    ];
    for (const [response, code, message] of cases) {
      const { client } = scripted([response]);
      const error = await failure(client.updateKey('key_1', { name: 'x' }));
      expect([error.code, error.message]).toEqual([code, expect.stringMatching(message)]);
    }
  });

  it('sends an id as exactly one path segment, and an id that cannot be one as not found', async () => {
    const { client, requests } = scripted([json(200, key('a/b?c')), json(200, key('ключ'))]);
    await client.getKey('a/b?c');
    await client.getKey('ключ');
    expect(requests.map((r) => r.url)).toEqual([
      'https://keys.example.com/v1/api-keys/a%2Fb%3Fc',
      'https://keys.example.com/v1/api-keys/%D0%BA%D0%BB%D1%8E%D1%87',
    ]);
    // encodeURIComponent throws on a lone surrogate, and the URL parser would resolve dot segments
    // into another route (/v1/api-keys/../usage is /v1/usage): none of them reaches the service.
    for (const id of ['\uD800', 'key\uDC00', '.', '..', '']) {
      const { client: fresh, requests: sent } = scripted([]);
      const error = await failure(fresh.keyUsage(id, 30));
      expect([error.code, error.message]).toEqual(['not_found', expect.stringMatching(/no such item/)]);
      expect(sent).toEqual([]);
    }
    const { client: hooks } = scripted([]);
    expect((await failure(hooks.redeliverWebhook('whk_1', '..'))).code).toBe('not_found');
  });

  it('says an answer that is not Keywarden is not a workspace', async () => {
    for (const response of [
      new Response('<html>hello</html>', { status: 200 }),
      json(200, { status: 'ok' }),
      new Response('Not Found', { status: 404 }),
    ]) {
      const { client } = scripted([response]);
      expect((await failure(client.health())).code).toBe('not_a_workspace');
    }
  });

  it('times out a request that gets no answer', async () => {
    const hanging = ((_url: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof fetch;
    const client = new ManagementClient({
      baseUrl: 'https://slow.example.com',
      token: 't',
      fetch: hanging,
      timeoutMs: 30,
      readRetries: 0,
    });
    const error = await failure(client.workspace());
    expect(error.code).toBe('workspace_unreachable');
    expect(error.message).toMatch(/^Can't reach slow\.example\.com: no answer in time\./);
  });

  it('stops following a list whose service keeps answering the same page, and says so', async () => {
    const page = () => json(200, { data: [key('key_a')], nextCursor: 'same' });
    const { client, requests } = scripted([page(), page(), page(), page()]);
    const failure = await client.listKeys().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'not_a_workspace' });
    expect(requests.length).toBeLessThanOrEqual(2);
  });
});
