/**
 * Dev only: an in-memory `window.keywarden` with a few workspaces and N generated keys, so the
 * renderer can be built and looked at before the real bridge exists. Never imported by the real
 * index.html. URL parameters: `keys=N` (local workspace size), `keychain=off`, `latency=ms`.
 * Inputs are validated with the real contract's schemas, so a malformed request fails here too.
 */
import { DAY_MS } from '../../shared/api/index.ts';
import {
  buildKeywardenApi,
  ipcContract,
  type IpcChannel,
  type IpcEventName,
  type IpcHandlers,
  type IpcResult,
  type KeychainStatus,
  type VaultKey,
  type WorkspaceView,
} from '../../shared/ipc/index.ts';
import { generateKeys, makeKey, randomSecret } from './fake-data.ts';

class FakeError extends Error {
  readonly code: Extract<IpcResult<unknown>, { ok: false }>['code'];
  constructor(code: Extract<IpcResult<unknown>, { ok: false }>['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export function installFakeKeywarden(params: URLSearchParams): void {
  const keyCount = Number(params.get('keys') ?? 60);
  const latency = Number(params.get('latency') ?? 120);
  let offsetMs = Number(params.get('offsetDays') ?? 0) * DAY_MS;
  const now = () => new Date(Date.now() + offsetMs);
  const keychain: KeychainStatus =
    params.get('keychain') === 'off'
      ? {
          available: false,
          backend: 'Secret Service',
          message: 'No Secret Service provider is running (is GNOME Keyring installed and unlocked?).',
        }
      : { available: true, backend: 'Secret Service (GNOME Keyring)', message: null };
  let clipboardClearSeconds = 30;
  const secrets = new Map<string, string>();
  const listeners = new Map<IpcEventName, Set<(payload: unknown) => void>>();
  const emit = (event: IpcEventName, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));

  const workspaces: WorkspaceView[] = [
    ws('local', 'This device', 'local', 'http://127.0.0.1:4873'),
    ws('acme', 'Acme Corp', 'remote', 'https://keys.acme.example'),
    ws(
      'globex',
      'Globex EU',
      'remote',
      'https://keys.globex.example',
      'offline',
      'Globex EU could not be reached: connection timed out.',
    ),
    ws(
      'initech',
      'Initech',
      'remote',
      'https://keys.initech.example',
      'auth_failed',
      'The admin token was revoked. Reconnect with a new token.',
    ),
    ws('external', 'External keys', 'external', null),
  ];
  const keys = new Map<string, VaultKey[]>([
    ['local', generateKeys('local', keyCount, now().getTime(), secrets)],
    ['acme', generateKeys('acme', 14, now().getTime(), secrets)],
    ['globex', generateKeys('globex', 6, now().getTime(), secrets)],
    ['initech', []],
    ['external', generateKeys('external', 3, now().getTime(), secrets, true)],
  ]);

  function ws(
    id: string,
    name: string,
    kind: WorkspaceView['kind'],
    url: string | null,
    connection: WorkspaceView['connection'] = 'online',
    connectionMessage: string | null = null,
  ): WorkspaceView {
    return {
      id,
      name,
      kind,
      url,
      connection,
      connectionMessage,
      lastSyncedAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
      keyCount: 0,
      expiringCount: 0,
    };
  }
  const listOf = (workspaceId: string) => {
    const list = keys.get(workspaceId);
    if (!list) throw new FakeError('not_found', 'This workspace no longer exists.');
    return list;
  };
  const findKey = (workspaceId: string, keyId: string) => {
    const key = listOf(workspaceId).find((k) => k.id === keyId);
    if (!key) throw new FakeError('not_found', 'This key no longer exists. It may have been deleted after expiry.');
    return key;
  };
  const putKey = (key: VaultKey) => {
    const list = listOf(key.workspaceId);
    keys.set(
      key.workspaceId,
      list.some((k) => k.id === key.id) ? list.map((k) => (k.id === key.id ? key : k)) : [...list, key],
    );
    emit('keys:changed', { workspaceId: key.workspaceId });
    return key;
  };
  const clearsAt = () =>
    clipboardClearSeconds === 0 ? null : new Date(now().getTime() + clipboardClearSeconds * 1000).toISOString();
  const scheduleClear = () => {
    if (clipboardClearSeconds > 0)
      setTimeout(() => emit('clipboard:cleared', { at: now().toISOString() }), clipboardClearSeconds * 1000);
  };
  const keyList = (workspaceId: string) => {
    const w = workspaces.find((x) => x.id === workspaceId);
    if (w?.connection === 'auth_failed')
      throw new FakeError(
        'workspace_auth_failed',
        `${w.name} refused the admin token: it was revoked or has expired. Reconnect with a new token.`,
      );
    const offline = w?.connection === 'offline';
    return {
      keys: listOf(workspaceId),
      source: offline ? ('cache' as const) : ('live' as const),
      syncedAt: offline ? (w?.lastSyncedAt ?? null) : now().toISOString(),
      staleReason: offline ? 'the service could not be reached (connection timed out)' : null,
    };
  };

  const handlers: IpcHandlers = {
    'app:info': async () => ({
      version: '0.1.0-dev',
      platform: 'linux',
      now: now().toISOString(),
      keychain,
      settings: { clipboardClearSeconds },
    }),
    'settings:update': async (patch) => {
      clipboardClearSeconds = patch.clipboardClearSeconds ?? clipboardClearSeconds;
      return { clipboardClearSeconds };
    },
    'workspaces:list': async () =>
      workspaces.map((w) => {
        const list = keys.get(w.id) ?? [];
        const t = now().getTime();
        const expiring = list.filter(
          (k) => k.revokedAt === null && Date.parse(k.expiresAt) > t && Date.parse(k.expiresAt) - t <= 30 * DAY_MS,
        ).length;
        return { ...w, keyCount: list.length, expiringCount: expiring };
      }),
    'workspaces:connect': async ({ url, token, name }) => {
      if (!/^https?:\/\/[^\s/]+/.test(url))
        throw new FakeError(
          'invalid_input',
          'Enter the workspace address as a full URL, such as https://keys.example.com.',
        );
      if (token === 'bad')
        throw new FakeError(
          'workspace_auth_failed',
          'The service refused this admin token. Check that you copied it whole and that it has not been revoked.',
        );
      if (url.includes('nope'))
        throw new FakeError(
          'workspace_unreachable',
          `Could not reach ${url}: the address did not answer. Check it and your connection.`,
        );
      const id = `ws_${Math.random().toString(36).slice(2, 8)}`;
      const w = ws(id, name || new URL(url).hostname, 'remote', url);
      workspaces.push(w);
      keys.set(id, generateKeys(id, 5, now().getTime(), secrets));
      emit('workspaces:changed', {});
      return w;
    },
    'workspaces:remove': async ({ workspaceId }) => {
      const i = workspaces.findIndex((w) => w.id === workspaceId);
      if (i < 0) throw new FakeError('not_found', 'This workspace is already gone.');
      if (workspaces[i]?.kind !== 'remote')
        throw new FakeError('forbidden', 'This collection is part of the app and cannot be removed.');
      workspaces.splice(i, 1);
      const removed = (keys.get(workspaceId) ?? []).filter((k) => k.hasSecret).length;
      keys.delete(workspaceId);
      emit('workspaces:changed', {});
      return { removedSecrets: removed };
    },
    'keys:list': async ({ workspaceId }) => keyList(workspaceId),
    'keys:refresh': async ({ workspaceId }) => keyList(workspaceId),
    'keys:create': async ({ workspaceId, request }) => {
      const secret = randomSecret(request.environment ?? 'live');
      const key = makeKey(workspaceId, listOf(workspaceId).length, now().getTime(), {
        name: request.name,
        scope: request.scope,
        environment: request.environment ?? 'live',
        prefix: secret.slice(0, 12),
        expiresAt: request.expiresAt ?? new Date(now().getTime() + 365 * DAY_MS).toISOString(),
        options:
          request.scope === 'on_premise'
            ? {
                retrieveSignatures: !!request.options?.retrieveSignatures,
                sendDirectoryInfo: !!request.options?.sendDirectoryInfo,
              }
            : null,
      });
      secrets.set(key.id, secret);
      putKey(key);
      return keychain.available
        ? { key, secret, storedInKeychain: true, keychainWarning: null }
        : {
            key: { ...key },
            secret,
            storedInKeychain: false,
            keychainWarning:
              'Your system keychain is unavailable, so this secret is kept in memory only until you quit Keywarden. Store it in your secret manager now.',
          };
    },
    'keys:update': async ({ workspaceId, keyId, patch }) => {
      const key = findKey(workspaceId, keyId);
      return putKey({
        ...key,
        name: patch.name ?? key.name,
        options:
          key.options && patch.options ? ({ ...key.options, ...patch.options } as VaultKey['options']) : key.options,
      });
    },
    'keys:revoke': async ({ workspaceId, keyId, reason }) => {
      const key = findKey(workspaceId, keyId);
      if (key.revokedAt) throw new FakeError('conflict', 'This key is already revoked.');
      return putKey({
        ...key,
        status: 'revoked',
        revokedAt: now().toISOString(),
        revokedReason: reason ?? null,
        revokedByName: 'You',
      });
    },
    'keys:reveal': async ({ keyId }) => {
      const secret = secrets.get(keyId);
      if (!secret) throw new FakeError('secret_not_in_vault', "This key's secret is not in this device's vault.");
      return { secret };
    },
    'keys:copy': async ({ keyId }) => {
      if (!secrets.has(keyId))
        throw new FakeError('secret_not_in_vault', "This key's secret is not in this device's vault.");
      scheduleClear();
      return { clearsAt: clearsAt() };
    },
    'clipboard:copySecret': async () => {
      scheduleClear();
      return { clearsAt: clearsAt() };
    },
    'externalKeys:add': async (input) => {
      const key = makeKey('external', listOf('external').length, now().getTime(), {
        name: input.name,
        scope: null,
        scopeLabel: input.scopeLabel,
        provider: input.provider,
        environment: input.environment ?? 'live',
        prefix: input.secret.slice(0, 12),
        expiresAt: input.expiresAt,
      });
      secrets.set(key.id, input.secret);
      return putKey(key);
    },
    'externalKeys:remove': async ({ workspaceId, keyId }) => {
      keys.set(
        workspaceId,
        listOf(workspaceId).filter((k) => k.id !== keyId),
      );
      emit('keys:changed', { workspaceId });
      return { removed: true };
    },
  };

  const api = buildKeywardenApi({
    invoke: async (channel: IpcChannel, input: unknown) => {
      await new Promise((r) => setTimeout(r, latency));
      const parsed = ipcContract[channel].input.safeParse(input);
      if (!parsed.success)
        return { ok: false, code: 'invalid_input', message: `Fake bridge refused ${channel}: ${parsed.error.message}` };
      try {
        const handler = handlers[channel] as (i: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(parsed.data) };
      } catch (error) {
        if (error instanceof FakeError) return { ok: false, code: error.code, message: error.message };
        return { ok: false, code: 'internal', message: String(error) };
      }
    },
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  });
  window.keywarden = api;
  // For screenshots and manual checks: move the fake core's clock.
  (window as unknown as { kwFake: unknown }).kwFake = {
    advanceDays(days: number) {
      offsetMs += days * DAY_MS;
      emit('clock:changed', { now: now().toISOString() });
      emit('workspaces:changed', {});
    },
  };
}
