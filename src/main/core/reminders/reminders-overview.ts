/**
 * The reminders' overview: every watched key, those needing attention first (most urgent first),
 * then the others by expiry, each with its rotation date and whether it is being rotated.
 */
import type { ReminderPreferences, RemindersOverview, WatchedKey } from '../../../shared/reminders.ts';
import type { WatchedKeyRecord } from '../store/watched-key-repository.ts';
import { planReminders, rotationDateOf, type AttentionItem } from './reminder-plan.ts';

export interface OverviewInput {
  keys: WatchedKeyRecord[];
  now: number;
  preferences: ReminderPreferences;
  thresholdsOf(workspaceId: string): readonly number[];
  isRotationInProgress(workspaceId: string, keyId: string): boolean;
}

export function remindersOverview(input: OverviewInput): RemindersOverview {
  const { keys, now } = input;
  const plan = planReminders({ keys, now, fired: new Map(), thresholdsOf: input.thresholdsOf });
  const watched = (key: WatchedKeyRecord, item: AttentionItem | null): WatchedKey => {
    const rotationDueAt = rotationDateOf(key);
    return {
      workspaceId: key.workspaceId,
      workspaceName: key.workspaceName,
      keyId: key.keyId,
      keyName: key.keyName,
      label: key.label,
      expiresAt: new Date(Date.parse(key.expiresAt)).toISOString(),
      rotateEveryDays: key.rotateEveryDays,
      rotationDueAt: rotationDueAt === null ? null : new Date(rotationDueAt).toISOString(),
      attention: item?.reason ?? null,
      rotationInProgress: input.isRotationInProgress(key.workspaceId, key.keyId),
    };
  };
  const needing = new Set(plan.attention.map((item) => item.key));
  const rest = keys.filter((key) => !needing.has(key)).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
  return {
    now: new Date(now).toISOString(),
    preferences: input.preferences,
    keys: [...plan.attention.map((item) => watched(item.key, item)), ...rest.map((key) => watched(key, null))],
  };
}
