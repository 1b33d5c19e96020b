import { z } from 'zod';
import { buildOpenApiDocument } from '../openapi.ts';
import { defineRoute, type AnyRoute } from '../route-registry.ts';

const Health = z.object({ ok: z.boolean(), database: z.enum(['reachable', 'unreachable']) });

/** How long the health check waits for the database before calling it unreachable. */
const DATABASE_TIMEOUT_MS = 2_000;

/**
 * Unauthenticated routes. `documentedRoutes` is read lazily so the document lists every route.
 * The health check asks the database, so a load balancer takes a node that lost it out of rotation
 * (503) instead of sending it requests it can only fail.
 */
export function metaRoutes(documentedRoutes: () => AnyRoute[], pingDatabase: () => Promise<void>): AnyRoute[] {
  let document: unknown = null;
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/health',
      summary: 'Health check: 200 when the database answers, 503 when it does not',
      tag: 'Service',
      access: { kind: 'public' },
      response: Health,
      handle: async ({ reply }) => {
        if (await answersWithin(pingDatabase(), DATABASE_TIMEOUT_MS)) return { ok: true, database: 'reachable' };
        reply.code(503);
        return { ok: false, database: 'unreachable' };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/openapi.json',
      summary: 'This document',
      tag: 'Service',
      access: { kind: 'public' },
      handle: () => (document ??= buildOpenApiDocument(documentedRoutes(), null)),
    }),
  ];
}

async function answersWithin(ping: Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      ping.then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
