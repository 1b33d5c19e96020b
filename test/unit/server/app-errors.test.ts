import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/http/app.ts';
import { defineRoute, type Gatekeeper } from '../../../src/server/http/route-registry.ts';

const openGate: Gatekeeper = async () => ({
  context: { actor: { type: 'system', id: null, name: 'test' }, ip: null, userAgent: null },
  adminToken: null,
  apiKey: null,
});

describe('HTTP error mapping', () => {
  it('turns an unexpected failure into internal_error without leaking its details', async () => {
    const app = buildApp({
      routes: [
        defineRoute({
          method: 'GET',
          url: '/boom',
          summary: 'fails',
          tag: 'test',
          access: { kind: 'public' },
          handle: () => {
            throw new Error('SQLITE_CORRUPT at /secret/path lsk_live_xyz');
          },
        }),
      ],
      gatekeeper: openGate,
      logger: false,
      https: null,
    });
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: 'Internal Server Error',
      code: 'internal_error',
      message: 'Something went wrong on the server; try again.',
    });
    expect(response.body).not.toContain('SQLITE');
    await app.close();
  });
});
