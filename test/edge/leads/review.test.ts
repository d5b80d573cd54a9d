import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instants } from '../../helpers/instants.ts';
import { classify, preferredTimeReasons, signalReasons } from '../../../edge/leads/review.ts';
import type { TimeWindow } from '../../../shared/lead.ts';
import { publicConfig } from '../../../shared/public-config.ts';
import { addDays, localNow } from '../../../shared/schedule.ts';
import { bookableDates, windowsFor } from '../../../widget/src/schedule.ts';
import type { WidgetConfig } from '../../../shared/config.ts';
import { demoWidgetConfig } from '../../../edge/seed/desert-peak.ts';

const phoenix = { timezone: 'America/Phoenix', config: demoWidgetConfig };

describe('preferred time in the tenant time zone', () => {
  // 01:00 UTC on the 24th is still 18:00 on the 23rd (a Monday) in Phoenix (UTC-7).
  const now = new Date('2026-11-24T01:00:00Z');
  const reasons = (date: string, window: TimeWindow, at = now, context = phoenix) =>
    preferredTimeReasons({ date, window }, context, at);

  it('uses the tenant-local date, not UTC, for "today"', () => {
    expect(localNow(now, 'America/Phoenix')).toEqual({ date: '2026-11-23', time: '18:00:00' });
    expect(reasons('2026-11-23', 'evening')).toEqual([]);
    expect(reasons('2026-11-22', 'morning')).toEqual([
      'preferred_time_in_past',
      'preferred_time_outside_business_hours',
    ]);
  });

  it("flags today's windows that have already ended, as the widget stops offering them", () => {
    // 21:52 in Phoenix: every window of the day, "any time" included, is over.
    const late = new Date('2026-11-24T04:52:00Z');
    for (const window of ['morning', 'afternoon', 'evening', 'anytime'] as const) {
      expect(reasons('2026-11-23', window, late)).toEqual(['preferred_time_in_past']);
    }
    // 13:00: the morning (8–12) is over, the afternoon (12–4) under way, "any time" still open.
    const lunch = new Date('2026-11-23T20:00:00Z');
    expect(reasons('2026-11-23', 'morning', lunch)).toEqual(['preferred_time_in_past']);
    expect(reasons('2026-11-23', 'afternoon', lunch)).toEqual([]);
    expect(reasons('2026-11-23', 'anytime', lunch)).toEqual([]);
    // Exactly at a window's end it is over.
    expect(reasons('2026-11-23', 'morning', new Date('2026-11-23T19:00:00Z'))).toEqual([
      'preferred_time_in_past',
    ]);
    expect(reasons('2026-11-23', 'morning', new Date('2026-11-23T18:59:59Z'))).toEqual([]);
  });

  it('flags a window that lies outside business hours', () => {
    const closesAtFive = {
      ...phoenix,
      config: {
        ...demoWidgetConfig,
        businessHours: { ...demoWidgetConfig.businessHours, close: '17:00' },
      },
    };
    expect(reasons('2026-11-25', 'evening', now, closesAtFive)).toEqual([
      'preferred_time_outside_business_hours',
    ]);
    expect(reasons('2026-11-25', 'afternoon', now, closesAtFive)).toEqual([]);
  });

  it('judges a window listed twice by the one the widget can offer', () => {
    const twoEvenings = {
      ...phoenix,
      config: {
        ...demoWidgetConfig,
        windows: [
          { key: 'evening' as const, label: 'Late', start: '18:00', end: '21:00' },
          ...demoWidgetConfig.windows,
        ],
      },
    };
    expect(reasons('2026-11-25', 'evening', now, twoEvenings)).toEqual([]);
  });

  it('flags dates beyond the planning horizon, impossible dates and unknown windows', () => {
    expect(reasons('2027-03-01', 'morning')).toEqual(['preferred_time_too_far']);
    expect(reasons('2027-02-29', 'morning')).toEqual(['invalid_preferred_time']);
    expect(reasons('2026-13-01', 'morning')).toEqual(['invalid_preferred_time']);
    const noAnytime = {
      ...phoenix,
      config: { ...demoWidgetConfig, windows: demoWidgetConfig.windows.slice(0, 3) },
    };
    expect(reasons('2026-11-25', 'anytime', now, noAnytime)).toEqual(['window_not_offered']);
  });
});

describe('the widget and the edge apply one rule (shared/schedule.ts)', () => {
  const zones = ['America/Phoenix', 'America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu'];
  const services = demoWidgetConfig.services.map((s) => ({ ...s, titanBinding: null }));
  const oddHours = {
    ...demoWidgetConfig,
    // A window outside business hours, and a day that closes early: never offered, always flagged.
    businessHours: { days: [1, 2, 3, 4, 5], open: '08:00', close: '17:00' },
  };
  const limited = { ...demoWidgetConfig, leadTime: { minHours: 5, sameDayCutoff: '14:00' } };

  it('offers a (date, window) exactly when the edge accepts it without a preferred-time flag', () => {
    fc.assert(
      fc.property(
        instants,
        // The config may have been served up to 12 hours before the visitor looks at it.
        fc.integer({ min: 0, max: 12 * 60 }),
        fc.constantFrom(...zones),
        fc.constantFrom(demoWidgetConfig, oddHours, limited),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: -2, max: 93 }),
        (now, minutesEarlier, timezone, base, closedAhead, ahead) => {
          const today = localNow(now, timezone).date;
          const settings = { ...base, closures: [{ date: addDays(today, closedAhead) }] };
          const served = new Date(now.getTime() - minutesEarlier * 60_000);
          const identity = { tenant: 'desert-peak', name: 'Desert Peak', mapVersion: null };
          const config: WidgetConfig = publicConfig(
            { ...identity, timezone, status: 'active' },
            settings,
            services,
            served,
          );
          const date = addDays(today, ahead);
          // Days past the last one served are the next config's to offer.
          if (date > config.slots.at(-1)!.date) return;
          const offered = windowsFor(config, date, now);
          for (const window of config.windows) {
            const flags = preferredTimeReasons(
              { date, window: window.key },
              { timezone, config: settings },
              now,
            );
            expect(flags.length === 0).toBe(offered.includes(window));
          }
          expect(bookableDates(config, now).includes(date)).toBe(offered.length > 0);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('classify', () => {
  const none = { phones: [], emails: [] };
  it.each([
    [{ spamReasons: ['honeypot'], phone: '+16025550100', email: null }, 'spam'],
    [{ spamReasons: [], phone: null, email: 'a@b.co' }, 'real'],
    [{ spamReasons: [], phone: '+16025550100', email: null }, 'test'],
    [{ spamReasons: [], phone: '+442079460958', email: null }, 'test'],
    [{ spamReasons: [], phone: '+16025550101', email: null }, 'real'],
  ])('%o → %s', (lead, expected) => {
    // Test phones are written as the tenant likes; the lead's phone is E.164.
    const phones = ['6025550100', '+44 20 7946 0958'];
    expect(classify(lead, { ...none, phones })).toBe(expected);
  });
});

describe("the tenant's closures and lead time", () => {
  // 18:00 on Monday 2026-11-23 in Phoenix.
  const now = new Date('2026-11-24T01:00:00Z');
  const withLimits = (limits: Partial<typeof demoWidgetConfig>) => ({
    timezone: 'America/Phoenix',
    config: { ...demoWidgetConfig, ...limits },
  });
  const reasons = (date: string, window: TimeWindow, context: ReturnType<typeof withLimits>) =>
    preferredTimeReasons({ date, window }, context, now);

  it('flags a closure date, and only that date', () => {
    const closed = withLimits({ closures: [{ date: '2026-11-26', label: 'Thanksgiving' }] });
    expect(reasons('2026-11-26', 'morning', closed)).toEqual(['preferred_date_closed']);
    expect(reasons('2026-11-27', 'morning', closed)).toEqual([]);
  });

  it('flags same-day requests after the cutoff, not the next day', () => {
    const cutoff = withLimits({ leadTime: { sameDayCutoff: '14:00' } });
    expect(reasons('2026-11-23', 'evening', cutoff)).toEqual(['preferred_time_too_soon']);
    expect(reasons('2026-11-24', 'morning', cutoff)).toEqual([]);
    const later = withLimits({ leadTime: { sameDayCutoff: '18:30' } });
    expect(reasons('2026-11-23', 'evening', later)).toEqual([]);
  });

  it('flags a window that ends within the lead time, and offers one that ends after it', () => {
    // 16 hours from 18:00 Monday is 10:00 Tuesday: the 8–12 window still has two hours left.
    const sixteen = withLimits({ leadTime: { minHours: 16 } });
    expect(reasons('2026-11-24', 'morning', sixteen)).toEqual([]);
    // 20 hours reach 14:00 Tuesday: the morning is gone, the afternoon (12–4) is not.
    const twenty = withLimits({ leadTime: { minHours: 20 } });
    expect(reasons('2026-11-24', 'morning', twenty)).toEqual(['preferred_time_too_soon']);
    expect(reasons('2026-11-24', 'afternoon', twenty)).toEqual([]);
  });
});

describe('signalReasons', () => {
  const now = new Date('2026-12-04T12:00:00Z');
  const token = (ageMs: number) => ({
    formToken: { kind: 'valid' as const, issuedAt: now.getTime() - ageMs, nonce: 'n' },
    intakeKey: false,
  });
  const missing = { formToken: { kind: 'missing' as const, expired: false }, intakeKey: false };
  it.each([
    ['honeypot filled', { hp: 'x' }, token(60_000), ['honeypot'], []],
    ['honeypot blank', { hp: '  ' }, token(60_000), [], []],
    ['server clock too fast', { elapsedMs: 60_000 }, token(2_499), ['too_fast'], []],
    ['server clock fine, client says fast', { elapsedMs: 10 }, token(2_500), [], []],
    [
      'forged token',
      {},
      { ...missing, formToken: { kind: 'forged' as const } },
      ['form_token_forged'],
      [],
    ],
    ['no token, curl claims 9 s', { elapsedMs: 9_000 }, missing, [], ['no_form_token']],
    ['no token, fast', { elapsedMs: 100 }, missing, [], ['no_form_token', 'client_fast_submit']],
    ['intake key, no token', { elapsedMs: 100 }, { ...missing, intakeKey: true }, [], []],
  ])('%s', (_title, lead, signals, spam, review) => {
    expect(signalReasons(lead, signals, now)).toEqual({ spam, review });
  });
});
