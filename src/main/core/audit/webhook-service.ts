/**
 * A workspace's webhooks, managed through its service: the list (with whether this device's
 * keychain holds each one's signing secret), adding one (its secret is shown once and kept in the
 * keychain), removing one (its secret leaves the keychain with it), its deliveries, a test event
 * and a redelivery. External keys have no service, so no webhooks.
 */
import type { CreateWebhookRequest, WebhookDelivery } from '../../../shared/api/index.ts';
import { errorMessage } from '../../../shared/error-message.ts';
import type { AddedWebhook, WebhookDeliveriesView, WebhookView } from '../../../shared/ipc/index.ts';
import type { ManagementClient } from '../client/management-client.ts';
import { AppError } from '../errors.ts';
import type { SecretStore } from '../ports.ts';
import { parseAccount, webhookSecretAccount } from '../secrets/accounts.ts';
import type { WorkspaceRecord } from '../store/workspace-repository.ts';
import type { WorkspaceClients } from '../workspaces/workspace-clients.ts';
import type { WorkspaceService } from '../workspaces/workspace-service.ts';

export interface WebhookServiceDeps {
  workspaces: WorkspaceService;
  clients: WorkspaceClients;
  secrets: SecretStore;
}

export class WebhookService {
  readonly #deps: WebhookServiceDeps;

  constructor(deps: WebhookServiceDeps) {
    this.#deps = deps;
  }

  async list(workspaceId: string): Promise<WebhookView[]> {
    const { client } = await this.#client(workspaceId);
    const webhooks = await client.listWebhooks();
    const inVault = await this.#secretsInVault(workspaceId);
    return webhooks.map((webhook) => ({ ...webhook, secretInVault: inVault.has(webhook.id) }));
  }

  /** The secret comes back this once: it goes to the keychain, and to the window to be shown once. */
  add(workspaceId: string, request: CreateWebhookRequest): Promise<AddedWebhook> {
    return this.#deps.workspaces.change(workspaceId, async (workspace) => {
      const client = await this.#clientOf(workspace);
      const created = await client.createWebhook(request);
      let keychainWarning: string | null = null;
      try {
        await this.#deps.secrets.set(webhookSecretAccount(workspace.id, created.webhook.id), created.secret);
      } catch (error) {
        keychainWarning =
          `Keywarden could not keep the signing secret in your system keychain (${errorMessage(error)}). ` +
          'Copy it now: it is not shown again.';
      }
      return {
        webhook: { ...created.webhook, secretInVault: keychainWarning === null },
        secret: created.secret,
        storedInKeychain: keychainWarning === null,
        keychainWarning,
      };
    });
  }

  async remove(workspaceId: string, webhookId: string): Promise<{ removed: true }> {
    const account = webhookSecretAccount(workspaceId, webhookId);
    await this.#deps.workspaces.change(workspaceId, async (workspace) => {
      await (await this.#clientOf(workspace)).deleteWebhook(webhookId);
    });
    // The webhook is gone: a secret left behind would sign nothing, so a locked keychain keeps it quietly.
    await this.#deps.secrets.delete(account).catch(() => false);
    return { removed: true };
  }

  async deliveries(
    workspaceId: string,
    webhookId: string,
    limit: number,
    cursor?: string,
  ): Promise<WebhookDeliveriesView> {
    const { client } = await this.#client(workspaceId);
    const page = await client.webhookDeliveries(webhookId, limit, cursor);
    return { deliveries: page.data, nextCursor: page.nextCursor };
  }

  async test(workspaceId: string, webhookId: string): Promise<WebhookDelivery> {
    const { client } = await this.#client(workspaceId);
    return (await client.testWebhook(webhookId)).delivery;
  }

  async redeliver(workspaceId: string, webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
    const { client } = await this.#client(workspaceId);
    return (await client.redeliverWebhook(webhookId, deliveryId)).delivery;
  }

  async #client(workspaceId: string): Promise<{ workspace: WorkspaceRecord; client: ManagementClient }> {
    const workspace = this.#deps.workspaces.get(workspaceId);
    return { workspace, client: await this.#clientOf(workspace) };
  }

  #clientOf(workspace: WorkspaceRecord): Promise<ManagementClient> {
    if (workspace.kind === 'external') {
      throw new AppError('unsupported', 'External keys have no workspace service, so no webhooks.');
    }
    return this.#deps.clients.clientFor(workspace);
  }

  async #secretsInVault(workspaceId: string): Promise<Set<string>> {
    let accounts: string[];
    try {
      accounts = await this.#deps.secrets.list();
    } catch {
      return new Set(); // A locked keychain says nothing about what it holds.
    }
    const ids = new Set<string>();
    for (const account of accounts) {
      const parsed = parseAccount(account);
      if (parsed?.kind === 'webhook-secret' && parsed.workspaceId === workspaceId) ids.add(parsed.webhookId);
    }
    return ids;
  }
}
