import { connect, type AddressInfo } from 'node:net';
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

  it('answers a request that arrives while the server stops with 503 internal_error, not a bare body', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => {};
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    const app = buildApp({
      routes: [
        defineRoute({
          method: 'GET',
          url: '/slow',
          summary: 'waits',
          tag: 'test',
          access: { kind: 'public' },
          handle: async () => {
            entered();
            await held;
            return { ok: true };
          },
        }),
      ],
      gatekeeper: openGate,
      logger: false,
      https: null,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    const answers = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
    });
    const slow = 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n';
    socket.write(slow);
    await inFlight;
    const closed = app.close();
    await new Promise((resolve) => setTimeout(resolve, 50)); // closing has begun
    // A second request on the same keep-alive connection, read while the first is still running.
    socket.write(slow);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const text = await answers;
    await closed;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    const second = text.slice(text.indexOf('HTTP/1.1', 1));
    expect(second).toMatch(/^HTTP\/1\.1 503 /);
    expect(JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4))).toEqual({
      error: 'Service Unavailable',
      code: 'internal_error',
      message: 'The server is shutting down; try again in a moment.',
    });
  });
});
