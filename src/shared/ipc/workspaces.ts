/** The workspaces the vault shows: the local one, connected services, and the external-keys collection. */
import { z } from 'zod';
import { isoTime } from '../api/index.ts';

export const WorkspaceKind = z.enum(['local', 'remote', 'external']);
export type WorkspaceKind = z.infer<typeof WorkspaceKind>;

export const ConnectionState = z.enum(['online', 'offline', 'auth_failed']);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const WorkspaceView = z.object({
  id: z.string(),
  name: z.string(),
  kind: WorkspaceKind,
  /** The service's base URL; null for the external-keys collection. */
  url: z.string().nullable(),
  connection: ConnectionState,
  /** Plain sentence for the sidebar when the connection is not online. */
  connectionMessage: z.string().nullable(),
  lastSyncedAt: isoTime.nullable(),
  keyCount: z.number().int(),
  /** Keys that expire within 30 days (status `expiring`). */
  expiringCount: z.number().int(),
});
export type WorkspaceView = z.infer<typeof WorkspaceView>;

export const WorkspaceRef = z.strictObject({ workspaceId: z.string().min(1) });

export const ConnectWorkspaceInput = z.strictObject({
  url: z.string().trim().min(1).max(2000),
  token: z.string().trim().min(1).max(200),
  name: z.string().trim().max(100).optional(),
});

export const RemovedWorkspace = z.strictObject({ removedSecrets: z.number().int() });
