import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../src/shared/clock.ts';
import { initWorkspace, startServer, type RunningServer, type StartServerOptions } from '../../../src/server/index.ts';

export interface TestServer {
  server: RunningServer;
  url: string;
  dataDir: string;
  clock: ManualClock;
  ownerToken: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON fields of responses
  call(method: string, path: string, options?: CallOptions): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export async function startTestServer(
  options: Partial<Omit<StartServerOptions, 'dataDir' | 'clock'>> & { start?: Date } = {},
): Promise<TestServer> {
  const root = mkdtempSync(join(tmpdir(), 'keywarden-server-'));
  const dataDir = join(root, 'data');
  // Frozen between moves, so tests can assert exact durations.
  const clock = new ManualClock(options.start ?? new Date('2030-01-01T00:00:00.000Z'), () => 0);
  const { ownerToken } = await initWorkspace({ dataDir, name: 'Acme', clock });
  const { start: _start, ...serverOptions } = options;
  const server = await startServer({ dataDir, port: 0, clock, lifecycleIntervalMs: 3_600_000, ...serverOptions });
  const call: TestServer['call'] = async (method, path, callOptions = {}) => {
    const token = callOptions.token === undefined ? ownerToken : callOptions.token;
    const headers: Record<string, string> = { ...callOptions.headers };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (callOptions.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(callOptions.body !== undefined
        ? { body: typeof callOptions.body === 'string' ? callOptions.body : JSON.stringify(callOptions.body) }
        : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  };
  return {
    server,
    url: server.url,
    dataDir,
    clock,
    ownerToken,
    call,
    stop: async () => {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export const UNAUTHORIZED = { error: 'Unauthorized', code: 'invalid_key' };
export const DAY = 24 * 60 * 60 * 1000;
