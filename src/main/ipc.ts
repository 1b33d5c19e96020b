/**
 * Registers every channel of the contract on ipcMain. The sender frame is checked before the
 * core's dispatcher (which validates input and output) runs; core events go to the window.
 */
import { ipcMain, type BrowserWindow } from 'electron';
import type { Dispatch } from './core/ipc-dispatch.ts';
import {
  IPC_CHANNELS,
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL_PREFIX,
  type IpcEventName,
  type IpcResult,
} from '../shared/ipc/index.ts';

const FORBIDDEN: IpcResult<never> = {
  ok: false,
  code: 'forbidden_sender',
  message: 'This request did not come from the Keywarden window.',
};

export function registerIpc(options: {
  dispatch: Dispatch;
  isTrusted: (frame: Electron.WebFrameMain | null) => boolean;
}): () => void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(IPC_INVOKE_CHANNEL_PREFIX + channel, (event, input: unknown) =>
      options.isTrusted(event.senderFrame) ? options.dispatch(channel, input) : FORBIDDEN,
    );
  }
  return () => {
    for (const channel of IPC_CHANNELS) ipcMain.removeHandler(IPC_INVOKE_CHANNEL_PREFIX + channel);
  };
}

export function forwardEvent(window: BrowserWindow | null, event: IpcEventName, payload: unknown): void {
  if (window && !window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, { event, payload });
}
