/**
 * The tenant's calendar (widget/src/schedule.ts): bookable days and windows in the tenant's time
 * zone, whatever the visitor's own zone.
 */
import { describe, expect, it } from 'vitest';
import {
  addDays,
  bookableDates,
  localNow,
  weekday,
  windowsFor,
} from '../../widget/src/schedule.ts';
import { servedDemoConfig } from './helpers/demo-widget-config.ts';

const config = servedDemoConfig(); // Mon–Sat 07:00–19:00, America/Phoenix (UTC−7, no DST)
const at = (iso: string) => new Date(iso);

describe('localNow', () => {
  it('is the tenant-local date and time', () => {
    expect(localNow(at('2026-11-25T05:30:00Z'), 'America/Phoenix')).toEqual({
      date: '2026-11-24',
      time: '22:30:00',
    });
    expect(localNow(at('2026-11-25T07:05:09Z'), 'America/Phoenix')).toEqual({
      date: '2026-11-25',
      time: '00:05:09',
    });
  });
});

describe('bookableDates', () => {
  it('lists the next business days, skipping Sundays', () => {
    const dates = bookableDates(config, at('2026-11-24T16:00:00Z')); // Tuesday 09:00
    expect(dates).toHaveLength(14);
    expect(dates.slice(0, 6)).toEqual([
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-30',
    ]);
    expect(dates.map(weekday)).not.toContain(0);
  });

  it('starts tomorrow once today has no window left, in the tenant zone', () => {
    // 19:30 in Phoenix on Saturday, already Sunday in UTC: next is Monday.
    expect(bookableDates(config, at('2026-11-29T02:30:00Z'))[0]).toBe('2026-11-30');
  });

  it('never goes past the 90 days the edge accepts', () => {
    const sundaysOnly = { ...config, businessHours: { ...config.businessHours, days: [0] } };
    const dates = bookableDates(sundaysOnly, at('2026-11-24T16:00:00Z'), 100);
    expect(dates.at(-1)! <= addDays('2026-11-24', 90)).toBe(true);
    expect(dates).toHaveLength(13);
  });
});

describe('windowsFor', () => {
  const keys = (date: string, now: string) => windowsFor(config, date, at(now)).map((w) => w.key);

  it('offers every window inside business hours on a future day', () => {
    expect(keys('2026-11-26', '2026-11-24T16:00:00Z')).toEqual([
      'morning',
      'afternoon',
      'evening',
      'anytime',
    ]);
  });

  it("drops today's windows that have ended", () => {
    // 13:00 in Phoenix: the morning window (until 12:00) is over.
    expect(keys('2026-11-24', '2026-11-24T20:00:00Z')).toEqual(['afternoon', 'evening', 'anytime']);
    expect(keys('2026-11-24', '2026-11-25T01:59:00Z')).toEqual(['evening', 'anytime']);
  });

  it('never offers a window outside business hours', () => {
    const late = {
      ...config,
      windows: [
        ...config.windows,
        { key: 'evening' as const, label: 'Late', start: '18:00', end: '21:00' },
      ],
    };
    expect(
      windowsFor(late, '2026-11-26', at('2026-11-24T16:00:00Z')).map((w) => w.label),
    ).not.toContain('Late');
  });
});
