/**
 * The harness's control endpoints (token already checked):
 *   POST /__harness/clock  {"advanceDays": n} | {"advanceSeconds": n} | {"set": ISO}  → {"now": ISO}
 *   GET  /__harness/clock                                                            → {"now": ISO}
 *   GET  /__harness/events                                                           → recorded OS events, in order
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { DAY_MS } from '../shared/api/index.ts';
import type { ManualClock } from '../shared/clock.ts';
import type { EventRecorder } from './recording-ports.ts';

const ClockMove = z.union([
  z.strictObject({ advanceDays: z.number().finite() }),
  z.strictObject({ advanceSeconds: z.number().finite() }),
  z.strictObject({ set: z.iso.datetime({ offset: true }) }),
]);

export async function handleHarnessApi(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  context: { clock: ManualClock; recorder: EventRecorder },
): Promise<void> {
  const json = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  };
  if (pathname === '/__harness/events' && request.method === 'GET') return json(200, context.recorder.events);
  if (pathname === '/__harness/clock' && request.method === 'GET')
    return json(200, { now: context.clock.now().toISOString() });
  if (pathname === '/__harness/clock' && request.method === 'POST') {
    const parsed = ClockMove.safeParse(await readJson(request));
    if (!parsed.success) {
      return json(400, {
        error: 'Bad Request',
        code: 'invalid_request',
        message: 'Send {"advanceDays": n}, {"advanceSeconds": n} or {"set": "<ISO time>"}.',
      });
    }
    const move = parsed.data;
    const now =
      'set' in move
        ? context.clock.set(new Date(move.set))
        : context.clock.advance('advanceDays' in move ? move.advanceDays * DAY_MS : move.advanceSeconds * 1000);
    return json(200, { now: now.toISOString() });
  }
  json(404, { error: 'Not Found', code: 'not_found' });
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > 10_000) return null;
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}
