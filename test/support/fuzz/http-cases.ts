/**
 * Malformed HTTP requests for one operation of the OpenAPI document, each with exactly one
 * thing wrong: the credential, the body (invalid JSON, a wrong or hostile field, an oversized
 * or deeply nested value), its media type, a query parameter, a path id, the method or a header.
 */
import { HOSTILE_NUMBERS, HOSTILE_STRINGS, hostileJson, randomString } from './hostile-values.ts';
import { caseJson, createInputCase, type Hints, type JsonSchema } from './input-cases.ts';
import type { Prng } from './prng.ts';

export interface Operation {
  method: string;
  /** OpenAPI template: `/v1/api-keys/{id}`. */
  path: string;
  access: 'public' | 'api_key' | 'admin';
  roles: string[];
  query: Array<{ name: string; required: boolean; schema: JsonSchema }>;
  body: JsonSchema | null;
  /** Statuses the document lists for it. */
  statuses: Set<number>;
}

export interface Credentials {
  /** Per route: an admin token of a role it accepts, or an API key for key routes. */
  valid(operation: Operation): string;
  apiKey: string;
  /** A valid admin token of a role that may only read. */
  auditor: string;
}

export interface HttpCase {
  label: string;
  method: string;
  /** As sent on the wire: already percent-encoded where it should be. */
  path: string;
  /** A list sends the header once per value. */
  headers: Record<string, string | string[]>;
  body: Buffer | null;
  mustRefuse: boolean;
}

export const BODY_LIMIT = 64 * 1024;
/** Node's limit for the request line and headers together. */
const HEADER_LIMIT = 16 * 1024;

const INVALID_JSON = [
  '{',
  '{"name":}',
  "{'name':'x'}",
  '[1,]',
  'NaN',
  '{"a":1}{"b":2}',
  '{"a":"\u0001"}',
  'undefined',
  '{"a":01}',
  '}',
];
const NOT_JSON_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'text/html',
  'application/octet-stream',
];
/** Path ids as they appear on the wire. */
const ODD_IDS = [
  'a'.repeat(101),
  'a'.repeat(5_000),
  '',
  '%00',
  'key%00',
  '.',
  '..',
  '..%2F..%2Fworkspace',
  '%2e%2e',
  '%2F',
  '%E0%A4%A',
  '%',
  '%ED%A0%80',
  '%C0%AE%C0%AE',
  '%E2%80%AE',
  '%20',
  encodeURIComponent('ключ🔑'),
  'caf\u00e9',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '*',
  "'%20OR%201%3D1--",
];
const ODD_HEADERS: Array<Record<string, string>> = [
  { 'x-forwarded-for': '999.1.1.1, <script>' },
  { accept: 'application/xml' },
  { 'accept-encoding': 'gzip;q=NaN, *;q=-1' },
  { 'user-agent': 'u'.repeat(8_000) },
  { 'content-encoding': 'gzip' },
  { expect: '100-continue' },
  { 'x-http-method-override': 'DELETE' },
];
const OTHER_METHODS = ['PUT', 'OPTIONS', 'TRACE', 'GET', 'POST', 'PATCH', 'DELETE', 'SEARCH'];

export function createHttpCase(
  prng: Prng,
  operation: Operation,
  ids: (parameter: string, template: string) => string,
  credentials: Credentials,
  hints: Hints,
): HttpCase {
  const bare: HttpCase = {
    label: 'nothing wrong',
    method: operation.method,
    path: fillPath(operation.path, (name) => ids(name, operation.path)) + queryString(baseQuery(operation, hints)),
    headers: operation.access === 'public' ? {} : { authorization: `Bearer ${credentials.valid(operation)}` },
    body: null,
    mustRefuse: false,
  };
  const valid = operation.body ? json(bare, Buffer.from(caseJson(baseBody(prng, operation, hints)))) : bare;
  const sendsBody = operation.method !== 'GET';
  const faults = [
    ...(operation.access === 'public' ? [] : ['credential', 'credential']),
    ...(sendsBody ? ['invalid-json', 'media-type', 'oversized-body'] : []),
    ...(operation.body ? ['body', 'body', 'body', 'body'] : []),
    ...(operation.query.length > 0 ? ['query', 'query'] : []),
    ...(operation.path.includes('{') ? ['path-id', 'path-id'] : []),
    'query-extra',
    'method',
    'header',
  ];
  const fault = prng.pick(faults);
  switch (fault) {
    case 'credential':
      return withCredential(prng, valid, operation, credentials);
    case 'invalid-json': {
      const text = prng.pick(INVALID_JSON);
      return { ...json(valid, Buffer.from(text)), label: `the body is not JSON: ${text}`, mustRefuse: true };
    }
    case 'media-type': {
      const type = prng.pick(NOT_JSON_TYPES);
      const body = valid.body ?? Buffer.from('{}');
      return {
        ...valid,
        body,
        headers: { ...valid.headers, 'content-type': type },
        label: `sent as ${type}`,
        mustRefuse: true,
      };
    }
    case 'oversized-body': {
      const text = JSON.stringify({ name: 'o'.repeat(prng.chance(0.5) ? 1024 * 1024 : BODY_LIMIT) });
      return { ...json(valid, Buffer.from(text)), label: `a ${text.length}-byte body`, mustRefuse: true };
    }
    case 'body': {
      const input = createInputCase(prng, operation.body!, hints, 'http');
      const body = Buffer.from(caseJson(input));
      // An empty or `null` body means "no fields" (a revoke without a reason).
      const isNull = input.fault.kind === 'whole' && input.fault.hostile.type === 'null';
      const noneRequired = ((operation.body!.required as string[] | undefined) ?? []).length === 0;
      const mustRefuse = body.length > BODY_LIMIT || (input.mustRefuse && !(isNull && noneRequired));
      return { ...json(valid, body), label: `body: ${input.label}`, mustRefuse };
    }
    case 'query':
      return withQuery(prng, valid, operation, hints);
    case 'query-extra': {
      const name = prng.pick(['__proto__', 'constructor', 'a[b][c]', 'token', 'zzz', '']);
      const value = percentEncode(prng.chance(0.5) ? (randomString(prng).value as string) : 'x');
      const separator = valid.path.includes('?') ? '&' : '?';
      return {
        ...valid,
        path: `${valid.path}${separator}${percentEncode(name)}=${value}`,
        label: `an unknown query parameter ${name}`,
      };
    }
    case 'path-id': {
      const odd = prng.pick(ODD_IDS);
      const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      const target = prng.pick(names);
      const path = fillPath(operation.path, (name) => (name === target ? odd : ids(name, operation.path)));
      const query = valid.path.includes('?') ? valid.path.slice(valid.path.indexOf('?')) : '';
      return { ...valid, path: path + query, label: `path ${target} = ${odd}`, mustRefuse: true };
    }
    case 'method': {
      const method = prng.pick(OTHER_METHODS.filter((candidate) => candidate !== operation.method));
      return { ...valid, method, label: `method ${method}`, mustRefuse: false };
    }
    default: {
      const headers = prng.pick(ODD_HEADERS);
      return { ...valid, headers: { ...valid.headers, ...headers }, label: `header ${Object.keys(headers)[0]}` };
    }
  }
}

function withCredential(prng: Prng, valid: HttpCase, operation: Operation, credentials: Credentials): HttpCase {
  const token = credentials.valid(operation);
  const wrongKind =
    operation.access === 'api_key' ? credentials.valid({ ...operation, access: 'admin' }) : credentials.apiKey;
  const variants: Array<[string, string | string[] | null, boolean]> = [
    ['no credential', null, true],
    ['an empty Bearer', 'Bearer ', true],
    ['Basic credentials', 'Basic dXNlcjpwYXNz', true],
    ['the token with a character more', `Bearer ${token}x`, true],
    ['the token with a character less', `Bearer ${token.slice(0, -1)}`, true],
    ['the token twice', `Bearer ${token} ${token}`, true],
    ['a token-shaped string', `Bearer lsa_${'A'.repeat(43)}`, true],
    ['a 10,000-character token', `Bearer ${'a'.repeat(10_000)}`, true],
    ['the other kind of credential', `Bearer ${wrongKind}`, true],
    [
      'an auditor token',
      `Bearer ${credentials.auditor}`,
      operation.access !== 'admin' || !operation.roles.includes('auditor'),
    ],
    ['a lowercase scheme', `bearer ${token}`, false],
    ['a second Authorization header after the valid one', [`Bearer ${token}`, 'Bearer lsa_forged'], false],
    ['a second Authorization header before the valid one', ['Bearer lsa_forged', `Bearer ${token}`], true],
  ];
  const [label, header, mustRefuse] = prng.pick(variants);
  const headers = { ...valid.headers };
  delete headers.authorization;
  if (header !== null) headers.authorization = header;
  return { ...valid, headers, label: `credential: ${label}`, mustRefuse };
}

function withQuery(prng: Prng, valid: HttpCase, operation: Operation, hints: Hints): HttpCase {
  const parameter = prng.pick(operation.query);
  const hostile = prng.pick([...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, randomString(prng)]);
  const raw = prng.chance(0.15) ? prng.pick(['%FF', '%ED%A0%80', '%', '%zz', '%00', '%E0%A4%A']) : null;
  const text = typeof hostile.value === 'string' ? hostile.value : hostileJson(hostile);
  const query = { ...baseQuery(operation, hints) };
  delete query[parameter.name];
  const path =
    valid.path.split('?')[0]! + queryString(query, `${percentEncode(parameter.name)}=${raw ?? percentEncode(text)}`);
  const received = raw === null ? text.toWellFormed() : safeDecode(raw);
  const mustRefuse = path.length > HEADER_LIMIT || refusedQueryValue(parameter.schema, received);
  return { ...valid, path, label: `query ${parameter.name} = ${raw ?? hostile.label}`, mustRefuse };
}

/** What the schema of a query parameter says of a value, as far as it can be told without zod. */
function refusedQueryValue(schema: JsonSchema, value: string): boolean {
  if (Array.isArray(schema.enum)) return !schema.enum.includes(value);
  if (schema.type === 'integer') {
    const number = Number(value);
    const minimum = typeof schema.minimum === 'number' ? schema.minimum : -Infinity;
    const maximum = typeof schema.maximum === 'number' ? schema.maximum : Infinity;
    return !Number.isSafeInteger(number) || number < minimum || number > maximum;
  }
  return false;
}

function baseBody(prng: Prng, operation: Operation, hints: Hints) {
  return { ...createInputCase(prng, operation.body!, hints, 'http'), fault: { kind: 'none' as const } };
}

function baseQuery(operation: Operation, hints: Hints): Record<string, string> {
  const query: Record<string, string> = {};
  for (const parameter of operation.query) {
    if (!parameter.required) continue;
    const hint = hints[parameter.name];
    query[parameter.name] =
      typeof hint === 'string' ? hint : parameter.schema.format === 'date-time' ? '2029-12-01T00:00:00.000Z' : 'fuzz';
  }
  return query;
}

function queryString(query: Record<string, string>, extra?: string): string {
  const pairs = Object.entries(query).map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`);
  if (extra !== undefined) pairs.push(extra);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

function fillPath(template: string, id: (name: string) => string): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => id(name));
}

function json(valid: HttpCase, body: Buffer): HttpCase {
  return { ...valid, body, headers: { ...valid.headers, 'content-type': 'application/json' } };
}

/** Every UTF-8 byte but the unreserved ones; a lone surrogate is sent as U+FFFD (encodeURIComponent throws). */
export function percentEncode(value: string): string {
  let encoded = '';
  for (const byte of Buffer.from(value.toWellFormed(), 'utf8')) {
    const char = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
