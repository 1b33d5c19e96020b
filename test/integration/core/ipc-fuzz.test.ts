/**
 * Every IPC channel of the contract map gets malformed input through the real dispatcher and the
 * real core (a renderer is not trusted: a compromised one sends anything structured clone
 * carries). Each answer must be `{ok:false, code, message}` with a documented code other than
 * `internal` (or a success where the input was acceptable), never a throw, a hang, or an
 * unhandled rejection; an input the channel's schema refuses must answer `invalid_input`.
 * Channels are read from the map, so a new one is fuzzed without touching this file. The OS is
 * reached only through the fixture's recording ports; the network only on this machine.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../../src/main/core/index.ts';
import { IPC_CHANNELS, IpcErrorCode, ipcContract, type IpcChannel } from '../../../src/shared/ipc/index.ts';
import {
  caseJson,
  caseValue,
  createInputCase,
  type Hints,
  type InputCase,
  type JsonSchema,
} from '../../support/fuzz/input-cases.ts';
import { FUZZ_CASES, FUZZ_SEED, prngFor } from '../../support/fuzz/prng.ts';
import { excerpt, watchUnhandledRejections, within } from '../../support/fuzz/report.ts';
import { cleanUp, startCoreFixture, type CoreFixture } from './core-fixture.ts';

const ANSWER_WITHIN_MS = 5_000;
/** A workspace or a webhook at this machine's discard port: connecting fails at once, nothing leaves. */
const LOOPBACK_URL = 'http://127.0.0.1:9/fuzz';

const IpcAnswer = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), code: IpcErrorCode, message: z.string().min(1) }),
]);

let app: CoreFixture;
let dispatch: Dispatch;
let hints: Hints;
const internalErrors: string[] = [];
const folder = mkdtempSync(join(tmpdir(), 'keywarden-ipc-fuzz-'));
const rejections = watchUnhandledRejections();

beforeAll(async () => {
  console.log(`IPC fuzz: seed ${FUZZ_SEED} (replay with KEYWARDEN_FUZZ_SEED=${FUZZ_SEED})`);
  app = await startCoreFixture({ fetch: loopbackOnly });
  dispatch = createDispatch(app.core.handlers, {
    onInternalError: (channel, error) => {
      const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
      internalErrors.push(stack.split('\n').slice(0, 4).join('\n'));
    },
  });
  hints = await seedVault(app);
});

afterAll(async () => {
  rejections.stop();
  await app?.close();
  if (app) await cleanUp(app.service, [app.dataDir, folder]);
});

describe('every IPC channel refuses malformed input with a documented code', () => {
  it.each(IPC_CHANNELS)('%s', async (channel) => {
    const failures: string[] = [];
    for (const input of casesFor(channel)) {
      const failure = await check(channel, input);
      if (failure) failures.push(failure);
    }
    expect(failures.length, failures.join('\n\n')).toBe(0);
  });

  it('afterwards the core still answers, and nothing was left unhandled', async () => {
    expect((await dispatch('app:info', undefined)).ok).toBe(true);
    const listed = await dispatch('workspaces:list', undefined);
    expect(listed.ok).toBe(true);
    expect(rejections.take()).toEqual([]);
  });
});

function casesFor(channel: IpcChannel): InputCase[] {
  const schema = ipcContract[channel].input as z.ZodType;
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const prng = prngFor(channel);
  const noInput: InputCase = { label: 'no input at all', base: undefined, fault: { kind: 'none' }, mustRefuse: false };
  const cases = [noInput];
  while (cases.length < FUZZ_CASES) cases.push(createInputCase(prng, jsonSchema, hints, 'ipc'));
  return cases;
}

/** One call; the reason it is wrong, or null. */
async function check(channel: IpcChannel, input: InputCase): Promise<string | null> {
  const sent = caseValue(input);
  const refusedBySchema = !ipcContract[channel].input.safeParse(sent).success;
  const shown = () => {
    try {
      return excerpt(caseJson(input));
    } catch {
      return '(only structured clone carries it)';
    }
  };
  const where = `${channel} with ${input.label}\n  input: ${shown()}`;
  internalErrors.length = 0;
  let answer: unknown;
  try {
    answer = await within(ANSWER_WITHIN_MS, where, dispatch(channel, sent));
  } catch (error) {
    return `${where}\n  threw: ${error instanceof Error ? error.message : String(error)}`;
  }
  const parsed = IpcAnswer.safeParse(answer);
  if (!parsed.success)
    return `${where}\n  answered outside {ok, value} / {ok:false, code, message}: ${excerpt(JSON.stringify(answer) ?? '')}`;
  const result = parsed.data;
  if (!result.ok && result.code === 'internal') {
    return `${where}\n  answered internal: ${internalErrors.join('\n') || result.message}`;
  }
  if (refusedBySchema && (result.ok || result.code !== 'invalid_input')) {
    return `${where}\n  the schema refuses this input, but it answered ${excerpt(JSON.stringify(result), 200)}`;
  }
  const unhandled = rejections.take();
  if (unhandled.length > 0) return `${where}\n  unhandled rejection: ${unhandled.join('\n')}`;
  return null;
}

/** Real ids for the fields that name things, so cases get past "no such key" into the services. */
async function seedVault(fixture: CoreFixture): Promise<Hints> {
  const local = (await fixture.call('workspaces:list')).find((workspace) => workspace.kind === 'local');
  if (!local) throw new Error('The core started without its local workspace');
  const workspaceId = local.id;
  const key = async (name: string) =>
    (await fixture.call('keys:create', { workspaceId, request: { name, scope: 'public_api' } })).key.id;
  const keyId = await key('Fuzz target');
  const owner = { workspaceId, keyId };
  const config = { path: join(folder, '.env'), name: 'FUZZ_API_KEY' };
  const target = await fixture.call('targets:add', { owner, kind: 'dotenv', label: 'fuzz .env', config });
  const rotation = await fixture.call('rotations:start', {
    workspaceId,
    keyId: await key('Fuzz rotation'),
    overlapSeconds: 3600,
  });
  const added = await fixture.call('webhooks:add', { workspaceId, url: LOOPBACK_URL, events: ['key.created'] });
  const delivery = await fixture.call('webhooks:test', { workspaceId, webhookId: added.webhook.id });
  return {
    workspaceId,
    keyId,
    owner,
    targetId: target.id,
    rotationId: rotation.id,
    webhookId: added.webhook.id,
    deliveryId: delivery.id,
    kind: 'dotenv',
    config,
    url: LOOPBACK_URL,
    token: `lsa_${'A'.repeat(43)}`,
  };
}

/** The core's HTTP port, limited to this machine: no fuzz case may send traffic anywhere else. */
const loopbackOnly: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname)) {
    throw new TypeError('fetch failed', { cause: new Error(`the IPC fuzz test reaches no host but this one`) });
  }
  return fetch(input, init);
};
