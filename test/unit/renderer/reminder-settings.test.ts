/** Reminder days as typed in Settings: read back most distant first, refused with a sentence that says why. */
import { describe, expect, it } from 'vitest';
import {
  describeThresholds,
  formatInterval,
  formatThresholds,
  parseThresholds,
} from '../../../src/renderer/src/lib/reminder-settings.ts';

describe('reminder days', () => {
  it('reads commas or spaces, most distant first; an empty field means none', () => {
    expect(parseThresholds('7, 30 1,0')).toEqual({ ok: true, days: [30, 7, 1, 0] });
    expect(parseThresholds('  ')).toEqual({ ok: true, days: [] });
    expect(formatThresholds([30, 7, 1, 0])).toBe('30, 7, 1, 0');
  });

  it('refuses what the core would refuse, saying why', () => {
    expect(parseThresholds('7, 7')).toEqual({ ok: false, message: 'Each day may appear only once.' });
    expect(parseThresholds('400')).toMatchObject({ ok: false, message: /at most 365 days/ });
    expect(parseThresholds('1 2 3 4 5 6 7 8 9')).toMatchObject({ ok: false, message: 'Choose at most 8 days.' });
    expect(parseThresholds('7, soon')).toMatchObject({ ok: false, message: /whole numbers of days/ });
    expect(parseThresholds('-1')).toMatchObject({ ok: false, message: /whole numbers of days/ });
  });

  it('says in words what the days do', () => {
    expect(describeThresholds([30, 7, 1, 0])).toBe(
      'Reminds 30 days, 7 days, 1 day before a key expires, and on the day.',
    );
    expect(describeThresholds([0])).toBe('Reminds on the day a key expires.');
    expect(describeThresholds([])).toMatch(/^No reminders for this workspace/);
  });

  it('names the sync intervals', () => {
    expect([5, 15, 60, 240, 1440].map(formatInterval)).toEqual(['5 minutes', '15 minutes', 'hour', '4 hours', 'day']);
  });
});
