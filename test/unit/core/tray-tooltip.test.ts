/**
 * The tray's tooltip tells expired keys apart from keys about to expire: an expired key stays off
 * the badge (it is past rotating) but is never counted as expiring, nor hidden behind "no keys expire".
 */
import { describe, expect, it } from 'vitest';
import type { TrayMenu } from '../../../src/shared/reminders.ts';
import type { TrayPort } from '../../../src/main/core/ports.ts';
import type { AttentionItem } from '../../../src/main/core/reminders/reminder-plan.ts';
import { ReminderTray } from '../../../src/main/core/reminders/reminder-tray.ts';

const DAY = 86_400_000;
const now = Date.parse('2030-01-01T00:00:00Z');

function item(name: string, reason: AttentionItem['reason'], due: number): AttentionItem {
  const key = {
    workspaceId: 'w',
    workspaceName: 'Acme',
    keyId: name,
    keyName: name,
    createdAt: '2029-01-01T00:00:00Z',
    expiresAt: new Date(due).toISOString(),
    rotateEveryDays: null,
  };
  return { key, reason, due, expiresAt: due, rotationDueAt: null };
}

function tooltipFor(attention: AttentionItem[]): { count: number; tooltip: string } {
  const shown: Array<{ count: number; tooltip: string }> = [];
  const port: TrayPort = {
    setAttention: (count, tooltip) => shown.push({ count, tooltip }),
    setMenu: (_menu: TrayMenu) => undefined,
  };
  new ReminderTray(port).publish(
    attention,
    { enabled: true, syncIntervalMinutes: 15, pausedUntil: null },
    { now, isRotationInProgress: () => false },
  );
  return shown.at(-1)!;
}

describe('the tray tooltip', () => {
  it('says how many keys expired and how many expire within 30 days', () => {
    const expired = [item('Old A', 'expired', now - DAY), item('Old B', 'expired', now - 2 * DAY)];
    const expiring = [1, 2, 3].map((n) => item(`Soon ${n}`, 'expiring', now + n * DAY));
    expect(tooltipFor([...expired, ...expiring])).toEqual({
      count: 3,
      tooltip: 'Keywarden: 2 keys have expired, 3 keys expire within 30 days',
    });
    expect(tooltipFor([expired[0]!, expiring[0]!])).toEqual({
      count: 1,
      tooltip: 'Keywarden: 1 key has expired, 1 key expires within 30 days',
    });
  });

  it('does not say nothing expires when only expired keys are left', () => {
    expect(tooltipFor([item('Old', 'expired', now - DAY)])).toEqual({
      count: 0,
      tooltip: 'Keywarden: 1 key has expired',
    });
    expect(tooltipFor([])).toEqual({ count: 0, tooltip: 'Keywarden: no keys expire in the next 30 days' });
  });

  it('keeps rotation-due keys in the count beside expired ones', () => {
    const attention = [item('Old', 'expired', now - DAY), item('Due', 'rotation_due', now - DAY)];
    expect(tooltipFor(attention).tooltip).toBe(
      'Keywarden: 1 key has expired, 1 key needs attention (0 expiring within 30 days, 1 due for rotation)',
    );
  });
});
