/**
 * The reminder pass keeps its outlook up to date change by change (a workspace's changed keys
 * amended in, the others reused while the clock stays in their span). Whatever happens, it must
 * say what an outlook worked out from scratch says: which dates have crossed a threshold and what
 * needs attention, in the same order; it may only wake up earlier than needed, never later.
 * Checked over a long, seeded run of renames, new keys, revocations, syncs that delete keys,
 * rotation policies, thresholds and the clock moving, against the vault's rows read back from SQLite.
 * And a key a rotation made here replaced reminds no more (its successor does), until that rotation
 * is cancelled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReminderOutlooks } from '../../../src/main/core/reminders/reminder-outlooks.ts';
import {
  outlookHolds,
  planFromOutlook,
  planReminders,
  type ReminderPlan,
} from '../../../src/main/core/reminders/reminder-plan.ts';
import { openVaultDatabase } from '../../../src/main/core/store/database.ts';
import { ExternalKeyRepository } from '../../../src/main/core/store/external-key-repository.ts';
import { KeyCacheRepository } from '../../../src/main/core/store/key-cache-repository.ts';
import { ReminderRepository } from '../../../src/main/core/store/reminder-repository.ts';
import { RotationRepository, type RotationRecord } from '../../../src/main/core/store/rotation-repository.ts';
import { WatchedKeyRepository } from '../../../src/main/core/store/watched-key-repository.ts';
import { WorkspaceRepository } from '../../../src/main/core/store/workspace-repository.ts';
import { DAY_MS, type ApiKey } from '../../../src/shared/api/index.ts';
import { DEFAULT_REMINDER_THRESHOLDS } from '../../../src/shared/reminders.ts';

const WORKSPACES = ['ws_acme', 'ws_globex'];
const START = Date.parse('2031-03-01T09:00:00.000Z');
const HOUR_MS = 3_600_000;

let dir: string;
let db: ReturnType<typeof openVaultDatabase>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keywarden-reminder-outlooks-'));
  db = openVaultDatabase(dir);
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the reminder pass’s outlook, kept up to date change by change', () => {
  // Few keys leave long spans, where an amended key must narrow them; many keys, short ones.
  it.each([6, 150])('says what one worked out from scratch says, through 400 changes (%i keys a workspace)', (size) => {
    const random = seeded(20310301 + size);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const workspaces = new WorkspaceRepository(db);
    for (const id of WORKSPACES) {
      workspaces.save({
        id,
        name: id,
        kind: 'remote',
        url: `https://${id}.example`,
        role: 'owner',
        createdAt: iso(START),
      });
    }
    const cache = new KeyCacheRepository(db);
    const repository = new ReminderRepository(db);
    const watched = new WatchedKeyRepository(db);
    const outlooks = new ReminderOutlooks({
      cache,
      externalKeys: new ExternalKeyRepository(db),
      workspaces,
      repository,
      watchedKeys: watched,
    });
    let now = START;
    let made = 0;
    const newKey = (): ApiKey => {
      made++;
      const createdAt = now - Math.floor(random() * 400) * DAY_MS;
      return apiKey(`key_${made}`, `Key ${made}`, createdAt, createdAt + (30 + Math.floor(random() * 400)) * DAY_MS);
    };
    for (const workspaceId of WORKSPACES) {
      cache.replace(workspaceId, Array.from({ length: size }, newKey), iso(now));
    }

    // Each step with how often it comes: settings change rarely, so outlooks live long enough to be reused.
    const steps: Array<[number, () => void]> = [
      // A key renamed, or its expiry moved, or revoked, through the app, or rotated elsewhere (the
      // service names its successor).
      [
        4,
        () => {
          const workspaceId = pick(WORKSPACES);
          const key = pick(cache.list(workspaceId));
          const change = pick(['rename', 'expiry', 'revoke', 'rotated'] as const);
          const changed =
            change === 'rename'
              ? { ...key, name: `${key.name}'` }
              : change === 'expiry'
                ? { ...key, expiresAt: iso(now + Math.floor(random() * 60 - 20) * DAY_MS) }
                : change === 'revoke'
                  ? { ...key, revokedAt: iso(now) }
                  : { ...key, rotatedToId: `${key.id}_successor` };
          cache.put(workspaceId, changed, iso(now));
        },
      ],
      // A new key.
      [2, () => cache.put(pick(WORKSPACES), newKey(), iso(now))],
      // A sync: a few keys deleted at the service, one changed, one new.
      [
        2,
        () => {
          const workspaceId = pick(WORKSPACES);
          const keys = cache.list(workspaceId).filter(() => random() > 0.02);
          keys[0] = { ...keys[0]!, name: 'Synced' };
          cache.replace(workspaceId, [...keys, newKey()], iso(now));
        },
      ],
      // A rotation policy set or removed.
      [
        1,
        () => {
          const workspaceId = pick(WORKSPACES);
          const days = pick([null, 7, 30, 90]);
          repository.setRotationPolicy(workspaceId, pick(cache.list(workspaceId)).id, days, iso(now));
          outlooks.policiesChanged();
        },
      ],
      // A workspace's thresholds changed.
      [
        1,
        () =>
          repository.setThresholds(
            pick(WORKSPACES),
            pick([
              [30, 7, 1, 0],
              [14, 0],
              [60, 3],
            ]),
          ),
      ],
      // The clock moves: minutes, hours or a day.
      [4, () => (now += pick([10 * 60_000, HOUR_MS, 6 * HOUR_MS, DAY_MS]))],
    ];
    const weighted = steps.flatMap(([weight, step]) => Array<() => void>(weight).fill(step));

    for (let step = 0; step < 400; step++) {
      pick(weighted)();
      const thresholds = repository.thresholds();
      const thresholdsOf = (workspaceId: string) => thresholds.get(workspaceId) ?? DEFAULT_REMINDER_THRESHOLDS;
      const kept = outlooks.at(now, thresholdsOf);
      // A key with a successor reminds no more.
      const reminding = watched
        .list()
        .filter(
          (key) =>
            !cache.list(key.workspaceId).some((cached) => cached.id === key.keyId && cached.rotatedToId !== null),
        );
      const fresh = planReminders({ keys: reminding, now, fired: new Map(), thresholdsOf });

      expect(outlookHolds(kept, now)).toBe(true);
      const plan = planFromOutlook(kept, new Map());
      expect(summary(plan), `after step ${step}`).toEqual(summary(fresh));
      // Waking early only costs a pass that finds nothing; waking late would miss a reminder.
      if (fresh.nextAt !== null) expect(plan.nextAt).toBeLessThanOrEqual(fresh.nextAt);
    }
  });
});

describe('keys replaced by a rotation made here', () => {
  it('leave the outlook once the successor exists, cached or external, and come back if the rotation is cancelled', () => {
    const workspaces = new WorkspaceRepository(db);
    workspaces.save({
      id: 'ws_acme',
      name: 'Acme',
      kind: 'remote',
      url: 'https://acme.example',
      role: 'owner',
      createdAt: iso(START),
    });
    const cache = new KeyCacheRepository(db);
    const externalKeys = new ExternalKeyRepository(db);
    const rotations = new RotationRepository(db);
    const repository = new ReminderRepository(db);
    const outlooks = new ReminderOutlooks({
      cache,
      externalKeys,
      workspaces,
      repository,
      watchedKeys: new WatchedKeyRepository(db),
    });
    const expiring = START + 10 * DAY_MS;
    cache.put('ws_acme', apiKey('key_old', 'Billing API', START - DAY_MS, expiring), iso(START));
    cache.put('ws_acme', apiKey('key_new', 'Billing API', START, expiring), iso(START));
    for (const id of ['ext_old', 'ext_new']) {
      externalKeys.add({
        id,
        name: 'Stripe payouts',
        provider: 'Stripe',
        presetId: null,
        scopeLabel: 'Payouts',
        environment: 'live',
        label: 'sk_live_…',
        createdAt: iso(START - DAY_MS),
        expiresAt: iso(expiring),
        deletesAt: iso(expiring),
      });
    }
    const attention = (now: number) =>
      planFromOutlook(
        outlooks.at(now, () => DEFAULT_REMINDER_THRESHOLDS),
        new Map(),
      )
        .attention.map((item) => item.key.keyId)
        .sort();
    expect(attention(START)).toEqual(['ext_new', 'ext_old', 'key_new', 'key_old']);

    const managed = rotation('rot_1', 'ws_acme', 'key_old', 'managed');
    const external = rotation('rot_2', 'external', 'ext_old', 'external');
    rotations.save(managed);
    rotations.save(external);
    // Started, no successor yet: both old keys still remind.
    expect(attention(START + 1000)).toEqual(['ext_new', 'ext_old', 'key_new', 'key_old']);
    rotations.save({ ...managed, successorKeyId: 'key_new' });
    rotations.save({ ...external, successorKeyId: 'ext_new' });
    expect(attention(START + 2000)).toEqual(['ext_new', 'key_new']);
    rotations.save({ ...managed, successorKeyId: 'key_new', status: 'cancelled' });
    expect(attention(START + 3000)).toEqual(['ext_new', 'key_new', 'key_old']);
  });
});

function rotation(id: string, workspaceId: string, keyId: string, kind: 'managed' | 'external'): RotationRecord {
  const step = { state: 'pending' as const, problem: null, at: null };
  return {
    id,
    workspaceId,
    keyId,
    keyName: 'Billing API',
    keyLabel: null,
    kind,
    mode: 'standard',
    status: 'in_progress',
    overlapSeconds: 3600,
    overlapEndsAt: null,
    successorKeyId: null,
    successorLabel: null,
    orphanKeyId: null,
    steps: { create: step, distribute: step, verify: step, retire: step },
    verify: { newKeyFirstUseAt: null, oldKeyLastUseAt: null, oldKeyLastUseIp: null, checkedAt: null },
    retireHow: null,
    oldKeyStopsAt: null,
    auditSince: null,
    startedAt: iso(START),
    updatedAt: iso(START),
    finishedAt: null,
  };
}

function summary(plan: ReminderPlan) {
  return {
    due: plan.due.map(
      (due) =>
        `${due.key.workspaceId}/${due.key.keyId} ${due.key.keyName} ${due.date.kind} ${due.date.dueAt} ${due.thresholdDays}`,
    ),
    attention: plan.attention.map(
      (item) =>
        `${item.key.workspaceId}/${item.key.keyId} ${item.key.keyName} ${item.reason} ${item.due} ${item.key.rotateEveryDays}`,
    ),
  };
}

/** A small, seeded random number generator (mulberry32): the same run every time. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

function apiKey(id: string, name: string, createdAt: number, expiresAt: number): ApiKey {
  return {
    id,
    name,
    prefix: 'lsk_live_abc',
    scope: 'scim',
    environment: 'live',
    options: null,
    status: 'active',
    createdAt: iso(createdAt),
    createdBy: { type: 'admin_token', id: 'tok_admin', name: 'Admin' },
    expiresAt: iso(expiresAt),
    deletesAt: iso(expiresAt + 90 * DAY_MS),
    revokedAt: null,
    revokedReason: null,
    revokedBy: null,
    lastUsedAt: null,
    lastUsedIp: null,
    rotatedFromId: null,
    rotatedToId: null,
    overlapEndsAt: null,
  };
}
