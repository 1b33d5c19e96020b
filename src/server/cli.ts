/**
 * `keywarden-server`: init a data directory, start the service, mint admin tokens.
 * Every failure prints one sentence on stderr and exits non-zero; no stack traces.
 */
import { parseArgs } from 'node:util';
import {
  AdminRole,
  hasUnsafeDisplayCharacter,
  UNSAFE_DISPLAY_TEXT_MESSAGE,
  type AdminTokenSummary,
} from '../shared/api/index.ts';
import { errorMessage } from '../shared/error-message.ts';
import { EXIT_CODE_BY_KEYWARDEN_CODE, KeywardenError } from './domain/result.ts';
import { parseTrustedProxies, TRUSTED_PROXIES_USAGE, type TrustedProxies } from './http/trusted-proxies.ts';
import { auditTrailBroken, verifyAuditTrail } from './services/audit-verification.ts';
import { createAdminToken, initWorkspace, listAdminTokens, revokeAdminToken } from './services/setup.ts';
import { describeStorage, type StorageConfig } from './storage/index.ts';
import { startServer, type MailOptions } from './server.ts';
import { checkMailFrom, parseSmtpUrl } from './services/smtp-transport.ts';
import { readTlsFiles } from './tls-files.ts';

const HELP = `Usage: keywarden-server <command> [options]

Commands:
  init --data DIR [--workspace NAME] [--json]
      Create the workspace in DIR and print its owner admin token (shown once).
  start --data DIR [--host 127.0.0.1] [--port 8787] [--tls-cert FILE --tls-key FILE]
        [--allow-private-webhooks] [--trust-proxy [HOPS|PROXIES]] [--smtp-url URL --mail-from ADDRESS]
      Serve the management API (HTTPS with TLS 1.2+ when given a certificate).
      With --smtp-url smtp://[user@]host[:port] (or smtps://) and --mail-from, owners whose
      token carries an address are emailed 30 days before each key expires and when it
      does; the SMTP password comes from the KEYWARDEN_SMTP_PASSWORD environment variable.
      Behind reverse proxies, --trust-proxy counts failed logins and shows IPs by the client's
      address in X-Forwarded-For, not the proxy's: the first hop from the right that is not a
      proxy of yours. Give how many proxies stand in front (1 when given alone; only when the
      server cannot be reached around them) or the proxies' addresses and CIDR ranges, as in
      --trust-proxy 10.0.0.5,10.0.0.0/8. Entries a client writes itself are never believed.
      Webhooks go only to public addresses unless --allow-private-webhooks is given
      (for receivers on this machine or in its private network).
  token create --data DIR --role owner|admin|auditor|verifier --name NAME [--email ADDRESS]
      Mint another admin token (shown once). An owner token may carry the address its
      holder is emailed at about expiring keys.
  token list --data DIR [--json]
      List the admin tokens: id, name, role, prefix, created, last used, revoked.
  token revoke --data DIR --id ID
      Revoke an admin token now and for good (the last active owner token is kept).
  audit verify --data DIR [--json]
      Walk the audit trail's hash chain. Exits 0 with the number of events and the last
      seq and hash when it is intact, 1 naming the first seq edited or deleted when not.

Every command takes --database postgres://USER@HOST:PORT/NAME instead of --data DIR to use a
PostgreSQL database that several nodes share (or KEYWARDEN_DATABASE_URL; its password only
from there or PGPASSWORD, never the command line). Start each node with the same URL.

Options:
  -h, --help   Show this help.
`;

/** The command line itself is wrong (a missing or bad option): exits 2, like parseArgs' own errors. */
class UsageError extends KeywardenError {
  constructor(message: string) {
    super('usage', message);
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: withBareTrustProxy(argv),
    allowPositionals: true,
    strict: true,
    options: {
      data: { type: 'string' },
      database: { type: 'string' },
      workspace: { type: 'string' },
      json: { type: 'boolean' },
      host: { type: 'string' },
      port: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'allow-private-webhooks': { type: 'boolean' },
      'trust-proxy': { type: 'string' },
      'smtp-url': { type: 'string' },
      'mail-from': { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, subcommand] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (command === undefined)
    throw new UsageError('No command given; run "keywarden-server --help" to see the commands.');
  // An explicit --data wins over KEYWARDEN_DATABASE_URL from the environment.
  const database = databaseUrl(values.database, values.data !== undefined);
  // With a database URL, the data directory plays no part: the "--data DIR" checks below pass.
  const dataDir = database ? (values.data ?? '') : values.data;
  const storage: StorageConfig = database ? { database } : { dataDir };
  const where = database ? describeStorage(storage) : dataDir;

  if (command === 'init') {
    if (!dataDir && !database) throw new UsageError('init needs --data DIR, the directory to keep the database in.');
    if (values.workspace !== undefined && hasUnsafeDisplayCharacter(values.workspace))
      throw new UsageError(`--workspace ${UNSAFE_DISPLAY_TEXT_MESSAGE}.`);
    const workspaceOptions = values.workspace ? { name: values.workspace } : {};
    const { workspaceId, ownerToken } = await initWorkspace({ ...storage, ...workspaceOptions });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ workspaceId, ownerToken })}\n`);
    } else {
      process.stdout.write(
        `Workspace ${workspaceId} created in ${where}.\nOwner admin token (shown once, store it in your secret manager now):\n${ownerToken}\n`,
      );
    }
    return;
  }

  if (command === 'token') {
    if (subcommand === 'list') {
      if (!dataDir && !database) throw new UsageError('token list needs --data DIR.');
      const tokens = await listAdminTokens(storage);
      process.stdout.write(values.json ? `${JSON.stringify(tokens)}\n` : adminTokenTable(tokens));
      return;
    }
    if (subcommand === 'revoke') {
      if (!dataDir && !database) throw new UsageError('token revoke needs --data DIR.');
      if (!values.id?.trim()) throw new UsageError('token revoke needs --id ID; "token list" shows the ids.');
      const token = await revokeAdminToken({ ...storage, id: values.id.trim() });
      process.stdout.write(
        `Admin token ${token.id} (${token.name}, ${token.role}) is revoked; requests with it are refused from now on.\n`,
      );
      return;
    }
    if (subcommand !== 'create')
      throw new UsageError('Use "keywarden-server token create|list|revoke --data DIR"; see --help for their options.');
    if (!dataDir && !database) throw new UsageError('token create needs --data DIR.');
    const role = AdminRole.safeParse(values.role);
    if (!role.success) throw new UsageError('token create needs --role owner, admin, auditor or verifier.');
    if (!values.name?.trim()) throw new UsageError('token create needs --name NAME to label the token.');
    if (hasUnsafeDisplayCharacter(values.name)) throw new UsageError(`--name ${UNSAFE_DISPLAY_TEXT_MESSAGE}.`);
    const email = values.email?.trim();
    const tokenOptions = { role: role.data, name: values.name.trim(), ...(email !== undefined ? { email } : {}) };
    const { id, token } = await createAdminToken({ ...storage, ...tokenOptions });
    const mailed = email ? ` Expiry emails go to ${email}.` : '';
    process.stdout.write(`Admin token ${id} (${role.data}) created.${mailed} Shown once:\n${token}\n`);
    return;
  }

  if (command === 'audit') {
    if (subcommand !== 'verify') throw new UsageError('Use "keywarden-server audit verify --data DIR".');
    if (!dataDir && !database) throw new UsageError('audit verify needs --data DIR.');
    const check = await verifyAuditTrail(storage);
    if (values.json) process.stdout.write(`${JSON.stringify(check)}\n`);
    if (!check.intact) throw auditTrailBroken(where ?? '', check);
    if (!values.json) {
      process.stdout.write(
        `The audit trail in ${where} is intact: ${check.checked} events, ` +
          `last seq ${check.head.seq} with hash ${check.head.hash}.\n`,
      );
    }
    return;
  }

  if (command === 'start') {
    if (!dataDir && !database)
      throw new UsageError('start needs --data DIR, a directory set up with "keywarden-server init".');
    const port = values.port === undefined ? 8787 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError('--port must be a number from 0 to 65535.');
    if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) {
      throw new UsageError('HTTPS needs both --tls-cert and --tls-key.');
    }
    const tls =
      values['tls-cert'] && values['tls-key'] ? readTlsFiles(values['tls-cert'], values['tls-key']) : undefined;
    const host = values.host ?? '127.0.0.1';
    const mail = mailOptions(values['smtp-url'], values['mail-from']);
    const trustProxy = trustedProxies(values['trust-proxy']);
    const server = await startServer({
      ...storage,
      host,
      port,
      logger: { level: 'info' },
      allowPrivateWebhooks: values['allow-private-webhooks'] ?? false,
      ...(trustProxy ? { trustProxy } : {}),
      ...(tls ? { tls } : {}),
      ...(mail ? { mail } : {}),
    }).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'EADDRINUSE') {
        throw new KeywardenError(
          'address_in_use',
          `Port ${port} on ${host} is already in use; pick another with --port.`,
        );
      }
      throw error;
    });
    process.stdout.write(`Keywarden server listening on ${server.url}\n`);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      server.app.log.info({ signal }, 'shutting down');
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    return;
  }

  throw new UsageError(`Unknown command "${command}"; run "keywarden-server --help" to see the commands.`);
}

/**
 * --database, else KEYWARDEN_DATABASE_URL. A password belongs in the environment (that variable
 * or PGPASSWORD), never the command line, where every user of the machine can read it.
 */
function databaseUrl(option: string | undefined, dataDirGiven: boolean): string | undefined {
  if (option !== undefined) {
    if (!/^postgres(ql)?:\/\//i.test(option))
      throw new UsageError('--database must be a postgres://USER@HOST:PORT/NAME URL.');
    if (URL.canParse(option) && new URL(option).password) {
      throw new UsageError(
        '--database must not carry a password: anyone on this machine can read the command line. ' +
          'Put the URL in KEYWARDEN_DATABASE_URL or the password in PGPASSWORD instead.',
      );
    }
    return option;
  }
  const fromEnvironment = process.env.KEYWARDEN_DATABASE_URL;
  return fromEnvironment && !dataDirGiven ? fromEnvironment : undefined;
}

/**
 * `--trust-proxy` alone means one proxy. parseArgs needs a value, so a bare flag (the last argument,
 * or followed by another option) gets `1`; anything else after it is its value, checked below.
 */
function withBareTrustProxy(argv: string[]): string[] {
  return argv.map((arg, i) => {
    const next = argv[i + 1];
    return arg === '--trust-proxy' && (next === undefined || next.startsWith('-')) ? '--trust-proxy=1' : arg;
  });
}

function trustedProxies(option: string | undefined): TrustedProxies | null {
  if (option === undefined) return null;
  const trusted = parseTrustedProxies(option);
  if (!trusted) throw new UsageError(`--trust-proxy takes ${TRUSTED_PROXIES_USAGE}.`);
  return trusted;
}

/** --smtp-url and --mail-from go together; the password only ever comes from the environment. */
function mailOptions(smtpUrl: string | undefined, from: string | undefined): MailOptions | null {
  if (smtpUrl === undefined && from === undefined) return null;
  if (smtpUrl === undefined) throw new UsageError('--mail-from needs --smtp-url, the mail server to send through.');
  if (from === undefined) throw new UsageError('--smtp-url needs --mail-from, the address owners get email from.');
  const password = process.env.KEYWARDEN_SMTP_PASSWORD;
  try {
    parseSmtpUrl(smtpUrl, password ?? null);
    checkMailFrom(from);
  } catch (error) {
    if (error instanceof KeywardenError) throw new UsageError(error.message);
    throw error;
  }
  return { smtpUrl, from, ...(password ? { password } : {}) };
}

function adminTokenTable(tokens: AdminTokenSummary[]): string {
  const header = ['ID', 'NAME', 'ROLE', 'PREFIX', 'CREATED', 'LAST USED', 'REVOKED'];
  const rows = tokens.map((t) => [
    t.id,
    t.name,
    t.role,
    t.prefix,
    t.createdAt,
    t.lastUsedAt ?? 'never',
    t.revokedAt ?? '-',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  return [header, ...rows]
    .map(
      (row) =>
        `${row
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}

/** Whatever ended the command, as a code and one sentence; parseArgs' own errors are usage errors. */
function asKeywardenError(error: unknown): KeywardenError {
  if (error instanceof KeywardenError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    const sentence = errorMessage(error).split('. ')[0]?.replace(/\.$/, '');
    return new UsageError(`${sentence}; run "keywarden-server --help".`);
  }
  return new KeywardenError('internal_error', errorMessage(error));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const failure = asKeywardenError(error);
  process.stderr.write(`keywarden-server: ${failure.message}\n`);
  process.exit(EXIT_CODE_BY_KEYWARDEN_CODE[failure.code]);
});
