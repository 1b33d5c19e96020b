/**
 * Browser side of the harness: installs `window.keywarden` with the same typed API the preload
 * exposes, carried over a loopback WebSocket to the real core. Built by the harness at start and
 * served as /__harness/bridge.js; never part of the shipped app.
 */
import { buildKeywardenApi, createEventListeners, type IpcEventName, type IpcResult } from '../shared/ipc/index.ts';

type ServerMessage =
  { type: 'result'; id: number; result: IpcResult<unknown> } | { type: 'event'; event: IpcEventName; payload: unknown };

const pending = new Map<number, (result: IpcResult<unknown>) => void>();
const events = createEventListeners();
let nextId = 1;

const token = new URLSearchParams(location.search).get('token') ?? '';
const socketUrl = `ws://${location.host}/__harness/ws?token=${encodeURIComponent(token)}`;
const socket = new WebSocket(socketUrl);
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve());
  socket.addEventListener('error', () => reject(new Error('The harness bridge could not connect.')));
});

socket.addEventListener('message', (message: MessageEvent<string>) => {
  const data = JSON.parse(message.data) as ServerMessage;
  if (data.type === 'result') {
    pending.get(data.id)?.(data.result);
    pending.delete(data.id);
  } else {
    events.emit(data.event, data.payload);
  }
});

socket.addEventListener('close', () => {
  for (const resolve of pending.values()) {
    resolve({ ok: false, code: 'internal', message: 'The connection to Keywarden closed. Reload the page.' });
  }
  pending.clear();
});

(window as unknown as { keywarden: unknown }).keywarden = buildKeywardenApi({
  async invoke(channel, input) {
    await opened;
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, channel, input }));
    });
  },
  subscribe: events.subscribe,
});
