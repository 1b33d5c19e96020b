/**
 * Sending mail through the operator's SMTP server (nodemailer). The address comes from
 * `--smtp-url smtp://[user@]host[:port]` (STARTTLS, required unless the server is on this machine)
 * or `smtps://…` (TLS from the first byte); the password, when there is one, only from the
 * KEYWARDEN_SMTP_PASSWORD environment variable, never from the command line, where other users
 * and the shell's history can read it.
 */
import { KeywardenError } from '../domain/result.ts';

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  /** Resolves once the mail server accepted the message; rejects with its reason otherwise. */
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (smtps://); otherwise STARTTLS. */
  secure: boolean;
  user: string | null;
  password: string | null;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Parses `--smtp-url`; throws a KeywardenError whose message says what to fix. */
export function parseSmtpUrl(text: string, password: string | null = null): SmtpSettings {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('--smtp-url is not a URL; use smtp://host:587 or smtps://host:465.');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw invalid('--smtp-url must start with smtp:// (STARTTLS) or smtps:// (TLS).');
  }
  if (url.password) {
    throw invalid(
      '--smtp-url must not carry a password, which other users and the shell history could read; put it in the KEYWARDEN_SMTP_PASSWORD environment variable.',
    );
  }
  if (!url.hostname) throw invalid('--smtp-url needs a host, as in smtp://mail.example.com:587.');
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    user: url.username ? decodeURIComponent(url.username) : null,
    password: password || null,
  };
}

/** "keys@example.com" or "Keywarden <keys@example.com>". */
export function checkMailFrom(from: string): string {
  const trimmed = from.trim();
  const address = /<([^<>]+)>$/.exec(trimmed)?.[1] ?? trimmed;
  if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(address) && !/^[^\s@<>"]+@localhost$/.test(address)) {
    throw invalid(`--mail-from "${from}" is not an email address, such as keys@example.com.`);
  }
  return trimmed;
}

export async function createSmtpTransport(settings: SmtpSettings): Promise<MailTransport> {
  // Loaded only when mail is configured: the desktop app's embedded service never sends any.
  const nodemailer = await import('nodemailer');
  const onThisMachine = LOOPBACK.has(settings.host);
  const transporter = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    // Credentials and owners' addresses must not cross a network in clear; a relay on this
    // machine is reached directly.
    requireTLS: !settings.secure && !onThisMachine,
    ignoreTLS: !settings.secure && onThisMachine,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      const info = await transporter.sendMail(message);
      return { messageId: info.messageId };
    },
    close: () => transporter.close(),
  };
}

function invalid(message: string): KeywardenError {
  return new KeywardenError('invalid_mail_settings', message);
}
