/**
 * The tenant's calendar: the slots the edge serves (shared/slots.ts: hours, horizon, closures,
 * lead time and capacity in the tenant's time zone) and what the widget offers from them at its
 * own clock (widget/src/schedule.ts), whatever the visitor's zone and however long the form stays
 * open.
 */
import { describe, expect, it } from 'vitest';
import { addDays, localNow, weekday } from '../../shared/schedule.ts';
import { offeredSlots, zonedInstant } from '../../shared/slots.ts';
import { bookableDates, windowsFor } from '../../widget/src/schedule.ts';
import { servedDemoConfig } from './helpers/demo-widget-config.ts';

// Mon–Sat 07:00–19:00, America/Phoenix (UTC−7, no DST).
const at = (iso: string) => new Date(iso);
const tuesday9 = at('2026-11-24T16:00:00Z');

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

describe('zonedInstant', () => {
  it('is the instant a wall clock of the zone reads that time, across DST changes', () => {
    expect(new Date(zonedInstant('2026-11-24', 12 * 60, 'America/Phoenix')).toISOString()).toBe(
      '2026-11-24T19:00:00.000Z',
    );
    // New York: EDT (UTC−4) until 1 November 2026, EST (UTC−5) after.
    expect(new Date(zonedInstant('2026-10-30', 9 * 60, 'America/New_York')).toISOString()).toBe(
      '2026-10-30T13:00:00.000Z',
    );
    expect(new Date(zonedInstant('2026-11-02', 9 * 60, 'America/New_York')).toISOString()).toBe(
      '2026-11-02T14:00:00.000Z',
    );
    // Minutes past a day or before it roll over into the next or previous date.
    expect(zonedInstant('2026-11-24', -60, 'America/Phoenix')).toBe(
      zonedInstant('2026-11-23', 23 * 60, 'America/Phoenix'),
    );
  });
});

describe('bookableDates', () => {
  it('lists the next 14 business days, skipping Sundays', () => {
    const dates = bookableDates(servedDemoConfig(tuesday9), tuesday9);
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
    const late = at('2026-11-29T02:30:00Z');
    expect(bookableDates(servedDemoConfig(late), late)[0]).toBe('2026-11-30');
  });

  it('drops a day whose windows end while the form is open, without a new config', () => {
    const config = servedDemoConfig(tuesday9);
    expect(bookableDates(config, at('2026-11-25T02:30:00Z'))[0]).toBe('2026-11-25');
  });

  it('never goes past the 90 days the edge accepts', () => {
    const sundaysOnly = servedDemoConfig(tuesday9, {
      businessHours: { days: [0], open: '07:00', close: '19:00' },
    });
    const dates = bookableDates(sundaysOnly, tuesday9);
    expect(dates.at(-1)! <= addDays('2026-11-24', 90)).toBe(true);
    expect(dates).toHaveLength(13);
  });

  it('leaves out closures', () => {
    const config = servedDemoConfig(tuesday9, { closures: [{ date: '2026-11-26' }] });
    expect(bookableDates(config, tuesday9).slice(0, 3)).toEqual([
      '2026-11-24',
      '2026-11-25',
      '2026-11-27',
    ]);
  });
});

describe('windowsFor', () => {
  const keys = (date: string, now: Date, config = servedDemoConfig(now)) =>
    windowsFor(config, date, now).map((w) => w.key);

  it('offers every window inside business hours on a future day', () => {
    expect(keys('2026-11-26', tuesday9)).toEqual(['morning', 'afternoon', 'evening', 'anytime']);
  });

  it("drops today's windows that have ended, also in a config served earlier", () => {
    // 13:00 in Phoenix: the morning window (until 12:00) is over.
    expect(keys('2026-11-24', at('2026-11-24T20:00:00Z'))).toEqual([
      'afternoon',
      'evening',
      'anytime',
    ]);
    const served = servedDemoConfig(tuesday9);
    expect(keys('2026-11-24', at('2026-11-25T01:59:00Z'), served)).toEqual(['evening', 'anytime']);
  });

  it('never offers a window outside business hours', () => {
    const late = servedDemoConfig(tuesday9, {
      windows: [
        ...servedDemoConfig(tuesday9).windows,
        { key: 'evening' as const, label: 'Late', start: '18:00', end: '21:00' },
      ],
    });
    expect(windowsFor(late, '2026-11-26', tuesday9).map((w) => w.label)).not.toContain('Late');
  });

  it('honours the lead time: the same-day cutoff and the hours before a window ends', () => {
    const leadTime = { sameDayCutoff: '14:00', minHours: 4 };
    const config = servedDemoConfig(tuesday9, { leadTime });
    // 09:00: the morning (8–12) ends within 4 hours; the afternoon (12–16) does not.
    expect(keys('2026-11-24', tuesday9, config)).toEqual(['afternoon', 'evening', 'anytime']);
    // 14:00, same config: nothing today any more; tomorrow's morning ends 22 hours later.
    const two = at('2026-11-24T21:00:00Z');
    expect(keys('2026-11-24', two, config)).toEqual([]);
    expect(keys('2026-11-25', two, config)).toContain('morning');
    // 08:30 the next day: tomorrow's morning is now too soon.
    expect(keys('2026-11-25', at('2026-11-25T15:30:00Z'), config)).not.toContain('morning');
  });

  it('leaves out a window at capacity that day only', () => {
    const slots = offeredSlots(
      {
        ...servedDemoConfig(tuesday9),
        fullWindows: [{ date: '2026-11-26', window: 'morning' }],
      },
      tuesday9,
    );
    const config = { ...servedDemoConfig(tuesday9), slots };
    expect(keys('2026-11-26', tuesday9, config)).toEqual(['afternoon', 'evening', 'anytime']);
    expect(keys('2026-11-27', tuesday9, config)).toContain('morning');
  });
});
