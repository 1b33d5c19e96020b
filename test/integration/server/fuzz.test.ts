/**
 * Every operation of the served OpenAPI document gets malformed requests: invalid JSON, wrong
 * types, megabyte strings, ten thousand levels of nesting, control and bidi characters, lone
 * surrogates, numbers past IEEE-754, unknown fields, wrong media types, odd path ids, wrong and
 * missing credentials. Each answer must be a 4xx where the request is wrong (any answer but a
 * 5xx otherwise), every error body `{error, code, message?}` with a documented code and a status
 * the document lists, and no request may hang, crash the server or leave an unhandled rejection.
 * Operations are read from the document, so a new route is fuzzed without touching this file.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../../src/shared/api/index.ts';
import { createAdminToken } from '../../../src/server/index.ts';
import { createHttpCase, type Credentials, type HttpCase, type Operation } from '../../support/fuzz/http-cases.ts';
import type { Hints, JsonSchema } from '../../support/fuzz/input-cases.ts';
import { FUZZ_CASES, FUZZ_SEED, prngFor } from '../../support/fuzz/prng.ts';
import { excerpt, watchUnhandledRejections, within } from '../../support/fuzz/report.ts';
import { startTestServer, type TestServer } from './helpers.ts';

const ANSWER_WITHIN_MS = 5_000;

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

const ids: Record<string, string> = {};
const serverErrors: string[] = [];
const rejections = watchUnhandledRejections();
let credentials: Credentials;
let hints: Hints;

// Started while the file is collected: the operations to test are read from its document.
console.log(`HTTP fuzz: seed ${FUZZ_SEED} (replay with KEYWARDEN_FUZZ_SEED=${FUZZ_SEED})`);
const t: TestServer = await startTestServer({
  logger: { level: 'error', stream: { write: (line: string) => serverErrors.push(line) } },
  // Every case must reach its route: throttling is tested on its own (rate-limits.test.ts).
  rateLimit: { failures: 1_000_000, windowMs: 60_000 },
  // Webhook hosts resolve to loopback, which the service refuses to deliver to: no traffic leaves.
  resolveWebhookHost: async () => [{ address: '127.0.0.1', family: 4 }],
});
const operations = operationsOf((await t.call('GET', '/v1/openapi.json', { token: null })).body);

beforeAll(async () => {
  hints = await seedWorkspace();
});

afterAll(async () => {
  rejections.stop();
  await t.stop();
});

describe('every operation of the OpenAPI document refuses malformed requests with a documented error', () => {
  it('the document lists operations to fuzz', () => {
    expect(operations.length).toBeGreaterThan(20);
  });

  it.each(operations.map((operation) => `${operation.method} ${operation.path}`))('%s', async (name) => {
    const operation = operations.find((candidate) => `${candidate.method} ${candidate.path}` === name)!;
    const prng = prngFor(name);
    const failures: string[] = [];
    for (let i = 0; i < FUZZ_CASES; i++) {
      const failure = await check(operation, createHttpCase(prng, operation, idFor, credentials, hints));
      if (failure) failures.push(failure);
    }
    expect(failures.length, failures.join('\n\n')).toBe(0);
    // Still serving, with the owner's token still good.
    expect((await t.call('GET', '/v1/health', { token: null })).status).toBe(200);
    expect((await t.call('GET', '/v1/workspace')).status).toBe(200);
  });
});

async function check(operation: Operation, sent: HttpCase): Promise<string | null> {
  const where =
    `${operation.method} ${operation.path} with ${sent.label}\n  sent: ${sent.method} ${excerpt(sent.path, 160)}` +
    (sent.body ? `\n  body: ${excerpt(sent.body.toString('utf8'))}` : '');
  serverErrors.length = 0;
  let answer: Answer;
  try {
    answer = await within(ANSWER_WITHIN_MS, where, send(sent));
  } catch (error) {
    return `${where}\n  ${error instanceof Error ? error.message : String(error)}`;
  }
  const problem = judge(operation, sent, answer);
  const unhandled = rejections.take();
  if (!problem && unhandled.length === 0) return null;
  return [
    where,
    `  answered ${answer.status}: ${excerpt(answer.text, 300)}`,
    problem ? `  ${problem}` : '',
    ...serverErrors.map((line) => `  server log: ${excerpt(line, 600)}`),
    ...unhandled.map((reason) => `  unhandled rejection: ${reason}`),
  ]
    .filter(Boolean)
    .join('\n');
}

/** What is wrong with an answer, or null. */
function judge(operation: Operation, sent: HttpCase, answer: Answer): string | null {
  if (answer.status >= 500) return 'a server error';
  if (sent.mustRefuse && answer.status < 400) return 'this request is wrong and must be refused with a 4xx';
  if (answer.status < 400) return null;
  if (!answer.contentType.startsWith('application/json')) return `an error sent as ${answer.contentType}`;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return 'an error body that is not JSON';
  }
  const parsed = ErrorBody.strict().safeParse(body);
  if (!parsed.success) return `an error body outside {error, code, message, fields} with a documented code`;
  if (answer.status === 401 && JSON.stringify(body) !== '{"error":"Unauthorized","code":"invalid_key"}') {
    return '401 must be exactly {"error":"Unauthorized","code":"invalid_key"}';
  }
  // A wrong method or path id can land on another route; its statuses are documented there.
  const documented = ['method', 'path'].some((fault) => sent.label.startsWith(fault))
    ? allStatuses()
    : operation.statuses;
  if (!documented.has(answer.status)) return `status ${answer.status} is not in the document for this operation`;
  for (const secret of [credentials.apiKey, credentials.auditor, t.ownerToken]) {
    if (answer.text.includes(secret)) return 'the answer repeats a credential';
  }
  return null;
}

function send(sent: HttpCase): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port: t.server.port,
        method: sent.method,
        path: sent.path,
        headers: { ...sent.headers, ...(sent.body ? { 'content-length': String(sent.body.length) } : {}) },
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'] ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    // A server that answers before reading the whole body (413, 431) may reset while we write.
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (!['EPIPE', 'ECONNRESET'].includes(error.code ?? '')) reject(error);
    });
    outgoing.end(sent.body ?? undefined);
  });
}

function idFor(parameter: string, template: string): string {
  const segments = template.split('/');
  const resource = parameter === 'id' ? segments[segments.indexOf('{id}') - 1] : parameter;
  return ids[resource ?? ''] ?? 'fuzz_unknown';
}

/** Things for path ids to name, a caller for key routes, and tokens of each kind. */
async function seedWorkspace(): Promise<Hints> {
  const key = async (name: string) =>
    (await t.call('POST', '/v1/api-keys', { body: { name, scope: 'public_api' } })).body;
  const target = await key('Fuzz target');
  const caller = await key('Fuzz caller');
  ids['api-keys'] = target.apiKey.id;
  const webhook = await t.call('POST', '/v1/webhooks', {
    body: { url: 'https://receiver.example/fuzz', events: ['key.created'] },
  });
  ids.webhooks = webhook.body.webhook.id;
  const delivery = await t.call('POST', `/v1/webhooks/${ids.webhooks}/test`, { body: {} });
  ids.deliveryId = delivery.body.delivery.id;
  ids['admin-tokens'] = (await createAdminToken({ dataDir: t.dataDir, role: 'admin', name: 'Fuzz target' })).id;
  const auditor = (await createAdminToken({ dataDir: t.dataDir, role: 'auditor', name: 'Fuzz auditor' })).token;
  credentials = {
    valid: (operation) => (operation.access === 'api_key' ? caller.secret : t.ownerToken),
    apiKey: caller.secret,
    auditor,
  };
  return { key: caller.secret, keyId: target.apiKey.id, url: 'https://receiver.example/fuzz', ip: '203.0.113.7' };
}

type Document = { paths: Record<string, Record<string, OpenApiOperation>> };
type OpenApiOperation = {
  parameters: Array<{ name: string; in: string; required: boolean; schema: JsonSchema }>;
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, unknown>;
  security: unknown[];
  'x-roles'?: string[];
};

function operationsOf(document: Document): Operation[] {
  return Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      access: operation.security.length === 0 ? 'public' : operation['x-roles'] ? 'admin' : 'api_key',
      roles: operation['x-roles'] ?? [],
      query: operation.parameters.filter((parameter) => parameter.in === 'query'),
      body: operation.requestBody?.content['application/json'].schema ?? null,
      statuses: new Set(Object.keys(operation.responses).map(Number)),
    })),
  );
}

function allStatuses(): Set<number> {
  return new Set(operations.flatMap((operation) => [...operation.statuses]));
}
