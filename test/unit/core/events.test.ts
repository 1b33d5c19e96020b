import { describe, expect, it } from 'vitest';
import { CoreEvents } from '../../../src/main/core/events.ts';
import type { IpcEventName } from '../../../src/shared/ipc/index.ts';

/** A core event bus with one window listening, as the Electron shell and the harness attach. */
function listening() {
  const events = new CoreEvents();
  const heard: { event: IpcEventName; payload: unknown }[] = [];
  events.on((event, payload) => heard.push({ event, payload }));
  return { events, heard };
}

describe('core events checked against the IPC contract', () => {
  it('delivers a payload that matches its event schema', () => {
    const { events, heard } = listening();
    events.emit('clipboard:cleared', { at: '2026-01-02T03:04:05.000Z' });
    expect(heard).toEqual([{ event: 'clipboard:cleared', payload: { at: '2026-01-02T03:04:05.000Z' } }]);
  });

  it('refuses a malformed payload at the emitter, naming the event and the field, and no window hears it', () => {
    const { events, heard } = listening();
    const malformed = { workspaceId: 42 } as unknown as { workspaceId: string };
    expect(() => events.emit('keys:changed', malformed)).toThrow(/"keys:changed".*workspaceId/);
    const notATime = { now: 'yesterday-ish' };
    expect(() => events.emit('clock:changed', notATime)).toThrow(/"clock:changed".*now/);
    expect(heard).toEqual([]);
  });

  it('sends only the fields the contract names, so a secret passed by mistake stays in the main process', () => {
    const { events, heard } = listening();
    const keyWithSecret = { workspaceId: 'w1', secret: 'lsk_live_not_for_the_renderer' };
    events.emit('keys:changed', keyWithSecret);
    expect(heard).toEqual([{ event: 'keys:changed', payload: { workspaceId: 'w1' } }]);
    expect(JSON.stringify(heard)).not.toContain('lsk_live');
  });

  it('refuses an event the contract does not declare', () => {
    const { events, heard } = listening();
    const removed = 'keychain:changed' as IpcEventName;
    expect(() => events.emit(removed, {} as never)).toThrow(/not an event of the IPC contract/);
    expect(() => events.emit('toString' as IpcEventName, {} as never)).toThrow(/not an event/);
    expect(heard).toEqual([]);
  });
});
