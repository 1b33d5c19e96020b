/**
 * Keeps watch over every key's expiry and rotation dates: fires each reminder once (recorded in the
 * vault, so a restart never repeats one), folds a burst into one summary, keeps the tray's count
 * and its menu of the most urgent keys, and wakes by itself when the next threshold is crossed.
 * What fell due while the app was closed, paused or switched off fires at the next chance, once.
 *
 * A pass is synchronous and works from the keys in memory, reusing what still holds (see
 * ReminderOutlooks). A change of keys or a clock jump asks for one with `requestPass`, which runs it
 * once the change's own work is done, one pass for everything asked in the same turn; a threshold
 * crossed and a changed setting run one at once. See `planReminders` for the rules.
 */
import { DAY_MS } from '../../../shared/api/index.ts';
import type { Clock } from '../../../shared/clock.ts';
import {
  DEFAULT_REMINDER_THRESHOLDS,
  NotificationTarget,
  REMINDER_PAUSE_MS,
  type ReminderPreferences,
  type ReminderPreferencesPatch,
  type RemindersOverview,
  type RotationPolicy,
  type WorkspaceThresholds,
} from '../../../shared/reminders.ts';
import type { LocalAuditRecorder } from '../audit/local-audit.ts';
import { AppError } from '../errors.ts';
import type { NotifierPort, TrayPort } from '../ports.ts';
import type { DueJobQueue } from '../scheduling/due-jobs.ts';
import { TurnCoalescer } from '../scheduling/turn-coalescer.ts';
import type { ExternalKeyRepository } from '../store/external-key-repository.ts';
import type { KeyCacheRepository } from '../store/key-cache-repository.ts';
import { reminderDateId, type ReminderRepository } from '../store/reminder-repository.ts';
import type { WatchedKeyRepository } from '../store/watched-key-repository.ts';
import type { WorkspaceRepository } from '../store/workspace-repository.ts';
import type { BackgroundSync, SyncRound } from './background-sync.ts';
import {
  MAX_SEPARATE_NOTIFICATIONS,
  reminderNotification,
  summaryNotification,
  type MessageContext,
} from './reminder-messages.ts';
import { ReminderOutlooks } from './reminder-outlooks.ts';
import { planFromOutlook } from './reminder-plan.ts';
import { ReminderTray } from './reminder-tray.ts';
import { remindersOverview } from './reminders-overview.ts';

const NEXT_REMINDER_JOB = 'reminders:next';
/** Firings for dates this far past are forgotten; their keys are long deleted or replaced. */
const FORGET_FIRINGS_AFTER_MS = 2 * 365 * DAY_MS;

/** Whether a key is being rotated right now; the rotation service answers this once it exists. */
export interface RotationProgress {
  isRotationInProgress(workspaceId: string, keyId: string): boolean;
}

export const NO_ROTATION_IN_PROGRESS: RotationProgress = { isRotationInProgress: () => false };

export interface RemindersServiceDeps {
  repository: ReminderRepository;
  /** The keys a pass watches: the cached ones, in memory, and the external ones. */
  cache: KeyCacheRepository;
  externalKeys: ExternalKeyRepository;
  /** The same keys with their labels, for the overview. */
  watchedKeys: WatchedKeyRepository;
  workspaces: WorkspaceRepository;
  notifier: NotifierPort;
  tray: TrayPort;
  clock: Clock;
  queue: DueJobQueue;
  rotations: RotationProgress;
  sync: BackgroundSync;
  /** Dates in notifications are in this zone (default: the machine's). */
  timeZone?: string | undefined;
  /** Each reminder shown goes into the audit log too, marked local. */
  audit?: LocalAuditRecorder;
  /** A requested pass that fails (it runs on its own, after the change that asked for it). */
  onError?: (error: unknown) => void;
}

export interface PassResult {
  /** Reminders that fired in this pass. */
  fired: number;
  /** Notifications shown for them: one each, or one summary. */
  notifications: number;
}

export class RemindersService {
  readonly #deps: RemindersServiceDeps;
  readonly #listeners = new Set<() => void>();
  readonly #openListeners = new Set<(target: NotificationTarget) => void>();
  /** The most urgent threshold fired per reminder date; mirrors the vault's table. */
  #fired: Map<string, number> | null = null;
  /** Until `start`, passes keep the tray current but notify nothing (the first sync is still on the wire). */
  #started = false;
  readonly #startedSignal = Promise.withResolvers<void>();
  readonly #tray: ReminderTray;
  readonly #outlooks: ReminderOutlooks;
  readonly #requestedPass: TurnCoalescer;

  constructor(deps: RemindersServiceDeps) {
    this.#deps = deps;
    this.#tray = new ReminderTray(deps.tray);
    this.#outlooks = new ReminderOutlooks(deps);
    this.#requestedPass = new TurnCoalescer(() => void this.pass(), deps.onError ?? (() => undefined));
  }

  /** Lets reminders fire: what fell due while the app was closed fires now, once. */
  start(): PassResult {
    this.#started = true;
    this.#startedSignal.resolve();
    const forgetBefore = new Date(this.#deps.clock.now().getTime() - FORGET_FIRINGS_AFTER_MS).toISOString();
    if (this.#deps.repository.pruneFiringsBefore(forgetBefore) > 0) this.#fired = null;
    return this.pass();
  }

  /**
   * Starts once the first sync is done, so the catch-up reminds of the service's keys and not of
   * stale ones (rotated meanwhile); never later than `maxWaitMs` of real time.
   */
  startAfter(firstSync: Promise<unknown>, maxWaitMs: number): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, maxWaitMs);
      timer.unref?.();
    });
    void Promise.race([firstSync.catch(() => undefined), deadline]).then(() => {
      clearTimeout(timer);
      if (!this.#started) this.start();
    });
  }

  /** Resolves once reminders may fire (after the first sync, see `startAfter`). */
  whenStarted(): Promise<void> {
    return this.#startedSignal.promise;
  }

  /** Notified when what needs attention or the preferences change (the renderer's dashboard). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Told when a reminder is clicked (a notification or a tray item): the window opens what it points at. */
  onOpen(listener: (target: NotificationTarget) => void): () => void {
    this.#openListeners.add(listener);
    return () => this.#openListeners.delete(listener);
  }

  /**
   * A notification or a tray item was clicked. The target comes back from the OS (or the harness),
   * so it is checked again: only a key and the wizard, or the dashboard, can be opened this way.
   */
  open(target: NotificationTarget): void {
    const checked = NotificationTarget.parse(target);
    for (const listener of this.#openListeners) listener(checked);
  }

  /**
   * Asks for a pass once the current turn of the event loop is done: whatever changes keys (a key
   * saved, a sync, a rotation step, a clock jump) asks, and never waits for it, and a burst of
   * changes in one turn gets one pass that sees them all. A pass run meanwhile answers it.
   */
  requestPass(): void {
    this.#requestedPass.request();
  }

  /** Resolves once the pass asked for (if any) has run: the tray and notifications are up to date. */
  whenPassed(): Promise<void> {
    return this.#requestedPass.whenDone();
  }

  /** One pass over every watched key. */
  pass(): PassResult {
    // This pass sees every change made so far: a pass asked for is not needed any more.
    this.#requestedPass.settle();
    const { clock, repository } = this.#deps;
    const now = clock.now().getTime();
    const preferences = repository.preferences();
    const thresholds = repository.thresholds();
    const fired = (this.#fired ??= repository.firings());
    const outlook = this.#outlooks.at(now, (workspaceId) => thresholds.get(workspaceId) ?? DEFAULT_REMINDER_THRESHOLDS);
    const plan = planFromOutlook(outlook, fired);
    const context = this.#messageContext(now);
    if (this.#tray.publish(plan.attention, preferences, context)) this.#changed();

    const pausedUntil = preferences.pausedUntil === null ? null : Date.parse(preferences.pausedUntil);
    const holding = !this.#started || !preferences.enabled || (pausedUntil !== null && now < pausedUntil);
    let result: PassResult = { fired: 0, notifications: 0 };
    if (!holding && plan.due.length > 0) {
      const firedAt = new Date(now).toISOString();
      // Recorded before shown: a crash in between loses a reminder rather than repeating it.
      repository.recordFirings(plan.due.map((due) => ({ ...due.date, thresholdDays: due.thresholdDays, firedAt })));
      for (const due of plan.due) fired.set(reminderDateId(due.date), due.thresholdDays);
      const notifications =
        plan.due.length > MAX_SEPARATE_NOTIFICATIONS
          ? [summaryNotification(plan.due, context)]
          : plan.due.map((due) => reminderNotification(due, context));
      for (const notification of notifications) this.#deps.notifier.show(notification);
      for (const due of plan.due) {
        this.#deps.audit?.record({
          workspaceId: due.key.workspaceId,
          keyId: due.key.keyId,
          type: 'reminder.shown',
          details: { reminder: due.date.kind, dueAt: new Date(due.at).toISOString(), daysBefore: due.thresholdDays },
        });
      }
      result = { fired: plan.due.length, notifications: notifications.length };
    }

    // While paused, wake when the pause ends too: what fell due meanwhile fires then.
    const pauseEnds = pausedUntil !== null && pausedUntil > now ? pausedUntil : null;
    this.#armNext(pauseEnds === null ? plan.nextAt : Math.min(pauseEnds, plan.nextAt ?? pauseEnds));
    return result;
  }

  overview(): RemindersOverview {
    const thresholds = this.#deps.repository.thresholds();
    return remindersOverview({
      keys: this.#deps.watchedKeys.list(),
      now: this.#deps.clock.now().getTime(),
      preferences: this.#deps.repository.preferences(),
      thresholdsOf: (workspaceId) => thresholds.get(workspaceId) ?? DEFAULT_REMINDER_THRESHOLDS,
      isRotationInProgress: (workspaceId, keyId) => this.#deps.rotations.isRotationInProgress(workspaceId, keyId),
    });
  }

  preferences(): ReminderPreferences {
    return this.#deps.repository.preferences();
  }

  updatePreferences(patch: ReminderPreferencesPatch): ReminderPreferences {
    const updated = this.#deps.repository.updatePreferences(patch);
    if (patch.syncIntervalMinutes !== undefined) this.#deps.sync.rearm();
    return this.#afterPreferenceChange(updated);
  }

  /** Holds notifications for a day; what falls due meanwhile fires when the pause ends. */
  pauseForADay(): ReminderPreferences {
    const until = new Date(this.#deps.clock.now().getTime() + REMINDER_PAUSE_MS).toISOString();
    return this.#afterPreferenceChange(this.#deps.repository.updatePreferences({ pausedUntil: until }));
  }

  resume(): ReminderPreferences {
    return this.#afterPreferenceChange(this.#deps.repository.updatePreferences({ pausedUntil: null }));
  }

  thresholds(workspaceId: string): WorkspaceThresholds {
    this.#workspace(workspaceId);
    return { workspaceId, thresholdDays: this.#deps.repository.thresholdsOf(workspaceId) };
  }

  /** Thresholds already passed for a key don't fire again; a new, nearer one fires when crossed. */
  setThresholds(input: WorkspaceThresholds): WorkspaceThresholds {
    this.#workspace(input.workspaceId);
    this.#deps.repository.setThresholds(input.workspaceId, input.thresholdDays);
    this.pass();
    this.#changed();
    return this.thresholds(input.workspaceId);
  }

  /** "Rotate every N days" from the key's creation (null: no policy, the default). */
  setRotationPolicy(policy: RotationPolicy): RotationPolicy {
    this.#workspace(policy.workspaceId);
    const known = this.#deps.watchedKeys
      .list()
      .some((key) => key.keyId === policy.keyId && key.workspaceId === policy.workspaceId);
    if (!known) {
      throw new AppError('not_found', 'This key is no longer in Keywarden, or it was revoked or rotated already.');
    }
    const at = this.#deps.clock.now().toISOString();
    this.#deps.repository.setRotationPolicy(policy.workspaceId, policy.keyId, policy.rotateEveryDays, at);
    this.#outlooks.policiesChanged();
    this.pass();
    this.#changed();
    return {
      ...policy,
      rotateEveryDays: this.#deps.repository.rotationPolicyOf(policy.workspaceId, policy.keyId),
    };
  }

  syncNow(): Promise<SyncRound> {
    return this.#deps.sync.syncNow();
  }

  dispose(): void {
    this.#requestedPass.settle();
    this.#deps.queue.cancel(NEXT_REMINDER_JOB);
    this.#listeners.clear();
    this.#openListeners.clear();
  }

  #afterPreferenceChange(preferences: ReminderPreferences): ReminderPreferences {
    this.pass();
    this.#changed();
    return preferences;
  }

  #armNext(at: number | null): void {
    this.#deps.queue.cancel(NEXT_REMINDER_JOB);
    if (at === null) return;
    this.#deps.queue.schedule({ id: NEXT_REMINDER_JOB, dueAt: new Date(at), run: () => void this.pass() });
  }

  #messageContext(now: number): MessageContext {
    const { rotations } = this.#deps;
    return {
      now,
      timeZone: this.#deps.timeZone,
      isRotationInProgress: (workspaceId, keyId) => rotations.isRotationInProgress(workspaceId, keyId),
    };
  }

  #workspace(workspaceId: string): void {
    if (!this.#deps.workspaces.find(workspaceId)) {
      throw new AppError('not_found', 'This workspace is no longer in Keywarden.');
    }
  }

  #changed(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch {
        /* a broken listener must not stop reminders */
      }
    }
  }
}
