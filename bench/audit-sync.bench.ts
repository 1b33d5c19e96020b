/**
 * Part of `npm run bench:audit`: the desktop app syncing a service's audit trail into its vault.
 *
 *   sync_100k_s   100,000 events (and the trail's first one) from a management service on loopback
 *                 into the vault's cache: the real core (createCore, no embedded workspace) connected
 *                 to it, `audit:sync` from an empty cache until it answers, every page checked
 *                 against the hash chain, indexed for the filters and the free text, and stored
 *                 with its cursor (target under 10 s)
 *
 * The service runs as its own process (`keywarden-server start`), as a connected workspace does;
 * its trail is written straight into its SQLite file (chained, as the service writes it) before it
 * starts. Prints the core's CPU time beside the figure, then one `name: value unit` line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecordingPorts, EventRecorder } from '../src/harness/recording-ports.ts';
import { createCore, createDispatch } from '../src/main/core/index.ts';
import { MemorySecretStore } from '../src/main/core/secrets/memory-secret-store.ts';
import { createInterface } from 'node:readline';
import { initWorkspace } from '../src/server/index.ts';
import { systemClock } from '../src/shared/clock.ts';
import type { IpcChannel, IpcInput, IpcOutput } from '../src/shared/ipc/index.ts';
import { appendAuditEvents } from '../test/support/audit-trail.ts';

const EVENTS = 100_000;
const SERVER = join(import.meta.dirname, '../bin/keywarden-server.mjs');

/** Starts `keywarden-server start` on a free loopback port and answers its address. */
async function startService(dataDir: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [SERVER, 'start', '--data', dataDir, '--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    const url = /listening on (\S+)/.exec(line)?.[1];
    if (url) return { url, process: child };
  }
  throw new Error('keywarden-server start ended without saying where it listens.');
}

const root = mkdtempSync(join(tmpdir(), 'keywarden-bench-audit-sync-'));
try {
  const serviceDir = join(root, 'service');
  const { ownerToken } = await initWorkspace({ dataDir: serviceDir, name: 'Bench' });
  // A year of activity by 20 admins over 2,000 keys.
  const last = appendAuditEvents(serviceDir, EVENTS, {
    startMs: Date.parse('2030-01-01T00:00:00.000Z'),
    stepMs: 315_000,
    actors: 20,
    keys: 2_000,
  });
  const server = await startService(serviceDir);
  const core = await createCore(
    {
      dataDir: join(root, 'vault'),
      clock: systemClock,
      secrets: new MemorySecretStore(),
      keychainBackend: 'memory',
      ...createRecordingPorts(new EventRecorder(systemClock)),
      fetch: globalThis.fetch,
      appVersion: 'bench',
      platform: process.platform,
    },
    { embeddedWorkspace: false },
  );
  const dispatch = createDispatch(core.handlers, {
    onInternalError: (channel, error) => console.error(channel, error),
  });
  const call = async <C extends IpcChannel>(channel: C, input?: IpcInput<C>): Promise<IpcOutput<C>> => {
    const result = await dispatch(channel, input);
    if (!result.ok) throw new Error(`${channel} failed with ${result.code}: ${result.message}`);
    return result.value as IpcOutput<C>;
  };
  try {
    const { id: workspaceId } = await call('workspaces:connect', { url: server.url, token: ownerToken });
    const started = performance.now();
    const cpu = process.cpuUsage();
    const status = await call('audit:sync', { workspaceId });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    process.stderr.write(`the core's CPU time: ${((used.user + used.system) / 1e6).toFixed(2)} s\n`);
    const synced = status.workspaces.find((workspace) => workspace.workspaceId === workspaceId);
    if (synced?.lastSeq !== last || synced.breaks.length > 0 || synced.error !== null) {
      throw new Error(`The sync did not reach seq ${last} intact: ${JSON.stringify(synced)}`);
    }
    process.stdout.write(`sync_100k_s: ${seconds.toFixed(2)} s\n`);
  } finally {
    await core.dispose();
    server.process.kill('SIGTERM');
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
