/**
 * A real SMTP server on loopback (smtp-server) that keeps what it receives, parsed by mailparser,
 * so tests read the email an owner would get: sender, recipients, subject, text. It can refuse
 * recipients for a while (a full mailbox, greylisting) and check a login.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The message exactly as it came over the wire, headers included. */
  raw: string;
}

export class SmtpReceiver {
  readonly messages: ReceivedMail[] = [];
  /** Logins the server saw: user names only. */
  readonly logins: string[] = [];
  #refuseNext = 0;
  #waiters: Array<() => void> = [];
  readonly #server: SMTPServer;

  private constructor(login: { user: string; password: string } | null) {
    this.#server = new SMTPServer({
      // Plain SMTP on loopback: the sender reaches a relay on its own machine without TLS.
      disabledCommands: login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      allowInsecureAuth: true,
      authOptional: login === null,
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (login && auth.username === login.user && auth.password === login.password) {
          this.logins.push(auth.username ?? '');
          callback(null, { user: auth.username });
        } else {
          callback(new Error('Invalid username or password'));
        }
      },
      onRcptTo: (_address, _session, callback) => {
        if (this.#refuseNext > 0) {
          this.#refuseNext--;
          const error = new Error('Mailbox busy, try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          void simpleParser(raw).then((parsed) => {
            const to = [parsed.to ?? []].flat().flatMap((group) => group.value.map((entry) => entry.address ?? ''));
            this.messages.push({
              from: parsed.from?.value[0]?.address ?? '',
              to,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              raw,
            });
            for (const wake of this.#waiters.splice(0)) wake();
            callback();
          }, callback);
        });
      },
    });
  }

  static async start(login: { user: string; password: string } | null = null): Promise<SmtpReceiver> {
    const receiver = new SmtpReceiver(login);
    await new Promise<void>((resolve) => receiver.#server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.#server.server.address() as AddressInfo).port}`;
  }

  /** The next `count` recipients are refused with a temporary failure (451). */
  refuseNext(count: number): void {
    this.#refuseNext = count;
  }

  /** Waits until `count` messages have arrived (or fails after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Expected ${count} emails, received ${this.messages.length}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, Math.min(left, 200));
      });
    }
    return this.messages;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
