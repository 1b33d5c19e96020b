/**
 * The composition root: builds storage, services and the HTTP app from injected ports (clock,
 * DNS, logger) and starts listening. The desktop app embeds this in-process; the CLI wraps it.
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { systemClock, type Clock } from '../shared/clock.ts';
import { buildApp, REDACTED_PATHS } from './http/app.ts';
import { createGatekeeper } from './http/gatekeeper.ts';
import type { AnyRoute } from './http/route-registry.ts';
import { adminTokenRoutes } from './http/routes/admin-tokens.ts';
import { apiKeyRoutes } from './http/routes/api-keys.ts';
import { auditAndWebhookRoutes } from './http/routes/audit-webhooks.ts';
import { keyAuthRoutes } from './http/routes/key-auth.ts';
import { metaRoutes } from './http/routes/meta.ts';
import { workspaceRoutes } from './http/routes/workspace.ts';
import type { Services } from './http/services.ts';
import type { TrustedProxies } from './http/trusted-proxies.ts';
import { AdminTokenService } from './services/admin-tokens.ts';
import { ApiKeyService } from './services/api-keys.ts';
import { AuditService } from './services/audit.ts';
import { AuditTrail } from './services/audit-trail.ts';
import { Authenticator } from './services/authenticator.ts';
import { Lifecycle } from './services/lifecycle.ts';
import { OwnerMail } from './services/owner-mail.ts';
import { checkMailFrom, createSmtpTransport, parseSmtpUrl } from './services/smtp-transport.ts';
import {
  DEFAULT_RATE_LIMIT,
  FailedAuthLimiter,
  SharedFailedAuthLimiter,
  type RateLimit,
} from './services/rate-limiter.ts';
import { notInitializedIn } from './services/setup.ts';
import { UsageRecorder } from './services/usage-recorder.ts';
import { createWebhookDelivery, type ResolveHost } from './services/webhook-delivery.ts';
import { WebhookDispatcher } from './services/webhook-dispatcher.ts';
import { WebhookService } from './services/webhooks.ts';
import { WorkspaceService } from './services/workspace.ts';
import { createStorage, lockStorageForServing, storageMayExist } from './storage/index.ts';

/** A pino destination (anything with `write`) or pino options. */
export type LoggerOption = boolean | { write(line: string): unknown } | Record<string, unknown>;

export interface StartServerOptions {
  /** The SQLite data directory; ignored when `database` is given. */
  dataDir?: string;
  /**
   * postgres://… : serve from this PostgreSQL database instead, as one of several nodes that may
   * share it (behind a load balancer). Nothing a node answers from is kept only in its memory.
   */
  database?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  clock?: Clock;
  tls?: { cert: string | Buffer; key: string | Buffer };
  logger?: LoggerOption;
  /**
   * Deliver webhooks to loopback, private and link-local addresses too. Off by default: an admin
   * token must not be a way to make the server POST into its own network. The desktop app's local
   * workspace, which serves only its own machine, turns it on.
   */
  allowPrivateWebhooks?: boolean;
  /**
   * Behind reverse proxies (how many, or their addresses): rate limits and masked IPs use the
   * client's address from X-Forwarded-For instead of the proxy's own. Off by default.
   */
  trustProxy?: TrustedProxies;
  /** How webhook hosts are resolved (default: the system resolver). */
  resolveWebhookHost?: ResolveHost;
  lifecycleIntervalMs?: number;
  /** Failed authentications allowed per address per window (default 20 per minute). */
  rateLimit?: RateLimit;
  /** Delays between webhook delivery attempts (default 1 s, 5 s, 25 s). */
  webhookRetryDelaysMs?: number[];
  /**
   * With a shared database: how long a node holds a webhook delivery it claimed (default 15 s; a
   * node that dies mid-delivery leaves it to another after this) and how often it looks for
   * deliveries no node holds (default 2 s).
   */
  webhookLeaseMs?: number;
  webhookPollIntervalMs?: number;
  usageFlushIntervalMs?: number;
  /** On close, how long requests in flight may take before their connections are cut (default 10 s). */
  drainTimeoutMs?: number;
  /** Email owners about expiring and expired keys through this SMTP server (off when absent). */
  mail?: MailOptions;
}

export interface MailOptions {
  /** smtp://[user@]host[:port] (STARTTLS) or smtps://…; never with a password in it. */
  smtpUrl: string;
  /** The sender, "keys@example.com" or "Keywarden <keys@example.com>". */
  from: string;
  /** The SMTP password, from the environment (KEYWARDEN_SMTP_PASSWORD), never the command line. */
  password?: string;
  /** Delays before each retry of a refused email (default 1 min, 5 min, 30 min, 2 h). */
  retryDelaysMs?: number[];
}

export interface RunningServer {
  url: string;
  port: number;
  app: FastifyInstance;
  runLifecycle(): Promise<void>;
  flushUsage(): void;
  /** Resolves when no webhook delivery attempt is in flight (tests). */
  webhooksIdle(): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  // Checked before anything opens, so a mistyped mail setting stops the start with its sentence.
  if (options.mail) {
    parseSmtpUrl(options.mail.smtpUrl, options.mail.password ?? null);
    checkMailFrom(options.mail.from);
  }
  if (!storageMayExist(options)) throw notInitializedIn(options);
  const unlock = lockStorageForServing(options);
  try {
    return await serve(options, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

async function serve(options: StartServerOptions, unlock: () => void): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const storage = await createStorage(options);
  const loggerOption = toFastifyLogger(options.logger);
  const allowPrivateWebhooks = options.allowPrivateWebhooks ?? false;
  // Background work logs through the app's logger once it exists.
  let logError: (error: unknown) => void = () => {};
  let logWarning: (details: Record<string, unknown>) => void = () => {};
  let logLeaseLost: (details: Record<string, unknown>) => void = () => {};

  const dispatcher = new WebhookDispatcher({
    storage,
    clock,
    deliver: createWebhookDelivery({
      allowPrivateDestinations: allowPrivateWebhooks,
      ...(options.resolveWebhookHost ? { resolve: options.resolveWebhookHost } : {}),
    }),
    ...(options.webhookRetryDelaysMs ? { retryDelaysMs: options.webhookRetryDelaysMs } : {}),
    ...(options.webhookLeaseMs ? { leaseMs: options.webhookLeaseMs } : {}),
    pollIntervalMs: storage.shared ? (options.webhookPollIntervalMs ?? 2_000) : null,
    onError: (error) => logError(error),
    onLeaseLost: (lost) => logLeaseLost(lost),
  });
  const audit = new AuditTrail(clock, dispatcher);
  const workspaces = await WorkspaceService.load(storage, audit);
  if (!workspaces) {
    await storage.close();
    throw notInitializedIn(options);
  }
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const authenticator = new Authenticator(
    storage,
    clock,
    storage.authFailures
      ? new SharedFailedAuthLimiter(storage.authFailures, clock, rateLimit)
      : new FailedAuthLimiter(clock, rateLimit),
  );
  const usage = new UsageRecorder(storage.usage, {
    ...(options.usageFlushIntervalMs ? { flushIntervalMs: options.usageFlushIntervalMs } : {}),
    onError: (error) => logError(error),
  });
  const services: Services = {
    clock,
    workspaces,
    authenticator,
    usage,
    apiKeys: new ApiKeyService({ storage, clock, audit, authenticator, usage, workspaces }),
    audit: new AuditService(storage),
    webhooks: new WebhookService(storage, clock, audit, {
      allowPrivateDestinations: allowPrivateWebhooks,
      outbox: dispatcher,
    }),
    adminTokens: new AdminTokenService(storage, clock, audit),
  };
  const transport = options.mail
    ? await createSmtpTransport(parseSmtpUrl(options.mail.smtpUrl, options.mail.password ?? null))
    : null;
  const mail =
    options.mail && transport
      ? new OwnerMail({
          storage,
          clock,
          audit,
          transport,
          from: checkMailFrom(options.mail.from),
          ...(options.mail.retryDelaysMs ? { retryDelaysMs: options.mail.retryDelaysMs } : {}),
          onAttemptFailed: (message, error) =>
            logWarning({ outboxId: message.id, notice: message.notice, attempts: message.attempts + 1, error }),
        })
      : null;
  const lifecycle = new Lifecycle(storage, clock, audit, authenticator, mail);

  const routes: AnyRoute[] = [];
  routes.push(
    ...metaRoutes(
      () => routes,
      () => storage.ping(),
    ),
    ...workspaceRoutes(services),
    ...apiKeyRoutes(services),
    ...auditAndWebhookRoutes(services),
    ...keyAuthRoutes(services),
    ...adminTokenRoutes(services),
  );
  const app = buildApp({
    routes,
    gatekeeper: createGatekeeper({ authenticator, usage, clock }),
    logger: loggerOption,
    https: options.tls ?? null,
    trustProxy: options.trustProxy,
  });
  logError = (error) => app.log.error({ err: error }, 'background task failed');
  logWarning = (details) => app.log.warn(details, 'an email to an owner was not accepted by the mail server');
  logLeaseLost = (details) =>
    app.log.warn(details, 'a webhook attempt outlived its lease; the node that claimed the delivery since records it');
  // Draining: requests in flight when the server stops still get their answer, on a connection
  // that then closes, so a keep-alive client cannot hold shutdown open.
  let draining = false;
  app.addHook('onSend', async (_request, reply) => {
    if (draining) reply.header('connection', 'close');
  });

  const runLifecycle = () => lifecycle.run().catch((error: unknown) => logError(error));
  const interval = setInterval(runLifecycle, options.lifecycleIntervalMs ?? 60_000);
  interval.unref();
  // Another node's change to the workspace reaches this node's hot path within a second.
  const workspaceRefresh = storage.shared
    ? setInterval(() => void workspaces.refresh().catch((error: unknown) => logError(error)), 1_000)
    : null;
  workspaceRefresh?.unref();
  const clockWithListeners = clock as Clock & { onChange?: (listener: () => void) => () => void };
  const stopListening =
    typeof clockWithListeners.onChange === 'function'
      ? clockWithListeners.onChange(() => void runLifecycle())
      : () => {};

  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ host, port: options.port ?? 8787 });
  } catch (error) {
    clearInterval(interval);
    if (workspaceRefresh) clearInterval(workspaceRefresh);
    stopListening();
    usage.close();
    transport?.close();
    await storage.close();
    throw error;
  }
  await runLifecycle();
  await dispatcher.resume();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 8787);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | null = null;
  return {
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`,
    port,
    app,
    runLifecycle,
    flushUsage: () => usage.flush(),
    webhooksIdle: () => dispatcher.idle(),
    close: () =>
      (closing ??= (async () => {
        clearInterval(interval);
        if (workspaceRefresh) clearInterval(workspaceRefresh);
        stopListening();
        draining = true;
        const deadline = setTimeout(() => app.server.closeAllConnections(), options.drainTimeoutMs ?? 10_000);
        deadline.unref();
        await app.close();
        clearTimeout(deadline);
        usage.close();
        await usage.written();
        await lifecycle.run().catch(() => undefined);
        transport?.close();
        await dispatcher.close();
        await storage.close();
        unlock();
      })()),
  };
}

function toFastifyLogger(option: LoggerOption | undefined): FastifyServerOptions['logger'] {
  if (option === undefined || option === false) return false;
  const redact = { paths: REDACTED_PATHS, censor: '[redacted]' };
  if (option === true) return { level: 'info', redact };
  if (typeof (option as { write?: unknown }).write === 'function') {
    return { level: 'info', redact, stream: option as { write(line: string): void } };
  }
  return { redact, ...(option as Record<string, unknown>) } as FastifyServerOptions['logger'];
}
