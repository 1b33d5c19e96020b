/**
 * The browser harness: serves the built renderer on 127.0.0.1 and bridges `window.keywarden`
 * over a WebSocket to the REAL core, through the same contract and dispatcher as the preload.
 * Electron-only surfaces go to recording ports; time comes from a ManualClock shared by the core
 * and its embedded service. Every request needs the random token (query, bearer or cookie).
 * A development and test tool: never part of the packaged app.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { ManualClock } from '../shared/clock.ts';
import { createCore, openSecretStore } from '../main/core/index.ts';
import { createDispatch } from '../main/core/ipc-dispatch.ts';
import type { TrayHost } from '../main/core/reminders/tray-menu-template.ts';
import { CONTENT_SECURITY_POLICY, readRendererAsset } from '../renderer-host/renderer-assets.ts';
import { bundleBridge } from './bridge-bundle.ts';
import { handleHarnessApi } from './harness-api.ts';
import { createRecordingPorts, EventRecorder } from './recording-ports.ts';
import { recordingSaveFile } from './recording-save-file.ts';

export interface HarnessOptions {
  port?: number;
  dataDir: string;
  rendererDir: string;
  keychainService?: string;
  clockStart?: Date;
}

export interface Harness {
  url: string;
  token: string;
  clock: ManualClock;
  recorder: EventRecorder;
  close(): Promise<void>;
}

const COOKIE = 'keywarden_harness';
/** The largest bridge message accepted; a bigger one closes the socket with 1009 (message too big). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const token = randomBytes(24).toString('base64url');
  const clock = new ManualClock(options.clockStart);
  const recorder = new EventRecorder(clock);
  const ports = createRecordingPorts(recorder);
  const keychain = await openSecretStore(options.keychainService ?? 'Keywarden');
  const core = await createCore(
    {
      dataDir: options.dataDir,
      clock,
      secrets: keychain.store,
      keychainBackend: keychain.backend,
      ...ports,
      saveFile: recordingSaveFile(recorder, join(options.dataDir, 'downloads')),
      fetch: globalThis.fetch,
      appVersion: 'harness',
      platform: process.platform,
    },
    { keychain: { available: keychain.available, message: keychain.message } },
  );
  const dispatch = createDispatch(core.handlers, {
    onInternalError: (channel, error) => console.error(`[harness] ${channel} failed:`, error),
  });
  const bridgeScript = await bundleBridge();
  // The page is the window, and it is always open: showing it is nothing to do.
  const trayHost: TrayHost = {
    showWindow: () => undefined,
    openReminder: (target) => core.reminders.open(target),
    reminders: core.reminders,
    quit: () => undefined,
  };

  const authorised = (request: IncomingMessage, url: URL): boolean =>
    [url.searchParams.get('token'), bearerOf(request), cookieOf(request)].some((candidate) =>
      sameToken(candidate, token),
    );

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = requestUrl(request);
    if (!url) return sendError(response, 400, 'invalid_request', 'The request URL could not be parsed.');
    if (!authorised(request, url))
      return sendError(response, 401, 'invalid_token', 'Open the URL the harness printed.');
    if (url.searchParams.get('token')) {
      response.setHeader('set-cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (url.pathname.startsWith('/__harness/')) {
      if (url.pathname === '/__harness/bridge.js')
        return send(response, 200, 'text/javascript; charset=utf-8', bridgeScript);
      return handleHarnessApi(request, response, url.pathname, {
        clock,
        recorder,
        system: ports.system,
        tray: ports.tray,
        trayHost,
      });
    }
    if (!isDecodable(url.pathname))
      return sendError(response, 400, 'invalid_request', 'The request path is not valid percent-encoding.');
    return serveRenderer(response, options.rendererDir, url.pathname);
  }

  // One bad request must never take the harness (and every test using it) down.
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('[harness] request failed:', error);
      if (!response.headersSent) sendError(response, 500, 'internal', 'The harness could not answer this request.');
      else response.destroy();
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (request, socket, head) => {
    // Node takes its own error listener off an upgraded socket: a reset here would be uncaught.
    socket.on('error', () => socket.destroy());
    const url = requestUrl(request);
    if (!url) return void socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    const sameOrigin = request.headers.origin === undefined || request.headers.origin === originOf(server);
    if (url.pathname !== '/__harness/ws' || !authorised(request, url) || !sameOrigin) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => bridge(ws));
  });

  function bridge(ws: WebSocket): void {
    const unsubscribe = core.onEvent((event, payload) => ws.send(JSON.stringify({ type: 'event', event, payload })));
    ws.on('close', unsubscribe);
    // An oversized message makes ws close the socket with 1009 and report it here; unheard, the
    // error event would end the process.
    ws.on('error', (error) => console.error(`[harness] WebSocket closed: ${error.message}`));
    ws.on('message', async (raw) => {
      let message: { id?: unknown; channel?: unknown; input?: unknown };
      try {
        message = JSON.parse(String(raw)) as typeof message;
      } catch {
        return;
      }
      if (typeof message.id !== 'number' || typeof message.channel !== 'string') return;
      const result = await dispatch(message.channel, message.input);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id: message.id, result }));
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `${originOf(server)}/?token=${token}`;

  return {
    url,
    token,
    clock,
    recorder,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.dispose();
    },
  };
}

function originOf(server: ReturnType<typeof createServer>): string {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The harness is not listening.');
  return `http://127.0.0.1:${address.port}`;
}

async function serveRenderer(response: ServerResponse, rendererDir: string, pathname: string): Promise<void> {
  const asset = await readRendererAsset(rendererDir, pathname);
  if (!asset) return send(response, 404, 'text/plain', 'Not found');
  // The bridge must define window.keywarden before the app's module script runs.
  const body = asset.isIndex
    ? asset.body.toString('utf8').replace('<head>', '<head>\n    <script src="/__harness/bridge.js"></script>')
    : asset.body;
  send(response, 200, asset.contentType, body);
}

/** The request target as a URL, or null for one no URL parser accepts (`http://[`, port 99999). */
function requestUrl(request: IncomingMessage): URL | null {
  const target = request.url ?? '/';
  return URL.canParse(target, 'http://127.0.0.1') ? new URL(target, 'http://127.0.0.1') : null;
}

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  send(response, status, 'application/json', JSON.stringify({ error: STATUS_CODES[status], code, message }));
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, {
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'cache-control': 'no-store',
  });
  response.end(body);
}

function bearerOf(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : null;
}

function cookieOf(request: IncomingMessage): string | null {
  const match = new RegExp(`(?:^|;\\s*)${COOKIE}=([^;]+)`).exec(request.headers.cookie ?? '');
  return match?.[1] ?? null;
}

function sameToken(candidate: string | null, token: string): boolean {
  if (candidate === null || candidate.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(candidate), Buffer.from(token));
}
