/**
 * Every error the service answers has the body `{error, code, message}` with a documented `code`,
 * including what Fastify and Node's HTTP server refuse before any route runs: undecodable URLs,
 * over-long ids, oversized headers and bodies, wrong methods and media types, malformed HTTP.
 * Messages never echo the request: a URL may carry a credential.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '../../shared/api/index.ts';
import { ProblemError, TITLE_BY_STATUS, type Problem } from '../domain/result.ts';
import type { AnyRoute } from './route-registry.ts';

export const BODY_LIMIT_BYTES = 64 * 1024;
/** Fastify's limit for one path segment (an id); no id the service issues comes near it. */
export const MAX_PARAM_LENGTH = 100;

const invalid = (message: string): Problem => ({ code: 'invalid_request', message });
const UNREADABLE_BODY = 'The request could not be read; send a JSON body with Content-Type: application/json.';

/** Fastify's own error codes, as the status and sentence a client gets. */
const FASTIFY_ERRORS: Record<string, { status: number; problem: Problem }> = {
  FST_ERR_BAD_URL: {
    status: 400,
    problem: invalid('The request URL is not valid: it has a malformed percent-encoding (like %E0%A4%A).'),
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    problem: invalid(`A path segment is longer than ${MAX_PARAM_LENGTH} characters; no id is that long.`),
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    problem: invalid(`The request body exceeds ${BODY_LIMIT_BYTES / 1024} KiB.`),
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    problem: invalid(UNREADABLE_BODY),
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    problem: invalid('The request body is not as long as its Content-Length header says.'),
  },
};

/** What Node's HTTP parser refuses, before Fastify sees a request. */
const CLIENT_ERRORS: Record<string, { status: number; problem: Problem }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    problem: invalid('The request line and headers are larger than 16 KiB.'),
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    problem: invalid('The request did not arrive in time.'),
  },
};

const NOT_HTTP = { status: 400, problem: invalid('The request is not valid HTTP/1.1.') };
const INTERNAL = {
  status: 500,
  problem: { code: 'internal_error', message: 'Something went wrong on the server; try again.' } satisfies Problem,
};

/** 401 is exactly `{"error":"Unauthorized","code":"invalid_key"}`: clients compare it whole. */
export function errorBody(status: number, problem: Problem): ErrorBody {
  if (problem.code === 'invalid_key') return { error: 'Unauthorized', code: 'invalid_key' };
  return {
    error: TITLE_BY_STATUS[status] ?? STATUS_CODES[status] ?? 'Error',
    code: problem.code,
    message: problem.message,
    ...(problem.fields ? { fields: problem.fields } : {}),
  };
}

export function toProblem(error: unknown): { status: number; problem: Problem } {
  if (error instanceof ProblemError) return { status: error.status, problem: error.problem };
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  const known = typeof code === 'string' ? FASTIFY_ERRORS[code] : undefined;
  if (known) return known;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const status = TITLE_BY_STATUS[statusCode] ? statusCode : 400;
    return {
      status,
      problem: invalid('The request could not be read; send JSON with Content-Type: application/json.'),
    };
  }
  return INTERNAL;
}

/** Fastify's `frameworkErrors`: errors raised while routing, before hooks and handlers. */
export function answerFrameworkError(error: unknown, _request: FastifyRequest, reply: FastifyReply): void {
  const { status, problem } = toProblem(error);
  void reply.code(status).send(errorBody(status, problem));
}

/** Fastify's `clientErrorHandler`: the socket gets a complete HTTP answer, then is closed. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, problem } = (error.code && CLIENT_ERRORS[error.code]) || NOT_HTTP;
  const body = JSON.stringify(errorBody(status, problem));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * The methods a path has routes for, so a wrong method answers 405 with `Allow` instead of a 404
 * that suggests the path does not exist. Null when no route has this path.
 */
export function allowedMethods(routes: AnyRoute[]): (path: string) => string[] | null {
  const patterns = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const route of routes) {
    let entry = patterns.get(route.url);
    if (!entry) {
      const pattern = new RegExp(`^${route.url.replace(/:\w+/g, '[^/]+')}$`);
      entry = { pattern, methods: new Set() };
      patterns.set(route.url, entry);
    }
    entry.methods.add(route.method);
    // Fastify answers HEAD wherever it answers GET.
    if (route.method === 'GET') entry.methods.add('HEAD');
  }
  return (path) => {
    const methods = [...patterns.values()].filter((entry) => entry.pattern.test(path)).flatMap((e) => [...e.methods]);
    return methods.length > 0 ? [...new Set(methods)].sort() : null;
  };
}
