/**
 * Part of `npm run bench:ui`, which starts it with the address and owner token of its management
 * service (10,000 keys, on loopback) on stdin: what one key change costs the main process when
 * 10,000 keys are cached. The real core (createCore, as Electron and the harness start it)
 * connects to that service, caching its keys, and one key is renamed again and again.
 *
 *   key_change_10k_ms       the rename is sent → `workspaces:changed` has left the core, the rename
 *                           has answered, and the sidebar's `workspaces:list` (sent when the event
 *                           arrives, as the renderer does) has answered: everything a change makes
 *                           the main process do before the sidebar can show it (median)
 *   key_change_event_10k_ms the rename is sent → `workspaces:changed` leaves the core (median)
 *   key_change_reload_10k_ms the rename is sent → the open keys view's `keys:list` (sent on
 *                           `keys:changed`), which syncs the 10,000 keys again, has answered (median)
 *
 * Prints a table, then one `name: value unit` line per figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createRecordingPorts, EventRecorder } from '../src/harness/recording-ports.ts';
import { createCore, createDispatch } from '../src/main/core/index.ts';
import { MemorySecretStore } from '../src/main/core/secrets/memory-secret-store.ts';
import { systemClock } from '../src/shared/clock.ts';
import type { IpcChannel, IpcInput, IpcOutput } from '../src/shared/ipc/index.ts';

const KEY_COUNT = 10_000;
const WARM_UP = 3;
const RENAMES = 21;
const RELOADS = 7;

if (process.stdin.isTTY) {
  console.error('Run through `npm run bench:ui`: it hands this bench a service holding 10,000 keys.');
  process.exit(1);
}
const service = z.object({ url: z.url(), token: z.string() }).parse(JSON.parse(await text(process.stdin)));
const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-bench-core-'));
const core = await createCore(
  {
    dataDir,
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
const dispatch = createDispatch(core.handlers, { onInternalError: (channel, error) => console.error(channel, error) });
async function call<C extends IpcChannel>(channel: C, input?: IpcInput<C>): Promise<IpcOutput<C>> {
  const result = await dispatch(channel, input);
  if (!result.ok) throw new Error(`${channel} failed with ${result.code}: ${result.message}`);
  return result.value as IpcOutput<C>;
}

try {
  const workspace = await call('workspaces:connect', { url: service.url, token: service.token });
  if (workspace.keyCount !== KEY_COUNT) throw new Error(`Expected ${KEY_COUNT} cached keys, got ${workspace.keyCount}`);
  const { keys } = await call('keys:list', { workspaceId: workspace.id });
  const key = keys.find((candidate) => candidate.revokedAt === null)!;

  // The renderer hears an event over IPC, a turn later, and answers it with a call.
  let onEvent: ((event: string) => void) | null = null;
  core.onEvent((event) => onEvent?.(event));
  let round = 0;
  const rename = () =>
    call('keys:update', { workspaceId: workspace.id, keyId: key.id, patch: { name: `renamed-${round++}` } });

  // The sidebar: on `workspaces:changed` it asks for `workspaces:list`.
  const eventTimes: number[] = [];
  const changeTimes: number[] = [];
  for (let i = 0; i < WARM_UP + RENAMES; i++) {
    const start = performance.now();
    const sidebarListed = new Promise<number>((resolve) => {
      onEvent = (event) => {
        if (event !== 'workspaces:changed') return;
        onEvent = null;
        eventTimes.push(performance.now() - start);
        setImmediate(() => void call('workspaces:list').then(() => resolve(performance.now())));
      };
    });
    await rename();
    const answered = performance.now();
    changeTimes.push(Math.max(answered, await sidebarListed) - start);
  }

  // The open keys view: on `keys:changed` it asks for `keys:list`, which syncs all 10,000 keys
  // from the service again.
  const reloadTimes: number[] = [];
  for (let i = 0; i < WARM_UP + RELOADS; i++) {
    const start = performance.now();
    const reloaded = new Promise<number>((resolve) => {
      onEvent = (event) => {
        if (event !== 'keys:changed') return;
        onEvent = null;
        setImmediate(
          () => void call('keys:list', { workspaceId: workspace.id }).then(() => resolve(performance.now())),
        );
      };
    });
    await rename();
    reloadTimes.push((await reloaded) - start);
  }

  const event = median(eventTimes.slice(WARM_UP));
  const change = median(changeTimes.slice(WARM_UP));
  const reload = median(reloadTimes.slice(WARM_UP));
  console.log(`One key renamed, ${KEY_COUNT} keys cached (median of ${RENAMES}, reload: of ${RELOADS})`);
  console.table({
    'rename → workspaces:changed out, rename and sidebar list answered': `${change.toFixed(2)} ms (target < 20)`,
    'rename → workspaces:changed out': `${event.toFixed(2)} ms`,
    'rename → keys view reloaded (10,000 keys synced again)': `${reload.toFixed(1)} ms`,
  });
  console.log(`key_change_10k_ms: ${change.toFixed(2)} ms`);
  console.log(`key_change_event_10k_ms: ${event.toFixed(2)} ms`);
  console.log(`key_change_reload_10k_ms: ${reload.toFixed(1)} ms`);
} finally {
  await core.dispose();
  rmSync(dataDir, { recursive: true, force: true });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let data = '';
  for await (const chunk of stream) data += String(chunk);
  return data;
}
