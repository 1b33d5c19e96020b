/**
 * The rules of reminding as pure functions: which threshold fires for which key, when the next one
 * is crossed, what needs attention, and what the notifications say (a rotation in progress says so).
 */
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/shared/api/index.ts';
import { formatReminderDate } from '../../../src/shared/reminders.ts';
import { reminderDateId } from '../../../src/main/core/store/reminder-repository.ts';
import type { ReminderKeyRecord } from '../../../src/main/core/store/watched-key-repository.ts';
import { keyOutlook, planReminders } from '../../../src/main/core/reminders/reminder-plan.ts';
import {
  reminderNotification,
  summaryNotification,
  trayLabel,
} from '../../../src/main/core/reminders/reminder-messages.ts';

const NOW = Date.parse('2031-06-01T12:00:00.000Z');
const THRESHOLDS = [30, 7, 1, 0];

function key(overrides: Partial<ReminderKeyRecord> & { expiresInDays: number }): ReminderKeyRecord {
  const { expiresInDays, ...rest } = overrides;
  return {
    workspaceId: 'ws_acme',
    workspaceName: 'Acme',
    keyId: `key_${expiresInDays}`,
    keyName: 'Billing API',
    createdAt: new Date(NOW - 100 * DAY_MS).toISOString(),
    expiresAt: new Date(NOW + expiresInDays * DAY_MS).toISOString(),
    rotateEveryDays: null,
    ...rest,
  };
}

function plan(keys: ReminderKeyRecord[], fired = new Map<string, number>(), now = NOW) {
  return planReminders({ keys, now, fired, thresholdsOf: () => THRESHOLDS });
}

const context = (inProgress = false) => ({ now: NOW, timeZone: 'UTC', isRotationInProgress: () => inProgress });

describe('planReminders', () => {
  it('fires nothing before the first threshold and wakes exactly when it is crossed', () => {
    const result = plan([key({ expiresInDays: 45 })]);
    expect(result.due).toEqual([]);
    expect(result.nextAt).toBe(NOW + 15 * DAY_MS);
    expect(result.attention).toEqual([]);
  });

  it('fires only the most urgent threshold crossed, and not again once it fired', () => {
    const watched = key({ expiresInDays: 5 });
    const first = plan([watched]);
    expect(first.due.map((due) => due.thresholdDays)).toEqual([7]);
    expect(first.nextAt).toBe(NOW + 4 * DAY_MS);
    const fired = new Map([[reminderDateId(first.due[0]!.date), 7]]);
    expect(plan([watched], fired).due).toEqual([]);
    expect(plan([watched], fired, NOW + 4 * DAY_MS).due.map((due) => due.thresholdDays)).toEqual([1]);
  });

  it('says nothing of an expiry more than a month past, but still of an overdue rotation', () => {
    const old = key({ expiresInDays: -40, rotateEveryDays: 30 });
    const result = plan([old]);
    expect(result.due).toEqual([]);
    expect(result.attention.map((item) => item.reason)).toEqual(['expired']);

    const overdue = key({ expiresInDays: 200, rotateEveryDays: 60 });
    expect(plan([overdue]).due.map((due) => [due.date.kind, due.thresholdDays])).toEqual([['rotation', 0]]);
    expect(plan([overdue]).attention.map((item) => item.reason)).toEqual(['rotation_due']);
  });

  it('skips rotation thresholds as long as the policy itself', () => {
    const fresh = key({ expiresInDays: 300, rotateEveryDays: 7, createdAt: new Date(NOW).toISOString() });
    expect(plan([fresh]).due).toEqual([]);
    expect(plan([fresh]).nextAt).toBe(NOW + 6 * DAY_MS);
  });

  it('orders what needs attention: expired, then expiring by date, then rotations due', () => {
    const keys = [
      key({ expiresInDays: 200, rotateEveryDays: 50, keyId: 'rotation' }),
      key({ expiresInDays: 20, keyId: 'later' }),
      key({ expiresInDays: 3, keyId: 'sooner' }),
      key({ expiresInDays: -2, keyId: 'expired' }),
      key({ expiresInDays: 90, keyId: 'fine' }),
    ];
    expect(plan(keys).attention.map((item) => item.key.keyId)).toEqual(['expired', 'sooner', 'later', 'rotation']);
  });
});

describe('keyOutlook', () => {
  // The reminder pass keeps a key's outlook while the clock stays in its span: it must not change there.
  it('holds, unchanged, at every moment of its span', () => {
    const keys = [
      key({ expiresInDays: 45 }),
      key({ expiresInDays: 5, keyId: 'soon' }),
      key({ expiresInDays: -10, keyId: 'expired' }),
      key({ expiresInDays: -31, keyId: 'old news' }),
      key({ expiresInDays: 200, rotateEveryDays: 60, keyId: 'rotation due' }),
      key({ expiresInDays: 120, rotateEveryDays: 120, keyId: 'rotation ahead' }),
    ];
    const HOUR = 3_600_000;
    for (const [watched, thresholds] of keys.flatMap((k) =>
      [THRESHOLDS, [14, 0], [14, 7], []].map((t) => [k, t] as const),
    )) {
      for (let at = NOW - 60 * DAY_MS; at <= NOW + 260 * DAY_MS; at += 37 * HOUR) {
        const outlook = keyOutlook(watched, thresholds, at);
        expect(outlook.since).toBeLessThanOrEqual(at);
        expect(outlook.until).toBeGreaterThan(at);
        const from = Math.max(outlook.since, at - 90 * DAY_MS);
        const until = Math.min(outlook.until, at + 90 * DAY_MS);
        for (const moment of [from, (from + until) / 2, until - 1].map(Math.floor)) {
          const later = keyOutlook(watched, thresholds, moment);
          expect({ ...later, since: 0, until: 0 }, `${watched.keyId} at ${moment} (span of ${at})`).toEqual({
            ...outlook,
            since: 0,
            until: 0,
          });
        }
        // Just past the span, something has changed (or the key's last change is behind it).
        if (outlook.until !== Infinity)
          expect(keyOutlook(watched, thresholds, outlook.until).since).toBe(outlook.until);
      }
    }
  });
});

describe('reminder messages', () => {
  it('names the key, the workspace and the date, and says when a rotation is already under way', () => {
    const [due] = plan([key({ expiresInDays: 6.5 })]).due;
    const date = formatReminderDate(new Date(NOW + 6.5 * DAY_MS), 'UTC');
    expect(date).toBe('8 Jun 2031');
    expect(reminderNotification(due!, context())).toEqual({
      title: 'A key expires in 7 days',
      body: 'Billing API (Acme) expires on 8 Jun 2031. Rotate it before then.',
      tag: 'reminder:ws_acme:key_6.5',
      target: { workspaceId: 'ws_acme', keyId: 'key_6.5', action: 'rotate' },
    });
    expect(reminderNotification(due!, context(true)).body).toBe(
      'Billing API (Acme) expires on 8 Jun 2031. Its rotation is in progress.',
    );
    const [item] = plan([key({ expiresInDays: 6.5 })]).attention;
    expect(trayLabel(item!, context(true))).toBe('Billing API (Acme): rotation in progress');
  });

  it('sums up a burst by what is due, naming the first few keys', () => {
    const keys = [1, 2, 3, 4, 5].map((n) => key({ expiresInDays: 20 + n, keyName: `Key ${n}`, keyId: `k${n}` }));
    const expired = key({ expiresInDays: -1, keyName: 'Gone', keyId: 'gone' });
    const burst = plan([...keys, expired]).due;
    expect(summaryNotification(burst, context())).toEqual({
      title: '6 keys need attention',
      body: '1 key has expired; 5 keys expire within 30 days. Gone (Acme), Key 1 (Acme), Key 2 (Acme) and 3 more. Open Keywarden to see them.',
      tag: 'reminder:summary',
      target: { action: 'dashboard' },
    });
  });
});
