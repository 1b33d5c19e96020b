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

// Far beyond any expiry, reminder or purge a test waits for, and far inside what a Date can hold:
// a move of 1e12 days used to make the clock an Invalid Date and end the harness.
const MAX_MOVE_DAYS = 36_525; // 100 years
const MAX_MOVE_SECONDS = (MAX_MOVE_DAYS * DAY_MS) / 1000;
const EARLIEST = Date.parse('1970-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

const ClockMove = z.union([
  z.strictObject({ advanceDays: z.number().min(-MAX_MOVE_DAYS).max(MAX_MOVE_DAYS) }),
  z.strictObject({ advanceSeconds: z.number().min(-MAX_MOVE_SECONDS).max(MAX_MOVE_SECONDS) }),
  z.strictObject({ set: z.iso.datetime({ offset: true }) }),
]);
const CLOCK_MOVE_HELP =
  'Send {"advanceDays": n}, {"advanceSeconds": n} or {"set": "<ISO time>"}; a move spans at most 100 years ' +
  `(${MAX_MOVE_DAYS} days) either way and the clock stays between the years 1970 and 9999.`;

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
    const refuse = () => json(400, { error: 'Bad Request', code: 'invalid_request', message: CLOCK_MOVE_HELP });
    const parsed = ClockMove.safeParse(await readJson(request));
    if (!parsed.success) return refuse();
    const move = parsed.data;
    if ('set' in move) {
      const time = Date.parse(move.set);
      return isWithinClockRange(time) ? json(200, { now: context.clock.set(new Date(time)).toISOString() }) : refuse();
    }
    const by = 'advanceDays' in move ? move.advanceDays * DAY_MS : move.advanceSeconds * 1000;
    if (!isWithinClockRange(context.clock.now().getTime() + by)) return refuse();
    return json(200, { now: context.clock.advance(by).toISOString() });
  }
  json(404, { error: 'Not Found', code: 'not_found' });
}

function isWithinClockRange(time: number): boolean {
  return time >= EARLIEST && time <= LATEST;
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
