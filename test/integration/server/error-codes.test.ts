/**
 * Clients pin their handling to `code`, so every refusal carries a documented one: also what
 * Fastify and Node's HTTP parser refuse before any route runs.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, ErrorCode } from '../../../src/shared/api/index.ts';
import { startTestServer, type TestServer } from './helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Sends bytes as they are (a script, a scanner or a broken proxy would) and reads the answer. */
function send(text: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(t.server.port, '127.0.0.1', () => socket.end(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // the server may reset after answering
    socket.on('close', () => {
      const answer = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = answer.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const status = Number(statusLine.split(' ')[1]);
      if (!status) return reject(new Error(`no HTTP answer: ${JSON.stringify(answer.slice(0, 200))}`));
      const headers = Object.fromEntries(
        headerLines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      );
      const text = rest.join('\r\n\r\n');
      resolve({ status, headers, body: text ? JSON.parse(text) : null });
    });
  });
}

const request = (line: string, headers: string[] = [], body = '') =>
  [line, 'Host: 127.0.0.1', `Authorization: Bearer ${t.ownerToken}`, 'Connection: close', ...headers, '', body].join(
    '\r\n',
  );

function expectError(answer: RawAnswer, status: number, code: ErrorCode) {
  expect(answer.status).toBe(status);
  const body = ErrorBody.strict().parse(answer.body);
  expect(body.code).toBe(code);
  expect(body.message).toEqual(expect.any(String));
  expect(JSON.stringify(body)).not.toMatch(/FST_|statusCode/);
  expect(JSON.stringify(body)).not.toContain(t.ownerToken);
}

describe('every error body has a documented code', () => {
  it.each([
    ['an id over 100 characters', `GET /v1/api-keys/${'a'.repeat(200)} HTTP/1.1`, 414],
    ['a malformed percent-encoding', 'GET /%E0%A4%A HTTP/1.1', 400],
    ['a malformed percent-encoding in an id', 'GET /v1/api-keys/%E0%A4%A HTTP/1.1', 400],
    ['a malformed absolute URL', 'GET http://[ HTTP/1.1', 400],
  ])('%s: invalid_request', async (_what, line, status) => {
    expectError(await send(request(line)), status, 'invalid_request');
  });

  it('headers over 16 KiB: 431 invalid_request', async () => {
    expectError(
      await send(request('GET /v1/health HTTP/1.1', [`X-Padding: ${'a'.repeat(20_000)}`])),
      431,
      'invalid_request',
    );
    expectError(await send(request(`GET /v1/health?${'a'.repeat(20_000)} HTTP/1.1`)), 431, 'invalid_request');
  });

  it('bytes that are not HTTP: 400 invalid_request', async () => {
    expectError(await send('HELLO\r\n\r\n'), 400, 'invalid_request');
    const badLength = request('POST /v1/api-keys HTTP/1.1', ['Content-Type: application/json', 'Content-Length: abc']);
    expectError(await send(badLength), 400, 'invalid_request');
  });

  it('an unknown route: 404 not_found', async () => {
    expectError(await send(request('GET /v2/nothing HTTP/1.1')), 404, 'not_found');
  });

  it.each(['PUT', 'PROPFIND', 'OPTIONS'])('%s on a path that exists: 405 with Allow', async (method) => {
    const answer = await send(request(`${method} /v1/api-keys HTTP/1.1`, ['Content-Length: 0']));
    expectError(answer, 405, 'invalid_request');
    expect(answer.headers.allow).toBe('GET, HEAD, POST');
    expect((await send(request(`${method} /v1/api-keys/key_123 HTTP/1.1`, ['Content-Length: 0']))).headers.allow).toBe(
      'GET, HEAD, PATCH',
    );
  });

  it('bodies: invalid JSON 400, over 64 KiB 413, not JSON 415', async () => {
    const post = (type: string, body: string) =>
      send(
        request(
          'POST /v1/api-keys HTTP/1.1',
          [`Content-Type: ${type}`, `Content-Length: ${Buffer.byteLength(body)}`],
          body,
        ),
      );
    expectError(await post('application/json', '{"name":'), 400, 'invalid_request');
    expectError(await post('application/json', `{"name":"${'a'.repeat(70_000)}"}`), 413, 'invalid_request');
    expectError(await post('text/plain', 'name=x'), 415, 'invalid_request');
    expectError(await post('application/x-www-form-urlencoded', 'name=x'), 415, 'invalid_request');
  });
});

describe('the OpenAPI document', () => {
  it('lists the refusals every route can meet, each with its documented code', async () => {
    const document = (await t.call('GET', '/v1/openapi.json', { token: null })).body;
    const read = document.paths['/v1/api-keys/{id}'].get.responses;
    for (const status of ['400', '401', '404', '405', '414', '429', '431', '500', '503']) {
      expect(read[status], status).toBeDefined();
    }
    const create = document.paths['/v1/api-keys'].post.responses;
    expect(create['413'].description).toMatch(/^invalid_request/);
    expect(create['415'].description).toMatch(/^invalid_request/);
    // A body is read on every method but GET, so routes that take none can meet 413 and 415 too.
    for (const [path, method] of [
      ['/v1/webhooks/{id}/test', 'post'],
      ['/v1/webhooks/{id}', 'delete'],
      ['/v1/admin-tokens/{id}/revoke', 'post'],
    ] as const) {
      expect(Object.keys(document.paths[path][method].responses)).toEqual(expect.arrayContaining(['413', '415']));
    }
    expect(read['415']).toBeUndefined();
    expect(document.paths['/v1/health'].get.responses['405']).toBeDefined();
    for (const operations of Object.values<Record<string, { responses: Record<string, { description: string }> }>>(
      document.paths,
    )) {
      for (const operation of Object.values(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) < 400) continue;
          const codes = response.description.split(':')[0]!.split(' / ');
          for (const code of codes) expect(ErrorCode.options, `${status} ${code}`).toContain(code);
        }
      }
    }
  });
});
