/**
 * The sandboxed preload: exposes `window.keywarden`, one function per channel of the typed
 * contract, and event subscriptions that return their unsubscribe function. It never exposes
 * ipcRenderer itself, so the renderer can only make the calls the contract names.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  buildKeywardenApi,
  createEventListeners,
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL_PREFIX,
  type IpcEventName,
  type IpcResult,
} from '../shared/ipc/index.ts';

interface EventEnvelope {
  event: IpcEventName;
  payload: unknown;
}

const events = createEventListeners();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event: IpcRendererEvent, envelope: EventEnvelope) =>
  events.emit(envelope.event, envelope.payload),
);

const keywarden = buildKeywardenApi({
  invoke: (channel, input) =>
    ipcRenderer.invoke(IPC_INVOKE_CHANNEL_PREFIX + channel, input) as Promise<IpcResult<unknown>>,
  subscribe: events.subscribe,
});

contextBridge.exposeInMainWorld('keywarden', keywarden);
