/**
 * The harness's control endpoints (token already checked):
 *   POST /__harness/clock  {"advanceDays": n} | {"advanceSeconds": n} | {"set": ISO}  → {"now": ISO}
 *   GET  /__harness/clock                                                            → {"now": ISO}
 *   GET  /__harness/events                                                           → recorded OS events, in order
 *   POST /__harness/notifications/{n}/click   the n-th recorded notification (from 0) is clicked  → {"opened": target}
 *   POST /__harness/tray/click  {"label": "<a line of the tray's menu>"}              → {"clicked": command}
 *   POST /__harness/system/wake  {"reason": "resume" | "online"} (default resume)      → {"woke": reason}
 *
 * A click goes the way a real one does: a notification's target goes to the core, which tells the
 * window to open it (`reminders:open`); a tray line runs its command as the app's tray does. The
 * tray's menu lines are in the last `tray-menu` event's `items`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { DAY_MS } from '../shared/api/index.ts';
import type { ManualClock } from '../shared/clock.ts';
import { NotificationTarget } from '../shared/reminders.ts';
import { runTrayCommand, type TrayHost } from '../main/core/reminders/tray-menu-template.ts';
import type { EventRecorder, RecordingSystemEvents, RecordingTray } from './recording-ports.ts';

// Far beyond any expiry, reminder or purge a test waits for, and far inside what a Date can hold:
// a move of 1e12 days used to make the clock an Invalid Date and end the harness.
const MAX_MOVE_DAYS = 36_525; // 100 years
const MAX_MOVE_SECONDS = (MAX_MOVE_DAYS * DAY_MS) / 1000;
const EARLIEST = Date.parse('1970-01-01T00:00:00Z');
// A year short of the last date an ISO time can write with four digits: the app looks a year
// ahead (the dashboard's twelve months, keys made now and expiring in a year), and every time
// it sends crosses the contract as such an ISO time.
const LATEST = Date.parse('9998-12-31T23:59:59.999Z');

const ClockMove = z.union([
  z.strictObject({ advanceDays: z.number().min(-MAX_MOVE_DAYS).max(MAX_MOVE_DAYS) }),
  z.strictObject({ advanceSeconds: z.number().min(-MAX_MOVE_SECONDS).max(MAX_MOVE_SECONDS) }),
  z.strictObject({ set: z.iso.datetime({ offset: true }) }),
]);
const TrayClick = z.strictObject({ label: z.string().min(1).max(1000) });
const Wake = z.strictObject({ reason: z.enum(['resume', 'online']).default('resume') });
const NOTIFICATION_CLICK = /^\/__harness\/notifications\/(\d{1,6})\/click$/;

export interface HarnessApiContext {
  clock: ManualClock;
  recorder: EventRecorder;
  system: RecordingSystemEvents;
  tray: RecordingTray;
  /** What the tray's lines do; the harness's page is the window, always open. */
  trayHost: TrayHost;
}

const CLOCK_MOVE_HELP =
  'Send {"advanceDays": n}, {"advanceSeconds": n} or {"set": "<ISO time>"}; a move spans at most 100 years ' +
  `(${MAX_MOVE_DAYS} days) either way and the clock stays between the years 1970 and 9998.`;

export async function handleHarnessApi(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  context: HarnessApiContext,
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
  const click = NOTIFICATION_CLICK.exec(pathname);
  if (click && request.method === 'POST') {
    const notifications = context.recorder.events.filter((event) => event.kind === 'notification');
    const shown = notifications[Number(click[1])];
    if (!shown) {
      const message = `There are ${notifications.length} recorded notifications, numbered from 0.`;
      return json(404, { error: 'Not Found', code: 'not_found', message });
    }
    const target = NotificationTarget.safeParse(shown.data.target);
    if (!target.success) {
      return json(409, { error: 'Conflict', code: 'conflict', message: 'This notification opens nothing.' });
    }
    context.trayHost.openReminder(target.data);
    return json(200, { opened: target.data });
  }
  if (pathname === '/__harness/tray/click' && request.method === 'POST') {
    const parsed = TrayClick.safeParse(await readJson(request));
    const lines = context.tray.entries.flatMap((entry) => (entry.type === 'normal' && entry.enabled ? [entry] : []));
    const line = parsed.success ? lines.find((entry) => entry.label === parsed.data.label) : undefined;
    if (!line?.command) {
      const message = `Send {"label": …} with one of the tray's lines: ${lines.map((entry) => JSON.stringify(entry.label)).join(', ')}.`;
      return json(parsed.success ? 404 : 400, {
        error: parsed.success ? 'Not Found' : 'Bad Request',
        code: parsed.success ? 'not_found' : 'invalid_request',
        message,
      });
    }
    if (line.command.kind === 'quit') {
      const message = 'The harness does not quit from its tray: stop its process instead.';
      return json(409, { error: 'Conflict', code: 'conflict', message });
    }
    runTrayCommand(line.command, context.trayHost);
    return json(200, { clicked: line.command });
  }
  if (pathname === '/__harness/system/wake' && request.method === 'POST') {
    const parsed = Wake.safeParse((await readJson(request)) ?? {});
    if (!parsed.success) {
      const message = 'Send {"reason": "resume"} (woke from sleep) or {"reason": "online"} (network back).';
      return json(400, { error: 'Bad Request', code: 'invalid_request', message });
    }
    context.system.wake(parsed.data.reason);
    return json(200, { woke: parsed.data.reason });
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
