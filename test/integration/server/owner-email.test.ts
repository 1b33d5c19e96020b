/**
 * The service emails owners about their keys, for admins away from the app: a month before a key
 * expires and when it has expired, through a real SMTP server on loopback whose messages are
 * parsed as a mail client would. Retries, the audit trail's delivery record, and the command line.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminToken } from '../../../src/server/index.ts';
import { formatReminderDate } from '../../../src/shared/reminders.ts';
import { DAY, startTestServer, type TestServer } from './helpers.ts';
import { SmtpReceiver } from './smtp-receiver.ts';

let t: TestServer | undefined;
let receiver: SmtpReceiver | undefined;
afterEach(async () => {
  await t?.stop();
  await receiver?.close();
  t = undefined;
  receiver = undefined;
});

async function startWithMail(retryDelaysMs?: number[]): Promise<{ t: TestServer; receiver: SmtpReceiver }> {
  receiver = await SmtpReceiver.start();
  t = await startTestServer({
    mail: { smtpUrl: receiver.url, from: 'Keywarden <keys@acme.test>', ...(retryDelaysMs ? { retryDelaysMs } : {}) },
  });
  // The owner token made at init has no address, so only this one is emailed.
  await createAdminToken({
    dataDir: t.dataDir,
    role: 'owner',
    name: 'Ops lead',
    email: 'ops@acme.test',
    clock: t.clock,
  });
  return { t, receiver };
}

async function auditOf(server: TestServer, type: string) {
  return (await server.call('GET', `/v1/audit-events?type=${type}`)).body.data as Array<{
    keyId: string;
    keyPrefix: string;
    details: Record<string, unknown>;
  }>;
}

describe('expiry emails to owners', () => {
  it('emails each owner with an address a month ahead and at expiry, once each, naming the key, its label and the date, never the secret', async () => {
    const { t, receiver } = await startWithMail();
    const created = (await t.call('POST', '/v1/api-keys', { body: { name: 'Billing API', scope: 'scim' } })).body;
    const { apiKey, secret } = created as { apiKey: { id: string; prefix: string; expiresAt: string }; secret: string };
    expect(apiKey.prefix).toHaveLength(12);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    const date = formatReminderDate(apiKey.expiresAt, 'UTC');
    expect(date).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/);

    t.clock.advance(334 * DAY); // 31 days left
    await t.server.runLifecycle();
    expect(receiver.messages).toHaveLength(0);

    t.clock.advance(1 * DAY); // 30 days left
    await t.server.runLifecycle();
    const [warning] = await receiver.waitFor(1);
    expect(warning).toMatchObject({
      from: 'keys@acme.test',
      to: ['ops@acme.test'],
      subject: `Keywarden: API key "Billing API" (${apiKey.prefix}) expires on ${date}`,
    });
    expect(warning!.text).toContain(`expires on ${date}`);
    expect(warning!.text).toContain('workspace Acme');
    expect(warning!.text).toContain(apiKey.prefix);
    expect(warning!.raw).not.toContain(secret);
    expect(warning!.raw).not.toContain(secret.slice(12));

    const sent = await auditOf(t, 'notification.email_sent');
    expect(sent).toEqual([
      expect.objectContaining({
        keyId: apiKey.id,
        keyPrefix: apiKey.prefix,
        details: expect.objectContaining({ notice: 'expiring', to: 'ops@acme.test', attempts: 1 }),
      }),
    ]);

    t.clock.advance(1 * DAY);
    await t.server.runLifecycle();
    await t.server.runLifecycle();
    expect(receiver.messages).toHaveLength(1);

    t.clock.set(new Date(apiKey.expiresAt));
    await t.server.runLifecycle();
    const [, expired] = await receiver.waitFor(2);
    expect(expired).toMatchObject({
      to: ['ops@acme.test'],
      subject: `Keywarden: API key "Billing API" (${apiKey.prefix}) expired on ${date}`,
    });
    expect(expired!.text).toMatch(/Requests made with it are now refused/);
    expect(expired!.raw).not.toContain(secret.slice(12));
    t.clock.advance(1 * DAY);
    await t.server.runLifecycle();
    expect(receiver.messages).toHaveLength(2);
  });

  it('does not email about a key revoked before it expired', async () => {
    const { t, receiver } = await startWithMail();
    const expiresAt = new Date(t.clock.now().getTime() + 40 * DAY).toISOString();
    const created = (await t.call('POST', '/v1/api-keys', { body: { name: 'Old', scope: 'scim', expiresAt } })).body;
    await t.call('POST', `/v1/api-keys/${created.apiKey.id}/revoke`, { body: {} });
    t.clock.advance(41 * DAY);
    await t.server.runLifecycle();
    expect(receiver.messages).toHaveLength(0);
  });

  it('retries a refused email later and records the delivery; gives up after the last retry and says so', async () => {
    const { t, receiver } = await startWithMail([60_000, 300_000]);
    const soon = new Date(t.clock.now().getTime() + 10 * DAY).toISOString();
    receiver.refuseNext(1);
    await t.call('POST', '/v1/api-keys', { body: { name: 'Greylisted', scope: 'scim', expiresAt: soon } });
    await t.server.runLifecycle();
    expect(receiver.messages).toHaveLength(0);
    expect(await auditOf(t, 'notification.email_sent')).toHaveLength(0);

    t.clock.advance(30_000); // not yet time to retry
    await t.server.runLifecycle();
    expect(receiver.messages).toHaveLength(0);

    t.clock.advance(31_000);
    await t.server.runLifecycle();
    await receiver.waitFor(1);
    expect((await auditOf(t, 'notification.email_sent'))[0]?.details).toMatchObject({ attempts: 2 });

    receiver.refuseNext(10);
    const created = (
      await t.call('POST', '/v1/api-keys', { body: { name: 'Bounced', scope: 'scim', expiresAt: soon } })
    ).body;
    await t.server.runLifecycle(); // attempt 1
    t.clock.advance(60_000);
    await t.server.runLifecycle(); // attempt 2
    expect(await auditOf(t, 'notification.email_failed')).toHaveLength(0);
    t.clock.advance(300_000);
    await t.server.runLifecycle(); // attempt 3, the last
    const failed = await auditOf(t, 'notification.email_failed');
    expect(failed).toEqual([
      expect.objectContaining({
        keyId: created.apiKey.id,
        details: expect.objectContaining({ notice: 'expiring', to: 'ops@acme.test', attempts: 3 }),
      }),
    ]);
    expect(String(failed[0]?.details.error)).toMatch(/451|try again/i);
    t.clock.advance(DAY);
    await t.server.runLifecycle();
    expect(receiver.messages).toHaveLength(1);
  });
});

describe('keywarden-server mail options', () => {
  const BIN = join(import.meta.dirname, '../../../bin/keywarden-server.mjs');
  const root = mkdtempSync(join(tmpdir(), 'keywarden-mail-cli-'));
  const dataDir = join(root, 'data');
  let server: ChildProcess | undefined;
  afterEach(() => {
    server?.kill('SIGKILL');
    server = undefined;
  });

  async function run(args: string[], env: NodeJS.ProcessEnv = process.env) {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  /** Starts `keywarden-server start …` and resolves with its URL once it listens. */
  function start(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
    server = spawn(process.execPath, [BIN, 'start', '--data', dataDir, '--port', '0', ...args], { env });
    return new Promise((resolve, reject) => {
      let out = '';
      server!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const url = /listening on (\S+)/.exec(out)?.[1];
        if (url) resolve(url);
      });
      server!.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
  }

  function stop(): Promise<void> {
    const running = server!;
    server = undefined;
    return new Promise((resolve) => {
      running.on('exit', () => resolve());
      running.kill('SIGTERM');
    });
  }

  it('sends through a mail server that needs a login, with the password from the environment only', async () => {
    const init = await run(['init', '--data', dataDir, '--workspace', 'Acme', '--json']);
    const { ownerToken } = JSON.parse(init.stdout) as { ownerToken: string };

    const badEmail = await run([
      'token',
      'create',
      '--data',
      dataDir,
      '--role',
      'owner',
      '--name',
      'Ops',
      '--email',
      'ops',
    ]);
    expect(badEmail.code).not.toBe(0);
    expect(badEmail.stderr.trim()).toBe('keywarden-server: "ops" is not an email address, such as ops@example.com.');
    const notOwner = await run([
      'token',
      'create',
      '--data',
      dataDir,
      '--role',
      'admin',
      '--name',
      'Dev',
      '--email',
      'dev@acme.test',
    ]);
    expect(notOwner.code).not.toBe(0);
    expect(notOwner.stderr).toMatch(/Only owner tokens carry a contact address/);
    const minted = await run([
      'token',
      'create',
      '--data',
      dataDir,
      '--role',
      'owner',
      '--name',
      'Ops',
      '--email',
      'ops@acme.test',
    ]);
    expect(minted.code).toBe(0);
    expect(minted.stdout).toMatch(/ops@acme\.test/);

    receiver = await SmtpReceiver.start({ user: 'keywarden', password: 'mail-password-1' });
    const withPassword = await run([
      'start',
      '--data',
      dataDir,
      '--smtp-url',
      `smtp://keywarden:mail-password-1@127.0.0.1:1`,
      '--mail-from',
      'keys@acme.test',
    ]);
    expect(withPassword.code).toBe(2);
    expect(withPassword.stderr).toMatch(/KEYWARDEN_SMTP_PASSWORD/);
    expect(withPassword.stderr).not.toContain('mail-password-1');
    const noFrom = await run(['start', '--data', dataDir, '--smtp-url', receiver.url]);
    expect(noFrom.code).toBe(2);
    expect(noFrom.stderr).toMatch(/--mail-from/);

    const env = { ...process.env, KEYWARDEN_SMTP_PASSWORD: 'mail-password-1' };
    const mailArgs = [
      '--smtp-url',
      receiver.url.replace('smtp://', 'smtp://keywarden@'),
      '--mail-from',
      'Keywarden <keys@acme.test>',
    ];
    const url = await start(mailArgs, env);
    const expiresAt = new Date(Date.now() + 10 * DAY).toISOString();
    const created = await fetch(`${url}/v1/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Payroll export', scope: 'public_api', expiresAt }),
    });
    const { apiKey } = (await created.json()) as { apiKey: { prefix: string; expiresAt: string } };
    // The lifecycle job also runs as the service stops; the warning goes out then at the latest.
    await stop();
    const [mail] = await receiver.waitFor(1);
    expect(receiver.logins).toEqual(['keywarden']);
    expect(mail).toMatchObject({
      from: 'keys@acme.test',
      to: ['ops@acme.test'],
      subject: `Keywarden: API key "Payroll export" (${apiKey.prefix}) expires on ${formatReminderDate(apiKey.expiresAt, 'UTC')}`,
    });
    rmSync(root, { recursive: true, force: true });
  });
});
