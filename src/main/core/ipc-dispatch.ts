/**
 * Turns the core's handlers into one `dispatch(channel, input)` that both transports use: the
 * Electron shell's ipcMain.handle and the browser harness's WebSocket bridge. Input is parsed
 * with the channel's schema before the handler runs, and the output is parsed before it leaves,
 * so neither side can drift from the contract.
 */
import type { z } from 'zod';
import {
  IPC_CHANNELS,
  ipcContract,
  type IpcChannel,
  type IpcHandlers,
  type IpcResult,
} from '../../shared/ipc/index.ts';
import { AppError } from './errors.ts';

export type Dispatch = (channel: string, input: unknown) => Promise<IpcResult<unknown>>;

export interface DispatchOptions {
  /** Called with unexpected errors (never with the input, which may hold a secret). */
  onInternalError?: (channel: string, error: unknown) => void;
}

export function isIpcChannel(channel: string): channel is IpcChannel {
  return (IPC_CHANNELS as string[]).includes(channel);
}

export function createDispatch(handlers: IpcHandlers, options: DispatchOptions = {}): Dispatch {
  return async (channel, rawInput) => {
    if (!isIpcChannel(channel)) {
      return { ok: false, code: 'not_found', message: `Unknown channel ${channel}.` };
    }
    const spec = ipcContract[channel];
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      return { ok: false, code: 'invalid_input', message: describeIssues(parsed.error) };
    }
    try {
      const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
      const value: unknown = spec.output.parse(await handler(parsed.data));
      return { ok: true, value };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, code: error.code, message: error.message };
      options.onInternalError?.(channel, error);
      return {
        ok: false,
        code: 'internal',
        message: 'Something went wrong inside Keywarden. Try again; if it keeps happening, restart the app.',
      };
    }
  };
}

/** Enough of a refusal to fix a call; a renderer that sent a million bad items gets no million-line answer. */
const SHOWN_ISSUES = 5;
const MESSAGE_LIMIT = 1_000;

function describeIssues(error: z.ZodError): string {
  const shown = error.issues
    .slice(0, SHOWN_ISSUES)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  const more = error.issues.length - SHOWN_ISSUES;
  const message = more > 0 ? `${shown}; and ${more} more` : shown;
  return message.length > MESSAGE_LIMIT ? `${message.slice(0, MESSAGE_LIMIT - 1)}…` : message;
}
