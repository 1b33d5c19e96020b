/**
 * The local workspace: the management service from src/server, run in-process on 127.0.0.1 with
 * its data in `<dataDir>/local-workspace`. Created on first start, restarted on every start.
 */
import { join } from 'node:path';
import type { Clock } from '../../../shared/clock.ts';
import {
  createAdminToken,
  initWorkspace,
  isInitialized,
  startServer,
  type RunningServer,
} from '../../../server/index.ts';
import type { SecretStore } from '../ports.ts';
import { adminTokenAccount } from '../secrets/accounts.ts';

export const LOCAL_WORKSPACE_NAME = 'Local workspace';
export const LOCAL_WORKSPACE_FOLDER = 'local-workspace';

export interface EmbeddedWorkspace {
  workspaceId: string | null;
  url: string;
  token: string;
  close(): Promise<void>;
}

export interface StartEmbeddedOptions {
  dataDir: string;
  clock: Clock;
  secrets: SecretStore;
  /** The local workspace's id as the vault last saw it; null on a first start. */
  knownWorkspaceId: string | null;
}

/**
 * Starts the local workspace and returns an owner token for it. When the keychain lost the token
 * (or is unavailable, so it only ever lived in memory), a fresh owner token is minted rather than
 * locking the user out of their own keys. `workspaceId` is null when the vault doesn't know it yet
 * (its database was reset): the caller asks the service.
 */
export async function startEmbeddedWorkspace(options: StartEmbeddedOptions): Promise<EmbeddedWorkspace> {
  const serviceDir = join(options.dataDir, LOCAL_WORKSPACE_FOLDER);
  let workspaceId = options.knownWorkspaceId;
  let token: string | null = null;
  if (!(await isInitialized({ dataDir: serviceDir }))) {
    const created = await initWorkspace({ dataDir: serviceDir, name: LOCAL_WORKSPACE_NAME, clock: options.clock });
    workspaceId = created.workspaceId;
    token = created.ownerToken;
    await storeQuietly(options.secrets, adminTokenAccount(workspaceId), token);
  } else if (workspaceId) {
    token = await options.secrets.get(adminTokenAccount(workspaceId)).catch(() => null);
  }
  if (token === null) {
    ({ token } = await createAdminToken({
      dataDir: serviceDir,
      role: 'owner',
      name: 'Keywarden desktop',
      clock: options.clock,
    }));
    if (workspaceId) await storeQuietly(options.secrets, adminTokenAccount(workspaceId), token);
  }
  const server: RunningServer = await startServer({
    dataDir: serviceDir,
    host: '127.0.0.1',
    port: 0,
    clock: options.clock,
    logger: false,
    // The local workspace serves only this machine, whose own receivers sit on loopback.
    allowPrivateWebhooks: true,
  });
  return { workspaceId, url: server.url, token, close: () => server.close() };
}

/** A token that can't be saved is minted again next start; the session goes on with it in memory. */
async function storeQuietly(secrets: SecretStore, account: string, token: string): Promise<void> {
  try {
    await secrets.set(account, token);
  } catch {
    /* see above */
  }
}
