import { describe, expect, it } from 'vitest';
import { classify, localDate, preferredTimeReasons } from '../../../edge/leads/review.ts';
import { demoWidgetConfig } from '../../../edge/seed/desert-peak.ts';

const phoenix = { timezone: 'America/Phoenix', config: demoWidgetConfig };

describe('preferred time in the tenant time zone', () => {
  // 03:00 UTC on the 24th is still the evening of the 23rd (a Monday) in Phoenix (UTC-7).
  const now = new Date('2026-11-24T03:00:00Z');

  it('uses the tenant-local date, not UTC, for "today"', () => {
    expect(localDate(now, 'America/Phoenix')).toBe('2026-11-23');
    expect(preferredTimeReasons({ date: '2026-11-23', window: 'evening' }, phoenix, now)).toEqual(
      [],
    );
    expect(preferredTimeReasons({ date: '2026-11-22', window: 'morning' }, phoenix, now)).toEqual([
      'preferred_time_in_past',
      'preferred_time_outside_business_hours',
    ]);
  });

  it('flags dates beyond the planning horizon', () => {
    expect(preferredTimeReasons({ date: '2027-03-01', window: 'morning' }, phoenix, now)).toEqual([
      'preferred_time_too_far',
    ]);
  });
});

describe('classify', () => {
  const none = { phones: [], emails: [] };
  it.each([
    [{ hp: 'x', elapsedMs: 60_000, phone: null, email: 'a@b.co' }, 'spam'],
    [{ hp: '  ', elapsedMs: 60_000, phone: null, email: 'a@b.co' }, 'real'],
    [{ hp: '', elapsedMs: 2_499, phone: null, email: 'a@b.co' }, 'spam'],
    [{ hp: '', elapsedMs: 2_500, phone: null, email: 'a@b.co' }, 'real'],
    [{ hp: undefined, elapsedMs: undefined, phone: '+16025550100', email: null }, 'test'],
    [{ hp: undefined, elapsedMs: undefined, phone: '+442079460958', email: null }, 'test'],
    [{ hp: undefined, elapsedMs: undefined, phone: '+16025550101', email: null }, 'real'],
  ])('%o → %s', (lead, expected) => {
    // Test phones are written as the tenant likes; the lead's phone is E.164.
    const phones = ['6025550100', '+44 20 7946 0958'];
    expect(classify(lead, { ...none, phones })).toBe(expected);
  });
});
