/**
 * The desktop app's local workspace serves only this machine, so webhooks to receivers on loopback
 * (a script beside the app) are accepted there, while a deployed server refuses them by default.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../src/main/core/secrets/memory-secret-store.ts';
import {
  startEmbeddedWorkspace,
  type EmbeddedWorkspace,
} from '../../../src/main/core/workspaces/embedded-workspace.ts';
import { systemClock } from '../../../src/shared/clock.ts';

let root: string | null = null;
let workspace: EmbeddedWorkspace | null = null;
afterEach(async () => {
  await workspace?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

it('the local workspace accepts a webhook receiver on loopback', async () => {
  root = mkdtempSync(join(tmpdir(), 'keywarden-embedded-'));
  workspace = await startEmbeddedWorkspace({
    dataDir: root,
    clock: systemClock,
    secrets: new MemorySecretStore(),
    knownWorkspaceId: null,
  });
  const created = await fetch(`${workspace.url}/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${workspace.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: 'http://127.0.0.1:9/hooks', events: ['key.deleted'] }),
  });
  expect(created.status).toBe(201);
});
