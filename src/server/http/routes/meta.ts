import { z } from 'zod';
import { buildOpenApiDocument } from '../openapi.ts';
import { defineRoute, type AnyRoute } from '../route-registry.ts';

const Health = z.object({ ok: z.literal(true) });

/** Unauthenticated routes. `documentedRoutes` is read lazily so the document lists every route. */
export function metaRoutes(documentedRoutes: () => AnyRoute[]): AnyRoute[] {
  let document: unknown = null;
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/health',
      summary: 'Liveness check',
      tag: 'Service',
      access: { kind: 'public' },
      response: Health,
      handle: () => ({ ok: true }),
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
