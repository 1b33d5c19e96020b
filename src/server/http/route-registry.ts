/**
 * One declaration per route feeds both Fastify and the OpenAPI document, so the served API and
 * its description cannot drift. Bodies and queries are parsed with the shared zod schemas.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AdminRole } from '../../shared/api/index.ts';
import { ProblemError, type Problem, type Result } from '../domain/result.ts';
import type { AdminTokenRecord, ApiKeyRecord } from '../storage/repositories.ts';
import type { RequestContext } from '../services/audit-trail.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Who may call a route: nobody needs to authenticate, an API key, or admin tokens of some roles. */
export type RouteAccess = { kind: 'public' } | { kind: 'api_key' } | { kind: 'admin'; roles: AdminRole[] };

export interface Caller {
  context: RequestContext;
  adminToken: AdminTokenRecord | null;
  apiKey: ApiKeyRecord | null;
}

export interface RouteInput<Body, Query> {
  body: Body;
  query: Query;
  params: Record<string, string>;
  caller: Caller;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<BodySchema extends z.ZodType, QuerySchema extends z.ZodType> {
  method: HttpMethod;
  /** Fastify path syntax: `/v1/api-keys/:id`. */
  url: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  body?: BodySchema;
  query?: QuerySchema;
  status?: number;
  response?: z.ZodType;
  handle(input: RouteInput<z.output<BodySchema>, z.output<QuerySchema>>): Promise<unknown> | unknown;
}

export type AnyRoute = RouteSpec<z.ZodType, z.ZodType>;

export function defineRoute<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined>(
  spec: RouteSpec<B, Q>,
): AnyRoute {
  return spec as unknown as AnyRoute;
}

/** Resolves the caller (authentication and role checks), or throws a Problem. */
export type Gatekeeper = (route: AnyRoute, request: FastifyRequest) => Promise<Caller>;

export function registerRoutes(app: FastifyInstance, routes: AnyRoute[], gatekeeper: Gatekeeper): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const caller = await gatekeeper(route, request);
        const body = route.body ? parseOrThrow(route.body, request.body ?? {}, 'body') : undefined;
        const query = route.query ? parseOrThrow(route.query, request.query ?? {}, 'query') : undefined;
        const result = await route.handle({
          body,
          query,
          params: (request.params ?? {}) as Record<string, string>,
          caller,
          request,
          reply,
        });
        // A handler may answer with its own status (the health check's 503); 200 is the default.
        if (route.status !== undefined) reply.code(route.status);
        return result === null ? reply.send() : result;
      },
    });
  }
}

/** Unwraps a service Result in a handler; a failure becomes the HTTP error body. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new ProblemError(result.problem);
  return result.value;
}

function parseOrThrow(schema: z.ZodType, value: unknown, where: 'body' | 'query'): unknown {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    // Name each unknown field, so a client sees exactly which one to drop.
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...base, key]) : [base];
    return paths.map((path) => ({ path: path.length > 0 ? path.join('.') : where, message: issue.message }));
  });
  const problem: Problem = {
    code: 'invalid_request',
    message: `The request ${where} is not valid: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}.`,
    fields,
  };
  throw new ProblemError(problem);
}
