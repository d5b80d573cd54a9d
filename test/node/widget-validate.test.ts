/**
 * Client-side validation (widget/src/validate.ts) against the edge's own rules: whatever the widget
 * lets through passes the edge's zod schemas and its "can we reach them" check, for any input but
 * a phone only the edge's numbering-plan metadata can refuse (an unassigned area code or country
 * code: test/node/phone.test.ts), which the edge answers with a 422 the form shows on the field.
 */
import fc from 'fast-check';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { parsePhone } from '../../edge/leads/phone.ts';
import { normalizeEmail } from '../../shared/contact.ts';
import { AddressSchema, ContactSchema, PreferredTimeSchema } from '../../shared/lead.ts';
import { applyPrefill, emptyDraft, type Draft } from '../../widget/src/draft.ts';
import { bookableDates } from '../../widget/src/schedule.ts';
import { fieldOfIssue, stepOf, validateStep } from '../../widget/src/validate.ts';
import { servedDemoConfig } from './helpers/demo-widget-config.ts';

const now = new Date('2026-11-24T16:00:00Z'); // Tuesday 09:00 in Phoenix
const config = servedDemoConfig(now);
const dates = bookableDates(config, now);
const draft = (patch: Partial<Draft>): Draft => ({ ...emptyDraft(), ...patch });

describe('validateStep', () => {
  it('service step: a service from the config is required', () => {
    expect(validateStep(0, draft({}), config, dates)).toEqual({ service: 'e_pick' });
    expect(validateStep(0, draft({ service: 'roofing' }), config, dates)).toEqual({
      service: 'e_pick',
    });
    expect(validateStep(0, draft({ service: 'ac-repair' }), config, dates)).toEqual({});
  });

  it('when step: an offered urgency, and a bookable day and window unless it is an emergency', () => {
    // Validation asks the time itself: the clock of `dates`, not the machine's.
    vi.useFakeTimers({ now });
    onTestFinished(() => void vi.useRealTimers());
    const base = { service: 'duct-cleaning' };
    expect(validateStep(1, draft({ ...base }), config, dates)).toEqual({
      urgency: 'e_pick',
      date: 'e_pick',
      window: 'e_pick',
    });
    // Duct cleaning is never an emergency in this tenant's config.
    expect(validateStep(1, draft({ ...base, urgency: 'emergency' }), config, dates)).toEqual({
      urgency: 'e_pick',
    });
    expect(
      validateStep(
        1,
        draft({ ...base, urgency: 'soon', date: '2026-11-29', window: 'morning' }),
        config,
        dates,
      ),
    ).toEqual({ date: 'e_pick' });
    expect(
      validateStep(
        1,
        draft({ ...base, urgency: 'soon', date: dates[1]!, window: 'morning' }),
        config,
        dates,
      ),
    ).toEqual({});
    expect(
      validateStep(1, draft({ service: 'ac-repair', urgency: 'emergency' }), config, dates),
    ).toEqual({});
  });

  it('when step: a window that has ended today is refused, even if the day list is stale', () => {
    const afternoon = new Date('2026-11-24T20:30:00Z'); // Tuesday 13:30 in Phoenix
    const today = { service: 'ac-repair', urgency: 'soon', date: '2026-11-24' } as const;
    // A moved clock: validation asks the time itself, as the form does when the visitor acts.
    const check = (window: Draft['window'], at: Date) => {
      vi.setSystemTime(at);
      return validateStep(1, draft({ ...today, window }), config, bookableDates(config, at));
    };
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    expect(check('morning', now)).toEqual({});
    expect(check('morning', afternoon)).toEqual({ window: 'e_pick' });
    expect(check('afternoon', afternoon)).toEqual({});
    // The next morning, yesterday is not a day the form offers or accepts.
    expect(check('afternoon', new Date('2026-11-25T16:00:00Z'))).toEqual({ date: 'e_pick' });
  });

  it('contact step: a name, and a phone or email, each valid when given; ZIP format', () => {
    expect(validateStep(2, draft({}), config, dates)).toEqual({
      name: 'e_name',
      phone: 'e_reach',
      firstTime: 'e_pick',
    });
    expect(
      validateStep(
        2,
        draft({ name: 'A', phone: '555-0100', email: 'a@b', zip: '850', firstTime: 'no' }),
        config,
        dates,
      ),
    ).toEqual({
      phone: 'e_phone',
      email: 'e_email',
      zip: 'e_zip',
    });
    expect(
      validateStep(
        2,
        draft({ name: 'A', email: 'a@b.co', zip: '85004-1234', firstTime: 'yes' }),
        config,
        dates,
      ),
    ).toEqual({});
    // A ZIP outside the service area is flagged in the form, never refused.
    expect(
      validateStep(
        2,
        draft({ name: 'A', phone: '+1 (602) 555-0123', zip: '90210', firstTime: 'no' }),
        config,
        dates,
      ),
    ).toEqual({});
  });

  it('never lets through a contact or address that the edge schemas refuse or cannot reach', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        '',
        ' ',
        '6025550123',
        '(480) 555-0199',
        '+1 602 555 0123',
        '001 602 555 0142',
        '602-555-0142 ext 1',
        '+36 1 234 5678',
        '123',
        'a@b.co',
        'jane@example.com',
        'x@y',
        '85004',
        '85004-1234',
        '8500',
      ),
    );
    fc.assert(
      fc.property(text, text, text, text, text, (name, phone, email, zip, street) => {
        const d = draft({ name, phone, email, zip, street });
        if (Object.keys(validateStep(2, d, config, dates)).length) return;
        const trimmed = (value: string) => value.trim() || undefined;
        expect(
          ContactSchema.safeParse({
            name: d.name.trim(),
            phone: trimmed(phone),
            email: trimmed(email),
          }).success,
        ).toBe(true);
        expect(
          AddressSchema.safeParse({ zip: trimmed(zip), street: trimmed(street) }).success,
        ).toBe(true);
        expect(!!(parsePhone(phone) || normalizeEmail(email))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('only offers dates the edge accepts as a preferred time', () => {
    for (const date of dates)
      expect(PreferredTimeSchema.safeParse({ date, window: 'anytime' }).success).toBe(true);
  });
});

describe('server issues', () => {
  it('map onto form fields and the step that shows them', () => {
    const d = emptyDraft();
    expect(fieldOfIssue(['contact', 'phone'], d)).toBe('phone');
    expect(fieldOfIssue(['address', 'zip'], d)).toBe('zip');
    expect(fieldOfIssue(['preferredTime', 'date'], d)).toBe('date');
    expect(fieldOfIssue(['service'], d)).toBe('service');
    expect(fieldOfIssue(['contact', 'smsOptIn'], d)).toBeNull();
    expect(fieldOfIssue(['source', 'utm', 'campaign'], d)).toBeNull();
    expect(fieldOfIssue([], d)).toBeNull();
    expect(['service', 'window', 'email', 'zip'].map((f) => stepOf(f as 'zip'))).toEqual([
      0, 1, 2, 2,
    ]);
  });
});

describe('prefill', () => {
  it('fills only empty fields, cut to the contract limits', () => {
    const typed = draft({ name: 'Typed Name' });
    const filled = applyPrefill(typed, {
      name: 'Prefilled',
      phone: '6025550123',
      notes: 'n'.repeat(3000),
      zip: '850041234567',
    });
    expect(filled).toMatchObject({ name: 'Typed Name', phone: '6025550123', zip: '8500412345' });
    expect(filled.notes).toHaveLength(2000);
    expect(applyPrefill(typed, { name: 42 as unknown as string }).name).toBe('Typed Name');
  });
});
