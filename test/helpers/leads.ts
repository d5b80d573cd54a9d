/**
 * A realistic lead for the demo tenant; tests override what they exercise.
 */
import type { LeadSubmission } from '../../shared/lead.ts';

let counter = 0;

/** A date `days` from today in Phoenix time (YYYY-MM-DD) that falls on a weekday. */
export function upcomingWeekday(days = 3): string {
  const date = new Date(Date.now() + days * 86_400_000);
  while (date.getUTCDay() === 0) date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export function demoLead(overrides: Partial<LeadSubmission> = {}): LeadSubmission {
  counter += 1;
  return {
    tenant: 'desert-peak',
    submissionId: `sub-${crypto.randomUUID()}-${counter}`,
    service: 'ac-repair',
    urgency: 'soon',
    preferredTime: { date: upcomingWeekday(), window: 'morning' },
    contact: {
      name: 'Jane Smith',
      phone: '(602) 555-0123',
      email: 'jane@example.com',
      smsOptIn: false,
    },
    address: { street: '123 Main St', unit: '', city: 'Phoenix', state: 'AZ', zip: '85001' },
    notes: 'AC blowing warm air',
    isFirstTimeClient: true,
    source: {
      landingPage: 'https://desertpeakair.example/ac-repair?utm_source=google',
      referrer: 'https://www.google.com/',
      utm: { source: 'google', medium: 'cpc', campaign: 'summer-ac' },
      clickIds: { gclid: 'Cj0KCQ-test' },
    },
    titanBinding: {
      jobTypeId: 4521,
      businessUnitId: 319,
      campaignId: 1001,
      mapVersion: '2026-11-01.1',
    },
    consent: { text: 'By submitting…', version: '2026-11', acceptedAt: new Date().toISOString() },
    hp: '',
    elapsedMs: 45_000,
    ...overrides,
  };
}
