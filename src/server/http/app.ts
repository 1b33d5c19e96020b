import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ErrorBody } from '../../shared/api/index.ts';
import { ProblemError, TITLE_BY_STATUS, type Problem } from '../domain/result.ts';
import { credentialInUrl, LOG_SERIALIZERS } from './credentials-in-url.ts';
import { registerRoutes, type AnyRoute, type Gatekeeper } from './route-registry.ts';

export const BODY_LIMIT_BYTES = 64 * 1024;
const TRUSTED_PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

export interface AppOptions {
  routes: AnyRoute[];
  gatekeeper: Gatekeeper;
  logger: FastifyServerOptions['logger'];
  https: { cert: string | Buffer; key: string | Buffer } | null;
  /**
   * Behind a reverse proxy, the client is the address the proxy appended to X-Forwarded-For.
   * Off by default: without a proxy the header is whatever the client wrote.
   */
  trustProxy?: boolean;
}

/** Never log a credential: the Authorization header is redacted wherever a request is logged. */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'];

export function buildApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: withRedactedUrls(options.logger),
    bodyLimit: BODY_LIMIT_BYTES,
    // Proxies are trusted on loopback and private networks only, and the client is the
    // rightmost forwarded address that is not one: what a client writes itself comes before it.
    trustProxy: options.trustProxy ? TRUSTED_PROXY_RANGES : false,
    ...(options.https ? { https: { ...options.https, minVersion: 'TLSv1.2' as const } } : {}),
  }) as unknown as FastifyInstance;

  // Accept an empty JSON body (e.g. `POST …/revoke` with no reason) as "no fields".
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new ProblemError({ code: 'invalid_request', message: 'The request body is not valid JSON.' }), undefined);
    }
  });

  app.addHook('onRequest', async (request) => {
    const refused = credentialInUrl(request.url);
    if (refused) throw new ProblemError(refused);
  });

  app.setErrorHandler((error, request, reply) => {
    const { status, problem } = toProblem(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (problem.retryAfterSeconds !== undefined) reply.header('retry-after', String(problem.retryAfterSeconds));
    return reply.code(status).send(errorBody(status, problem));
  });

  app.setNotFoundHandler((request, reply) => {
    const problem: Problem = {
      code: 'not_found',
      message: `There is no route ${request.method} ${request.url.split('?')[0]}.`,
    };
    return reply.code(404).send(errorBody(404, problem));
  });

  registerRoutes(app, options.routes, options.gatekeeper);
  return app;
}

/** Query strings (and anything shaped like a credential) never reach the log. */
function withRedactedUrls(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger;
  const options = logger === true ? { level: 'info' } : logger;
  return { ...options, serializers: { ...options.serializers, ...LOG_SERIALIZERS } };
}

/** 401 is exactly `{"error":"Unauthorized","code":"invalid_key"}` (seed 002's stable contract). */
function errorBody(status: number, problem: Problem): ErrorBody {
  if (problem.code === 'invalid_key') return { error: 'Unauthorized', code: 'invalid_key' };
  return {
    error: TITLE_BY_STATUS[status] ?? 'Error',
    code: problem.code,
    message: problem.message,
    ...(problem.fields ? { fields: problem.fields } : {}),
  };
}

function toProblem(error: unknown): { status: number; problem: Problem } {
  if (error instanceof ProblemError) return { status: error.status, problem: error.problem };
  const fastifyError = error as { code?: string; statusCode?: number; message?: string };
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      status: 413,
      problem: { code: 'invalid_request', message: `The request body exceeds ${BODY_LIMIT_BYTES / 1024} KiB.` },
    };
  }
  const statusCode = fastifyError.statusCode ?? 500;
  if (statusCode >= 400 && statusCode < 500) {
    return {
      status: statusCode === 415 ? 415 : 400,
      problem: {
        code: 'invalid_request',
        message: 'The request could not be read; send a JSON body with Content-Type: application/json.',
      },
    };
  }
  return {
    status: 500,
    problem: { code: 'internal_error', message: 'Something went wrong on the server; try again.' },
  };
}
