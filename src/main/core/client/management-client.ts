/**
 * The management service's HTTP API as the vault uses it. Every request has a timeout; reads are
 * retried with backoff (writes never are: a retried create would mint a second key); every answer
 * is parsed with the shared contract's schemas; lists are followed to their last page.
 */
import { z } from 'zod';
import {
  AdminTokenInfo,
  ApiKey,
  AuditFeedResponse,
  AuditHead,
  CreateApiKeyResponse,
  CreateWebhookResponse,
  ErrorBody,
  KeyUsage,
  KeyUses,
  ListApiKeysResponse,
  ListWebhooksResponse,
  RotateApiKeyResponse,
  WebhookDeliveriesResponse,
  WebhookDeliveryQueued,
  Workspace,
  type CreateApiKeyRequest,
  type CreateWebhookRequest,
  type UpdateApiKeyRequest,
  type Webhook,
} from '../../../shared/api/index.ts';
import { AppError } from '../errors.ts';
import { hostOf } from '../workspaces/workspace-url.ts';
import { fromServiceError, notAWorkspace, unreachable } from './http-errors.ts';

/** The health answer is not in the shared contract; only its shape matters here. */
const HealthResponse = z.object({ ok: z.literal(true) }).loose();

export interface ManagementClientOptions {
  baseUrl: string;
  /** The admin token, sent as a Bearer token. */
  token: string;
  fetch: typeof fetch;
  timeoutMs?: number;
  /** Extra attempts for reads that failed on the network or with a 502/503/504. */
  readRetries?: number;
  retryDelayMs?: number;
}

const PAGE_SIZE = 500;
const RETRYABLE_STATUS = new Set([502, 503, 504]);

export class ManagementClient {
  readonly baseUrl: string;
  readonly host: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #readRetries: number;
  readonly #retryDelayMs: number;

  constructor(options: ManagementClientOptions) {
    this.baseUrl = options.baseUrl;
    this.host = hostOf(options.baseUrl);
    this.#token = options.token;
    this.#fetch = options.fetch;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#readRetries = options.readRetries ?? 2;
    this.#retryDelayMs = options.retryDelayMs ?? 200;
  }

  health(): Promise<z.infer<typeof HealthResponse>> {
    return this.#request('GET', '/v1/health', HealthResponse);
  }

  /** Who the admin token is (id, name, role, workspace). */
  adminToken(): Promise<AdminTokenInfo> {
    return this.#request('GET', '/v1/admin-token', AdminTokenInfo);
  }

  workspace(): Promise<Workspace> {
    return this.#request('GET', '/v1/workspace', Workspace);
  }

  async listKeys(): Promise<ApiKey[]> {
    const keys: ApiKey[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      // A cursor that comes round again would have the app list the same pages forever.
      if (cursor !== null && seen.has(cursor)) throw notAWorkspace(this.host, 'its list of keys never ends');
      if (cursor !== null) seen.add(cursor);
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (cursor) query.set('cursor', cursor);
      const page: ListApiKeysResponse = await this.#request('GET', `/v1/api-keys?${query}`, ListApiKeysResponse);
      keys.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return keys;
  }

  async getKey(keyId: string): Promise<ApiKey> {
    return this.#request('GET', `/v1/api-keys/${this.#segment(keyId)}`, ApiKey);
  }

  createKey(request: CreateApiKeyRequest): Promise<CreateApiKeyResponse> {
    return this.#request('POST', '/v1/api-keys', CreateApiKeyResponse, request);
  }

  async updateKey(keyId: string, patch: UpdateApiKeyRequest): Promise<ApiKey> {
    return this.#request('PATCH', `/v1/api-keys/${this.#segment(keyId)}`, ApiKey, patch);
  }

  async revokeKey(keyId: string, reason?: string): Promise<ApiKey> {
    const body = reason === undefined ? {} : { reason };
    return this.#request('POST', `/v1/api-keys/${this.#segment(keyId)}/revoke`, ApiKey, body);
  }

  /** Never retried (a write): a second call would find the key already rotated and answer conflict. */
  async rotateKey(keyId: string, overlapSeconds: number): Promise<RotateApiKeyResponse> {
    const path = `/v1/api-keys/${this.#segment(keyId)}/rotate`;
    return this.#request('POST', path, RotateApiKeyResponse, { overlapSeconds });
  }

  /** The key's requests since a time, newest first. */
  async keyUses(keyId: string, since: string, limit: number): Promise<KeyUses> {
    const query = new URLSearchParams({ since, limit: String(limit) });
    return this.#request('GET', `/v1/api-keys/${this.#segment(keyId)}/uses?${query}`, KeyUses);
  }

  /** Requests per day over the last `days` days, and the last use (masked IP). */
  async keyUsage(keyId: string, days: number): Promise<KeyUsage> {
    const query = new URLSearchParams({ days: String(days) });
    return this.#request('GET', `/v1/api-keys/${this.#segment(keyId)}/usage?${query}`, KeyUsage);
  }

  /** The audit trail oldest first, the events after seq `after`: what a sync asks for page by page. */
  auditFeed(after: number, limit: number, signal?: AbortSignal): Promise<AuditFeedResponse> {
    const query = new URLSearchParams({ after: String(after), limit: String(limit) });
    return this.#request('GET', `/v1/audit?${query}`, AuditFeedResponse, undefined, signal);
  }

  /** The trail's last seq and hash. */
  auditHead(signal?: AbortSignal): Promise<AuditHead> {
    return this.#request('GET', '/v1/audit/head', AuditHead, undefined, signal);
  }

  async listWebhooks(): Promise<Webhook[]> {
    return (await this.#request('GET', '/v1/webhooks', ListWebhooksResponse)).data;
  }

  /** Never retried (a write): the answer carries the signing secret, this once. */
  createWebhook(request: CreateWebhookRequest): Promise<z.output<typeof CreateWebhookResponse>> {
    return this.#request('POST', '/v1/webhooks', CreateWebhookResponse, request);
  }

  async deleteWebhook(webhookId: string): Promise<void> {
    await this.#request('DELETE', `/v1/webhooks/${this.#segment(webhookId)}`, z.unknown());
  }

  /** A webhook's deliveries, newest first. */
  async webhookDeliveries(webhookId: string, limit: number, cursor?: string): Promise<WebhookDeliveriesResponse> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    const path = `/v1/webhooks/${this.#segment(webhookId)}/deliveries?${query}`;
    return this.#request('GET', path, WebhookDeliveriesResponse);
  }

  async testWebhook(webhookId: string): Promise<WebhookDeliveryQueued> {
    return this.#request('POST', `/v1/webhooks/${this.#segment(webhookId)}/test`, WebhookDeliveryQueued, {});
  }

  async redeliverWebhook(webhookId: string, deliveryId: string): Promise<WebhookDeliveryQueued> {
    const path = `/v1/webhooks/${this.#segment(webhookId)}/deliveries/${this.#segment(deliveryId)}/redeliver`;
    return this.#request('POST', path, WebhookDeliveryQueued, {});
  }

  async #request<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<z.output<S>> {
    const attempts = method === 'GET' ? 1 + this.#readRetries : 1;
    for (let attempt = 1; ; attempt++) {
      const retry = attempt < attempts;
      let response: Response;
      let text: string;
      try {
        response = await this.#fetch(`${this.baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${this.#token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? null : JSON.stringify(body),
          signal: signal
            ? AbortSignal.any([signal, AbortSignal.timeout(this.#timeoutMs)])
            : AbortSignal.timeout(this.#timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        if (signal?.aborted) throw error;
        if (retry) {
          await this.#backoff(attempt);
          continue;
        }
        throw unreachable(this.host, error);
      }
      if (retry && RETRYABLE_STATUS.has(response.status)) {
        await this.#backoff(attempt);
        continue;
      }
      return this.#read(response, text, schema);
    }
  }

  #read<S extends z.ZodType>(response: Response, text: string, schema: S): z.output<S> {
    const json = parseJson(text);
    if (response.ok) {
      const parsed = schema.safeParse(json);
      if (parsed.success) return parsed.data;
      throw notAWorkspace(this.host, json === undefined ? 'the answer is not JSON' : 'unexpected answer');
    }
    const error = ErrorBody.safeParse(json);
    if (error.success) throw fromServiceError(this.host, response.status, error.data);
    if (RETRYABLE_STATUS.has(response.status)) {
      throw new AppError(
        'workspace_unreachable',
        `Can't reach ${this.host}: it answered HTTP ${response.status}. Check the address and your connection.`,
      );
    }
    throw notAWorkspace(this.host, `HTTP ${response.status}`);
  }

  /**
   * An id as exactly one path segment. encodeURIComponent throws on a lone surrogate, and the URL
   * parser resolves `.` and `..` (even as %2E) into another route; no id the service issues is
   * either, so such an id names nothing there.
   */
  #segment(id: string): string {
    if (id === '' || id === '.' || id === '..' || !id.isWellFormed()) {
      throw fromServiceError(this.host, 404, { error: 'Not Found', code: 'not_found' });
    }
    return encodeURIComponent(id);
  }

  /** Real time, not the injected clock: this paces the network, not the product's calendar. */
  #backoff(attempt: number): Promise<void> {
    const delay = this.#retryDelayMs * 2 ** (attempt - 1);
    return new Promise((resolve) => setTimeout(resolve, delay));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
