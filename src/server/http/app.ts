import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { ProblemError } from '../domain/result.ts';
import { credentialInUrl, LOG_SERIALIZERS } from './credentials-in-url.ts';
import {
  allowedMethods,
  answerClientError,
  answerFrameworkError,
  BODY_LIMIT_BYTES,
  errorBody,
  MAX_PARAM_LENGTH,
  toProblem,
} from './http-errors.ts';
import { registerRoutes, type AnyRoute, type Gatekeeper } from './route-registry.ts';
import { trustFunction, type TrustedProxies } from './trusted-proxies.ts';

export interface AppOptions {
  routes: AnyRoute[];
  gatekeeper: Gatekeeper;
  logger: FastifyServerOptions['logger'];
  https: { cert: string | Buffer; key: string | Buffer } | null;
  /**
   * Behind reverse proxies, the client is the first X-Forwarded-For hop from the right that is
   * not one of them. Off by default: without a proxy the header is whatever the client wrote.
   */
  trustProxy?: TrustedProxies | undefined;
}

/** Never log a credential: the Authorization header is redacted wherever a request is logged. */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'];

export function buildApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: withRedactedUrls(options.logger),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: options.trustProxy ? trustFunction(options.trustProxy) : false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // Requests that arrive while the server stops get the service's own 503 body (below).
    return503OnClosing: false,
    ...(options.https ? { https: { ...options.https, minVersion: 'TLSv1.2' as const } } : {}),
  }) as unknown as FastifyInstance;

  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', async () => {
    if (closing) {
      const message = 'The server is shutting down; try again in a moment.';
      throw new ProblemError({ code: 'internal_error', message }, 503);
    }
  });

  // Bodies are JSON or nothing: any other media type is 415, not a string the schemas then refuse.
  app.removeContentTypeParser('text/plain');

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
    if (status >= 500 && status !== 503) request.log.error({ err: error }, 'request failed');
    if (problem.retryAfterSeconds !== undefined) reply.header('retry-after', String(problem.retryAfterSeconds));
    return reply.code(status).send(errorBody(status, problem));
  });

  const methodsOf = allowedMethods(options.routes);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = methodsOf(path);
    if (allowed) {
      const message = `${path} answers ${allowed.join(', ')}, not ${request.method}.`;
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(errorBody(405, { code: 'invalid_request', message }));
    }
    return reply
      .code(404)
      .send(errorBody(404, { code: 'not_found', message: `There is no route ${request.method} ${path}.` }));
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
