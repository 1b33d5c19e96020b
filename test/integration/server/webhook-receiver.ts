import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openSqliteStorage } from '../../../src/server/storage/sqlite/index.ts';
import type { WebhookAttempt } from '../../../src/server/storage/repositories.ts';

export interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  server: Server;
  close(): Promise<void>;
}

/** How a receiver answers once it has read a delivery; the default accepts it with 204. */
export type Answer = (response: ServerResponse, request: IncomingMessage) => void;

/** A real webhook receiver on loopback that records every delivery it reads. */
export async function startReceiver(answer: Answer = (response) => response.writeHead(204).end()): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      answer(response, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every attempt to deliver to one webhook, read from the data directory beside the running server. */
export async function deliveriesOf(dataDir: string, webhookId: string): Promise<WebhookAttempt[]> {
  const storage = openSqliteStorage(dataDir);
  try {
    return await storage.webhooks.attempts(webhookId);
  } finally {
    storage.close();
  }
}
