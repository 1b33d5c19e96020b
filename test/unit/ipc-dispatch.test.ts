import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/main/core/errors.ts';
import { createDispatch } from '../../src/main/core/ipc-dispatch.ts';
import { buildKeywardenApi, createEventListeners, type IpcHandlers } from '../../src/shared/ipc/index.ts';

function apiOver(handlers: Partial<IpcHandlers>) {
  const dispatch = createDispatch(handlers as IpcHandlers);
  return buildKeywardenApi({
    invoke: (channel, input) => dispatch(channel, input),
    subscribe: () => () => undefined,
  });
}

describe('typed IPC dispatch', () => {
  it('exposes one function per channel and returns the handler value', async () => {
    const api = apiOver({
      'workspaces:remove': async ({ workspaceId }) => ({ removedSecrets: workspaceId.length }),
    });
    await expect(api.workspaces.remove({ workspaceId: 'abc' })).resolves.toEqual({
      ok: true,
      value: { removedSecrets: 3 },
    });
  });

  it('refuses input that breaks the schema before the handler runs', async () => {
    let called = false;
    const api = apiOver({
      'keys:revoke': async () => {
        called = true;
        throw new Error('unreachable');
      },
    });
    const result = await api.keys.revoke({ workspaceId: '', keyId: 'k' });
    expect(result).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(called).toBe(false);
  });

  it('answers a refusal in a few lines, however much of the input is wrong', async () => {
    const dispatch = createDispatch({} as IpcHandlers);
    const manyWrong = await dispatch('keys:create', {
      workspaceId: 1,
      request: { name: 2, scope: 3, environment: 4, options: 5, scimCustomAttributes: 6, expiresAt: 7 },
    });
    expect(manyWrong).toMatchObject({
      ok: false,
      code: 'invalid_input',
      message: expect.stringMatching(/; and \d+ more$/),
    });

    const unknownKeys = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`field${i}`, i]));
    const wide = await dispatch('keys:list', { workspaceId: 'w', ...unknownKeys });
    expect(wide).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(!wide.ok && wide.message.length).toBeLessThanOrEqual(1_000);

    // A renderer can send an array a million long; it is refused by its length, not item by item.
    const events: unknown[] = [];
    events[1_000_000] = 'key.created';
    const started = performance.now();
    const huge = await dispatch('webhooks:add', { workspaceId: 'w', url: 'https://example.com/hook', events });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(huge).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(!huge.ok && huge.message.length).toBeLessThanOrEqual(1_000);
  });

  it('carries an AppError across as a code and a sentence, and hides unexpected errors', async () => {
    const api = apiOver({
      'keys:reveal': async () => {
        throw new AppError('secret_not_in_vault', 'This key’s secret is not in this device’s vault.');
      },
      'keys:copy': async () => {
        throw new Error('database is locked at /home/me/secret/path');
      },
    });
    await expect(api.keys.reveal({ workspaceId: 'w', keyId: 'k' })).resolves.toEqual({
      ok: false,
      code: 'secret_not_in_vault',
      message: 'This key’s secret is not in this device’s vault.',
    });
    const hidden = await api.keys.copy({ workspaceId: 'w', keyId: 'k' });
    expect(hidden).toMatchObject({ ok: false, code: 'internal' });
    expect(JSON.stringify(hidden)).not.toContain('/home/me');
  });

  it('refuses a handler output that breaks the contract rather than passing it on', async () => {
    const api = apiOver({
      'workspaces:remove': async () => ({ removedSecrets: 'many' }) as unknown as { removedSecrets: number },
    });
    await expect(api.workspaces.remove({ workspaceId: 'w' })).resolves.toMatchObject({ ok: false, code: 'internal' });
  });
});

describe('event listeners in the renderer', () => {
  it('delivers an event to every listener even when one of them throws, and stops after unsubscribe', () => {
    const events = createEventListeners();
    const heard: string[] = [];
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    events.subscribe('keys:changed', () => {
      throw new Error('a broken view');
    });
    const unsubscribe = events.subscribe('keys:changed', (payload) =>
      heard.push((payload as { workspaceId: string }).workspaceId),
    );
    events.emit('keys:changed', { workspaceId: 'w1' });
    unsubscribe();
    events.emit('keys:changed', { workspaceId: 'w2' });
    expect(heard).toEqual(['w1']);
    expect(quiet).toHaveBeenCalledTimes(2);
    quiet.mockRestore();
  });
});
