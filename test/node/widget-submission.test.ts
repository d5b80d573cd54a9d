/**
 * The POST /v1/leads body the widget builds (widget/src/submission.ts): valid against the edge's
 * LeadSubmissionSchema, with the chosen service's Titan binding and the exact consent text shown.
 */
import { describe, expect, it } from 'vitest';
import { LeadSubmissionSchema, SUBMISSION_ID } from '../../shared/lead.ts';
import { emptyDraft, type Draft } from '../../widget/src/draft.ts';
import { sourceContext, touchFrom } from '../../widget/src/source.ts';
import { buildSubmission, newSubmissionId } from '../../widget/src/submission.ts';
import { servedDemoConfig } from './helpers/demo-widget-config.ts';

const config = servedDemoConfig();
const now = new Date('2026-11-24T16:00:00Z');
const touch = touchFrom(
  'https://desertpeakair.example/?utm_source=google&gclid=G',
  'https://www.google.com/',
  now,
);
const source = sourceContext({ first: touch, last: touch }, null);

const draft: Draft = {
  ...emptyDraft(),
  service: 'furnace-repair',
  urgency: 'soon',
  date: '2026-11-25',
  window: 'morning',
  name: '  Jane Smith ',
  phone: '(602) 555-0123',
  smsOptIn: true,
  street: '123 Main St',
  city: 'Phoenix',
  zip: '85004',
  notes: ' Pilot light out ',
};

const build = (patch: Partial<Draft> = {}, locale: 'en' | 'es' = 'en', formToken?: string) =>
  buildSubmission({
    submissionId: newSubmissionId(),
    draft: { ...draft, ...patch },
    config,
    locale,
    source,
    now,
    formToken,
  });

describe('buildSubmission', () => {
  it('produces a body the edge schema accepts, with binding, consent and source', () => {
    const body = build();
    expect(LeadSubmissionSchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({
      tenant: 'desert-peak',
      service: 'furnace-repair',
      urgency: 'soon',
      preferredTime: { date: '2026-11-25', window: 'morning' },
      contact: { name: 'Jane Smith', phone: '(602) 555-0123', smsOptIn: true },
      address: { street: '123 Main St', city: 'Phoenix', zip: '85004' },
      notes: 'Pilot light out',
      titanBinding: {
        jobTypeId: 4522,
        businessUnitId: 319,
        campaignId: 1001,
        mapVersion: '2026-11-01.1',
      },
      consent: { text: config.consent.text, version: '2026-11', acceptedAt: now.toISOString() },
      source: { utm: { source: 'google' }, clickIds: { gclid: 'G' } },
      hp: '',
    });
    expect(body.contact).not.toHaveProperty('email');
    // The form token proves the time the form was in use; a client timer proves nothing.
    expect(body).not.toHaveProperty('elapsedMs');
  });

  it('leaves out the preferred time for an emergency, and empty address and notes', () => {
    const body = build({ urgency: 'emergency', street: '', city: ' ', zip: '', notes: '' });
    expect(LeadSubmissionSchema.safeParse(body).success).toBe(true);
    expect(body).not.toHaveProperty('preferredTime');
    expect(body).not.toHaveProperty('address');
    expect(body).not.toHaveProperty('notes');
  });

  it('sends the returning-customer answer as isFirstTimeClient, and nothing when unanswered', () => {
    expect(build({ firstTime: 'yes' }).isFirstTimeClient).toBe(true);
    expect(build({ firstTime: 'no' }).isFirstTimeClient).toBe(false);
    expect(LeadSubmissionSchema.parse(build({ firstTime: 'no' })).isFirstTimeClient).toBe(false);
    expect(build()).not.toHaveProperty('isFirstTimeClient');
  });

  it('sends the Spanish consent text to a Spanish visitor', () => {
    expect(build({}, 'es').consent?.text).toBe(config.consent.textEs);
  });

  it('sends no binding for a service the Titan Map does not cover (the edge flags it)', () => {
    const body = build({ service: 'indoor-air-quality' });
    expect(body).not.toHaveProperty('titanBinding');
    expect(LeadSubmissionSchema.safeParse(body).success).toBe(true);
  });

  it('carries the form token when the edge gave one, and none otherwise', () => {
    expect(build({}, 'en', 'v1.desert-peak.1.n.m').formToken).toBe('v1.desert-peak.1.n.m');
    expect(build()).not.toHaveProperty('formToken');
  });

  it('carries the honeypot as typed, so the edge can classify the lead as spam', () => {
    expect(build({ hp: 'http://spam.example' }).hp).toBe('http://spam.example');
  });
});

describe('newSubmissionId', () => {
  it('matches the contract and does not repeat', () => {
    const ids = Array.from({ length: 2000 }, newSubmissionId);
    for (const id of ids) expect(id).toMatch(SUBMISSION_ID);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
