import { z } from 'zod';
import { ErrorBody } from '../../shared/api/index.ts';
import type { AnyRoute } from './route-registry.ts';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** Errors any request can meet, before or after routing. Every body carries one of ErrorCode. */
const COMMON_ERRORS: Record<string, string> = {
  '400':
    'invalid_request: the URL, query or body failed validation (see `fields`), or the request was not valid HTTP; also a credential sent in the URL, or in another header (X-Api-Key, Cookie, Authorization: Basic …), instead of Authorization: Bearer',
  '404': 'not_found: no such route, or no item with this id',
  '405': 'invalid_request: the path exists but not for this method (see the Allow header)',
  '414': 'invalid_request: a path segment (an id) is over 100 characters',
  '431': 'invalid_request: the request line and headers are over 16 KiB',
  '500': 'internal_error',
  '503': 'internal_error: the server is shutting down; try again',
};
const BODY_ERRORS: Record<string, string> = {
  '413': 'invalid_request: the body is over 64 KiB',
  '415': 'invalid_request: the body is not sent as application/json',
};
const AUTHENTICATED_ERRORS: Record<string, string> = {
  '401': 'invalid_key: missing, malformed, unknown, revoked or expired credential',
  '403': 'forbidden / insufficient_scope',
  '409': 'conflict',
  '429':
    'rate_limited: too many failed authentications from this address (see Retry-After); valid credentials are still served',
};

/** OpenAPI 3.1 generated from the same route declarations Fastify serves. */
export function buildOpenApiDocument(routes: AnyRoute[], serverUrl: string | null): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchema = toSchema(ErrorBody, 'output');
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [...route.url.matchAll(/:(\w+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (route.query) {
      const query = toSchema(route.query, 'input');
      const required = new Set((query.required as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries((query.properties as Record<string, unknown>) ?? {})) {
        parameters.push({ name, in: 'query', required: required.has(name), schema });
      }
    }
    const responses: Record<string, unknown> = {
      [String(route.status ?? 200)]: route.response
        ? { description: 'Success', content: { 'application/json': { schema: toSchema(route.response, 'output') } } }
        : { description: 'Success, no content' },
    };
    const errors = {
      ...COMMON_ERRORS,
      // Fastify reads a body on every method but GET, whether or not the route wants one.
      ...(route.body || route.method !== 'GET' ? BODY_ERRORS : {}),
      ...(route.access.kind === 'public' ? {} : AUTHENTICATED_ERRORS),
    };
    for (const status of Object.keys(errors).sort()) {
      responses[status] = {
        description: errors[status],
        content: { 'application/json': { schema: errorSchema } },
      };
    }
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method.toLowerCase()}${path.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      parameters,
      responses,
      security: route.access.kind === 'public' ? [] : [{ bearer: [] }],
      ...(route.access.kind === 'admin' ? { 'x-roles': route.access.roles } : {}),
      ...(route.access.kind === 'api_key' ? { 'x-credential': 'lsk_ API key' } : {}),
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(route.body, 'input') } },
      };
    }
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Keywarden management service',
      version: '1',
      description: 'Issues, authenticates, rotates, revokes, expires and audits API keys.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An lsa_ admin token or an lsk_ API key' },
      },
    },
    paths,
  };
}
