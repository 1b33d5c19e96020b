import type { Clock } from '../../shared/clock.ts';
import type { AdminTokenService } from '../services/admin-tokens.ts';
import type { ApiKeyService } from '../services/api-keys.ts';
import type { AuditService } from '../services/audit.ts';
import type { Authenticator } from '../services/authenticator.ts';
import type { UsageRecorder } from '../services/usage-recorder.ts';
import type { WebhookService } from '../services/webhooks.ts';
import type { WorkspaceService } from '../services/workspace.ts';

/** What the routes may use: the composition root (server.ts) builds it. */
export interface Services {
  clock: Clock;
  workspaces: WorkspaceService;
  apiKeys: ApiKeyService;
  audit: AuditService;
  webhooks: WebhookService;
  adminTokens: AdminTokenService;
  authenticator: Authenticator;
  usage: UsageRecorder;
}
