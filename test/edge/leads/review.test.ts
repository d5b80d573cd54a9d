import { describe, expect, it } from 'vitest';
import {
  classify,
  localDate,
  preferredTimeReasons,
  signalReasons,
} from '../../../edge/leads/review.ts';
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
