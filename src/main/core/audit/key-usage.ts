/**
 * How much a key is used, from its service: requests per day over the last 30 days (the details
 * panel's sparkline), its last use with the masked IP, and its most recent requests. External keys
 * were issued elsewhere, so no service of ours sees their requests.
 */
import { DAY_MS } from '../../../shared/api/index.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { KeyUsageView } from '../../../shared/ipc/index.ts';
import { AppError } from '../errors.ts';
import type { WorkspaceClients } from '../workspaces/workspace-clients.ts';
import type { WorkspaceService } from '../workspaces/workspace-service.ts';

export const USAGE_DAYS = 30;
/** Recent requests listed: enough to see who still calls, short enough to read. */
const RECENT_REQUESTS = 20;

export class KeyUsageService {
  readonly #deps: { workspaces: WorkspaceService; clients: WorkspaceClients; clock: Clock };

  constructor(deps: { workspaces: WorkspaceService; clients: WorkspaceClients; clock: Clock }) {
    this.#deps = deps;
  }

  async usage(workspaceId: string, keyId: string): Promise<KeyUsageView> {
    const workspace = this.#deps.workspaces.get(workspaceId);
    if (workspace.kind === 'external') {
      throw new AppError(
        'unsupported',
        "Keywarden sees the requests of keys its workspaces issued; this key's issuer shows its usage.",
      );
    }
    const client = await this.#deps.clients.clientFor(workspace);
    const since = new Date(this.#deps.clock.now().getTime() - USAGE_DAYS * DAY_MS).toISOString();
    const [usage, uses] = await Promise.all([
      client.keyUsage(keyId, USAGE_DAYS),
      client.keyUses(keyId, since, RECENT_REQUESTS),
    ]);
    return {
      keyId,
      days: usage.days,
      totalRequests: usage.totalRequests,
      lastUsedAt: usage.lastUsedAt,
      lastUsedIp: usage.lastUsedIp,
      recent: uses.uses,
      recentTruncated: uses.truncated,
    };
  }
}
