/** Turns stored records into the HTTP contract's shapes; status is computed from the clock here. */
import {
  DAY_MS,
  DELETE_AFTER_EXPIRY_DAYS,
  keyStatusAt,
  type ApiKey,
  type Webhook,
  type WhoAmIResponse,
  type Workspace,
  type WorkspaceSummary,
} from '../../shared/api/index.ts';
import type { ApiKeyRecord, WebhookRecord, WorkspaceRecord } from '../storage/repositories.ts';

export function presentApiKey(key: ApiKeyRecord, now: Date): ApiKey {
  // A rotation overlap stores its future revocation; until it takes effect the key is live.
  const revocationInEffect = key.revokedAt !== null && Date.parse(key.revokedAt) <= now.getTime();
  const overlapRunning =
    key.overlapEndsAt !== null && key.overlapClosedAt === null && Date.parse(key.overlapEndsAt) > now.getTime();
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scope: key.scope,
    environment: key.environment,
    options: key.options,
    status: keyStatusAt(key, now),
    createdAt: key.createdAt,
    createdBy: key.createdBy,
    expiresAt: key.expiresAt,
    deletesAt: new Date(Date.parse(key.expiresAt) + DELETE_AFTER_EXPIRY_DAYS * DAY_MS).toISOString(),
    revokedAt: revocationInEffect ? key.revokedAt : null,
    revokedReason: revocationInEffect ? key.revokedReason : null,
    revokedBy: revocationInEffect ? key.revokedBy : null,
    lastUsedAt: key.lastUsedAt,
    lastUsedIp: key.lastUsedIp,
    rotatedFromId: key.rotatedFromId,
    rotatedToId: key.rotatedToId,
    overlapEndsAt: overlapRunning ? key.overlapEndsAt : null,
  };
}

export function presentWorkspace(workspace: WorkspaceRecord): Workspace {
  return { ...workspace };
}

export function summarizeWorkspace(workspace: WorkspaceRecord): WorkspaceSummary {
  return {
    id: workspace.id,
    name: workspace.name,
    brand: workspace.brand,
    region: workspace.region,
    replyTo: workspace.replyTo,
  };
}

export function summarizeApiKey(key: ApiKeyRecord): WhoAmIResponse['apiKey'] {
  return { id: key.id, name: key.name, prefix: key.prefix, scope: key.scope, options: key.options };
}

export function presentWebhook(webhook: WebhookRecord): Webhook {
  return { id: webhook.id, url: webhook.url, events: webhook.events, createdAt: webhook.createdAt };
}
