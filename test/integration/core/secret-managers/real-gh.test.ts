/**
 * The real GitHub CLI with no credentials: what an admin sees before `gh auth login`. gh answers
 * from its own empty configuration (exit 4, "gh auth login") before any network call; the app
 * passes it no GH_TOKEN or GITHUB_TOKEN, and its config folder is an empty temporary one.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/shared/clock.ts';
import { generateCredential } from '../../../../src/shared/credentials.ts';
import { EventRecorder, recordingExec } from '../../../../src/harness/recording-ports.ts';
import { nodeExec } from '../../../../src/main/core/exec/node-exec.ts';
import { SecretTargetService } from '../../../../src/main/core/secret-managers/secret-target-service.ts';
import { openVaultDatabase } from '../../../../src/main/core/store/database.ts';
import { SecretTargetRepository } from '../../../../src/main/core/store/secret-target-repository.ts';
import { findRealClis } from './real-clis.ts';

const [gh] = findRealClis('gh', ['--version']);
if (!gh) console.log('Skipping the real GitHub CLI test: gh is not installed (.ci/run installs Debian gh).');

describe.skipIf(!gh)('the real GitHub CLI, signed out', () => {
  let home: string;
  let db: Database;
  let recorder: EventRecorder;
  let service: SecretTargetService;

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'keywarden-gh-'));
    mkdirSync(join(home, 'gh-config'));
    db = openVaultDatabase(join(home, 'vault'));
    recorder = new EventRecorder(new ManualClock());
    service = new SecretTargetService({
      targets: new SecretTargetRepository(db),
      exec: recordingExec(recorder, nodeExec),
      clock: new ManualClock(new Date('2030-03-01T10:00:00.000Z')),
      hostEnv: {
        PATH: `${gh!.folder}:/usr/bin:/bin`,
        HOME: home,
        LANG: 'C.UTF-8',
        GH_CONFIG_DIR: join(home, 'gh-config'),
      },
      platform: process.platform,
      timeouts: { pushMs: 30_000, checkMs: 30_000 },
    });
  });

  afterAll(() => {
    db.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('finds gh and its version, says to run gh auth login, and records exit 4', async () => {
    const detection = await service.detect('github');
    expect(detection).toMatchObject({ found: true, cli: { program: 'gh', path: join(gh!.folder, 'gh') } });
    expect(detection.cli?.version).toMatch(/^2\.\d+\.\d+$/);

    const owner = { workspaceId: 'external', keyId: 'payments-key' };
    const target = service.add({
      owner,
      kind: 'github',
      label: 'payments repo',
      config: { secretName: 'PAYMENTS_API_KEY', scope: { level: 'repository', repo: 'acme/payments' } },
    });
    const check = await service.checkSignIn(target.id);
    expect(check.state).toBe('signed_out');
    expect(check.state === 'signed_out' && check.sentence).toMatch(/run `gh auth login`/);

    const result = await service.push(target.id, generateCredential('lsk_live_'));
    expect(result).toMatchObject({ outcome: 'signed_out', exitCode: 4 });
    expect(result.message).toMatch(/gh auth login/);
    expect(service.history(owner, 1)[0]).toMatchObject({ outcome: 'signed_out', exitCode: 4, cli: { program: 'gh' } });

    const runs = recorder.events.filter((event) => event.kind === 'exec').map((event) => event.data);
    expect(runs.at(-1)).toMatchObject({
      args: ['secret', 'set', 'PAYMENTS_API_KEY', '--repo=acme/payments'],
      exitCode: 4,
      env: expect.not.arrayContaining(['GH_TOKEN', 'GITHUB_TOKEN']),
    });
  });
});
