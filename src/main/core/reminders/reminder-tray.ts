/**
 * The tray keeps watch with the window closed: its badge counts the keys needing attention (expiring
 * within 30 days, or due for rotation), its menu lists the five most urgent. Expired keys are past
 * rotating and stay off both (the tooltip counts them; the dashboard lists them). Only changes
 * reach the port.
 */
import { TRAY_URGENT_KEY_COUNT, type ReminderPreferences, type TrayMenu } from '../../../shared/reminders.ts';
import type { TrayPort } from '../ports.ts';
import { trayLabel, trayTooltip, type MessageContext } from './reminder-messages.ts';
import type { AttentionItem } from './reminder-plan.ts';

export class ReminderTray {
  readonly #tray: TrayPort;
  #lastBadge = '';
  #lastMenu = '';
  #lastAttention = '';
  /** The list `#lastAttention` was worked out from: the reminders hand the same list on while it holds. */
  #lastAttentionList: readonly AttentionItem[] | null = null;

  constructor(tray: TrayPort) {
    this.#tray = tray;
  }

  /** Shows the count and the menu; returns whether the set of keys needing attention changed. */
  publish(attention: readonly AttentionItem[], preferences: ReminderPreferences, context: MessageContext): boolean {
    let expiring = 0;
    let rotationDue = 0;
    let expired = 0;
    const urgent: AttentionItem[] = [];
    for (const item of attention) {
      if (item.reason === 'expired') {
        expired++;
        continue;
      }
      if (item.reason === 'expiring') expiring++;
      else rotationDue++;
      if (urgent.length < TRAY_URGENT_KEY_COUNT) urgent.push(item);
    }
    const tooltip = trayTooltip(expiring, rotationDue, expired);
    const badge = `${expiring + rotationDue}|${tooltip}`;
    if (badge !== this.#lastBadge) {
      this.#lastBadge = badge;
      this.#tray.setAttention(expiring + rotationDue, tooltip);
    }
    const menu: TrayMenu = {
      urgentKeys: urgent.map((item) => ({
        workspaceId: item.key.workspaceId,
        keyId: item.key.keyId,
        label: trayLabel(item, context),
        due: new Date(item.due).toISOString(),
      })),
      remindersEnabled: preferences.enabled,
      // A pause that has ended is no pause: the menu offers "Pause" again (a pass runs when it ends).
      pausedUntil:
        preferences.pausedUntil !== null && Date.parse(preferences.pausedUntil) > context.now
          ? preferences.pausedUntil
          : null,
    };
    const menuText = JSON.stringify(menu);
    if (menuText !== this.#lastMenu) {
      this.#lastMenu = menuText;
      this.#tray.setMenu(menu);
    }
    if (attention === this.#lastAttentionList) return false;
    this.#lastAttentionList = attention;
    const attentionText = attention.map((item) => `${item.key.workspaceId}/${item.key.keyId}/${item.reason}`).join();
    const changed = attentionText !== this.#lastAttention;
    this.#lastAttention = attentionText;
    return changed;
  }
}
