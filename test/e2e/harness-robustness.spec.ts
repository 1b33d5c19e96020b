/**
 * The browser harness is shared by every e2e test and by scripts: one malformed request, hostile
 * or accidental, must get a 4xx and leave it serving. Each request here used to end the process.
 */
import { connect } from 'node:net';
import { expect, test } from '@playwright/test';
import { WebSocket } from 'ws';
import { HarnessProcess } from './harness.ts';

let harness: HarnessProcess;
test.beforeAll(async () => {
  harness = await HarnessProcess.start();
});
test.afterAll(async () => harness.stop());

/** Sends bytes as they are (fetch would refuse or rewrite these request lines); returns the status line. */
async function rawRequest(head: string, body = ''): Promise<string> {
  const port = Number(new URL(harness.origin).port);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`${head}\r\nConnection: close\r\n\r\n${body}`));
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error(`No answer to ${JSON.stringify(head)}`)));
  });
}

/** One call over the harness's bridge, as the page makes it; the channel's IpcResult. */
async function bridgeCall(channel: string): Promise<unknown> {
  const ws = new WebSocket(`${harness.origin.replace('http:', 'ws:')}/__harness/ws?token=${harness.token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const answer = new Promise<unknown>((resolve) =>
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: number; result?: unknown };
      if (message.type === 'result' && message.id === 1) resolve(message.result);
    }),
  );
  ws.send(JSON.stringify({ id: 1, channel }));
  const result = await answer;
  ws.close();
  return result;
}

async function expectStillServing(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 200)); // a crash takes a moment to end the process
  expect(harness.running, 'the harness process exited').toBe(true);
  expect((await harness.request('GET', '/__harness/clock')).status).toBe(200);
}

test.describe('without the token', () => {
  for (const target of ['http://[', 'http://a:99999/']) {
    test(`GET ${target} answers 400 and the harness keeps serving`, async () => {
      expect(await rawRequest(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1`)).toBe('HTTP/1.1 400 Bad Request');
      await expectStillServing();
    });
  }

  test('a WebSocket upgrade to an unparseable URL answers 400', async () => {
    const upgrade = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13';
    const key = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==';
    expect(await rawRequest(`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1\r\n${upgrade}\r\n${key}`)).toBe(
      'HTTP/1.1 400 Bad Request',
    );
    await expectStillServing();
  });
});

test.describe('with the token', () => {
  test('a path that is not valid percent-encoding answers 400, token in a header or the query', async () => {
    const auth = `Authorization: Bearer ${harness.token}`;
    expect(await rawRequest(`GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}`)).toBe('HTTP/1.1 400 Bad Request');
    await expectStillServing();
    expect(await rawRequest(`GET /%?token=${harness.token} HTTP/1.1\r\nHost: 127.0.0.1`)).toBe(
      'HTTP/1.1 400 Bad Request',
    );
    await expectStillServing();
  });

  test('moving the clock beyond any date answers 400 and leaves the clock where it was', async () => {
    const before = (await harness.request<{ now: string }>('GET', '/__harness/clock')).body.now;
    for (const move of [
      { advanceDays: 1e12 },
      { advanceDays: -1e12 },
      { advanceSeconds: 1e18 },
      { set: '0001-01-01T00:00:00Z' },
      { set: '9999-12-31T00:00:00Z' },
    ]) {
      const refused = await harness.request<{ code: string; message: string }>('POST', '/__harness/clock', move);
      expect(refused.status, JSON.stringify(move)).toBe(400);
      expect(refused.body).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/100 years/) });
    }
    await expectStillServing();
    const after = (await harness.request<{ now: string }>('GET', '/__harness/clock')).body.now;
    expect(Math.abs(Date.parse(after) - Date.parse(before))).toBeLessThan(5_000);
  });

  test('at the latest moment the clock may show, the dashboard still answers', async () => {
    const before = (await harness.request<{ now: string }>('GET', '/__harness/clock')).body.now;
    const lastDay = '9998-12-31T12:00:00.000Z'; // the clock goes on ticking from there
    expect((await harness.request('POST', '/__harness/clock', { set: lastDay })).body).toEqual({ now: lastDay });
    const summary = (await bridgeCall('dashboard:summary')) as { ok: boolean; value?: { months: unknown[] } };
    expect(summary).toMatchObject({ ok: true, value: { now: expect.stringMatching(/^9998-12-31T12:/) } });
    expect(summary.value?.months).toHaveLength(12);
    await harness.request('POST', '/__harness/clock', { set: before });
  });

  test('a WebSocket message over 1 MiB closes that socket with 1009, and the bridge still answers', async () => {
    const address = `${harness.origin.replace('http:', 'ws:')}/__harness/ws?token=${harness.token}`;
    const ws = new WebSocket(address);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    ws.on('error', () => undefined); // the server's close may race our send
    ws.send('x'.repeat(1024 * 1024 + 1));
    expect(await closed).toBe(1009);
    await expectStillServing();

    const next = new WebSocket(address);
    await new Promise((resolve, reject) => next.once('open', resolve).once('error', reject));
    const answer = new Promise<unknown>((resolve) =>
      next.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string };
        if (message.type === 'result') resolve(message);
      }),
    );
    next.send(JSON.stringify({ id: 1, channel: 'app:info' }));
    expect(await answer).toMatchObject({ type: 'result', id: 1, result: { ok: true } });
    next.close();
  });
});
