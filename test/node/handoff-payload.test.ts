/**
 * Every booking draft the builder makes must be a valid `Crm.V2.CreateBookingRequest`: validated
 * with ajv against the structure copied from ServiceTitan's crm-v2 OpenAPI file, for a matrix of
 * leads. Runs in Node because ajv compiles validators with `new Function`, which workerd forbids.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instants } from '../helpers/instants.ts';
import type { MapEntry, Taxonomy } from '../../edge/handoff/binding.ts';
import { buildBookingDraft, UNNAMED_CUSTOMER, type DraftLead } from '../../edge/handoff/draft.ts';
import { zonedTimeToUtc } from '../../shared/local-time.ts';
import { demoTaxonomy, demoTitanMap, demoWidgetConfig } from '../../edge/seed/desert-peak.ts';
import { validateBookingRequest } from '../fakes/booking-schema.ts';
import { addDays } from '../../shared/schedule.ts';

const taxonomy: Taxonomy = { jobTypes: new Map(), businessUnits: new Map(), campaigns: new Map() };
for (const item of demoTaxonomy) {
  if (item.kind === 'job-type') {
    const businessUnitIds = item.data.businessUnitIds as number[];
    taxonomy.jobTypes.set(item.id, { active: item.active, businessUnitIds });
  }
  if (item.kind === 'business-unit') taxonomy.businessUnits.set(item.id, { active: item.active });
  if (item.kind === 'campaign') taxonomy.campaigns.set(item.id, { active: item.active });
}

const map = new Map<string, MapEntry>(
  demoTitanMap.map((e) => [e.serviceKey, { ...e, active: true }]),
);

const fullLead: DraftLead = {
  id: 'ld_0123456789abcdef01234567',
  serviceKey: 'ac-repair',
  urgency: 'soon',
  preferredDate: '2026-12-01',
  preferredWindow: 'afternoon',
  contactName: 'Jane Smith',
  contactPhone: '+16025550123',
  contactPhoneExt: null,
  contactEmail: 'jane@example.com',
  smsOptIn: true,
  addressStreet: '123 Main St',
  addressUnit: 'Apt 4',
  addressCity: 'Phoenix',
  addressState: 'AZ',
  addressZip: '85001',
  notes: 'AC blowing warm air',
  isFirstTimeClient: false,
  utmSource: 'google',
  utmMedium: 'cpc',
  utmCampaign: 'summer-ac',
  // Tuesday 09:00 in Phoenix, a week before the preferred day.
  receivedAt: '2026-11-24T16:00:00Z',
};

/** A request made days before the 2026 spring-forward change. */
const beforeDst = '2026-03-02T16:00:00Z';

const noAddress = {
  addressStreet: null,
  addressUnit: null,
  addressCity: null,
  addressState: null,
  addressZip: null,
};

function draft(
  lead: Partial<DraftLead> = {},
  options: {
    timezone?: string;
    config?: typeof demoWidgetConfig;
    entry?: MapEntry | null;
    override?: Parameters<typeof buildBookingDraft>[0]['override'];
  } = {},
) {
  const merged = { ...fullLead, ...lead };
  return buildBookingDraft({
    lead: merged,
    tenant: {
      timezone: options.timezone ?? 'America/Phoenix',
      config: options.config ?? demoWidgetConfig,
    },
    mapEntry:
      options.entry === null ? undefined : (options.entry ?? map.get(merged.serviceKey ?? '')),
    override: options.override ?? null,
    taxonomy,
  });
}

const matrix: [string, ReturnType<typeof draft>, string[]][] = [
  ['full', draft(), []],
  ['no address', draft(noAddress), []],
  ['email only', draft({ contactPhone: null, smsOptIn: false }), []],
  ['phone only, no SMS', draft({ contactEmail: null, smsOptIn: false }), []],
  ['phone with an extension', draft({ contactPhoneExt: '12' }), []],
  ['a Budapest phone', draft({ contactPhone: '+3612345678', smsOptIn: false }), []],
  [
    'emergency, no preferred time',
    draft({ urgency: 'emergency', preferredDate: null, preferredWindow: null }),
    [],
  ],
  ['any-time window', draft({ preferredWindow: 'anytime' }), []],
  [
    'preferred window already over',
    draft({
      preferredDate: '2026-11-24',
      preferredWindow: 'morning',
      receivedAt: '2026-11-25T04:52:00Z',
    }),
    [],
  ],
  ['impossible preferred date', draft({ preferredDate: '2027-02-29' }), ['invalid_preferred_time']],
  ['first-time client not stated', draft({ isFirstTimeClient: null }), []],
  ['no name', draft({ contactName: null }), ['contact_name_missing']],
  ['partial address', draft({ addressStreet: null, addressCity: null }), ['address_incomplete']],
  ['unmapped service', draft({ serviceKey: 'indoor-air-quality' }), ['service_unmapped']],
  ['service the tenant does not offer', draft({ serviceKey: 'roof-repair' }), ['unknown_service']],
  [
    'business unit not allowed for the job type',
    draft({}, { entry: { ...map.get('ac-repair')!, businessUnitId: 320 } }),
    ['business_unit_not_allowed_for_job_type'],
  ],
  [
    'inactive map entry and unknown campaign',
    draft({}, { entry: { ...map.get('ac-repair')!, active: false, campaignId: 999 } }),
    ['binding_inactive', 'campaign_unknown'],
  ],
  [
    'urgency without a priority',
    draft({ serviceKey: 'duct-cleaning', urgency: 'emergency' }),
    ['priority_missing'],
  ],
  [
    'preferred time before a DST change',
    draft(
      { preferredDate: '2026-03-07', preferredWindow: 'morning', receivedAt: beforeDst },
      { timezone: 'America/Denver' },
    ),
    [],
  ],
  [
    'preferred time after a DST change',
    draft(
      { preferredDate: '2026-03-09', preferredWindow: 'morning', receivedAt: beforeDst },
      { timezone: 'America/Denver' },
    ),
    [],
  ],
];

describe('every built payload is a valid Crm.V2.CreateBookingRequest', () => {
  it.each(matrix)('%s', (_name, built, reasons) => {
    expect(validateBookingRequest(built.payload)).toEqual({ valid: true, errors: [] });
    expect(built.reasons).toEqual(reasons);
  });
});

describe('what the payload says', () => {
  it('carries every part of a full lead', () => {
    const { payload } = draft();
    expect(payload).toEqual({
      source: 'PageToJob website widget',
      name: 'Jane Smith',
      summary: expect.stringContaining('Service: AC repair'),
      isFirstTimeClient: false,
      externalId: 'ptj-ld_0123456789abcdef01234567',
      address: {
        street: '123 Main St',
        unit: 'Apt 4',
        city: 'Phoenix',
        state: 'AZ',
        zip: '85001',
        country: 'USA',
      },
      contacts: [
        { type: 'MobilePhone', value: '6025550123', memo: 'Opted in to SMS on the booking form' },
        { type: 'Email', value: 'jane@example.com' },
      ],
      customerType: 'Residential',
      // Noon in Phoenix (UTC-7, no DST).
      start: '2026-12-01T19:00:00Z',
      campaignId: 1001,
      businessUnitId: 319,
      jobTypeId: 4521,
      priority: 'High',
    });
    expect(payload.summary.split('\n')).toEqual([
      'Service: AC repair',
      'Urgency: Soon - within a few days',
      'Preferred time: Tue, Dec 1, 2026, Afternoon (12–4) (America/Phoenix time)',
      'Customer notes: AC blowing warm air',
      'SMS opt-in: yes',
      'Marketing source: google / cpc / summer-ac',
      'Requested online via PageToJob (lead ld_0123456789abcdef01234567)',
    ]);
  });

  it('sends all address parts or none, and keeps a partial address in the summary', () => {
    expect(draft(noAddress).payload).not.toHaveProperty('address');
    const partial = draft({ addressStreet: null, addressCity: null }).payload;
    expect(partial).not.toHaveProperty('address');
    expect(partial.summary).toContain('Address (incomplete, confirm on call): Apt 4, AZ, 85001');
  });

  it('maps contacts to ServiceTitan contact types', () => {
    expect(draft({ contactPhone: null }).payload.contacts).toEqual([
      { type: 'Email', value: 'jane@example.com' },
    ]);
    expect(draft({ contactEmail: null, smsOptIn: false }).payload.contacts).toEqual([
      { type: 'Phone', value: '6025550123' },
    ]);
  });

  it('writes a North American phone as 10 digits, any other in E.164, the extension in the memo', () => {
    const phoneOf = (lead: Partial<DraftLead>) => draft(lead).payload.contacts?.[0];
    expect(phoneOf({ contactPhone: '+3612345678', smsOptIn: false })).toEqual({
      type: 'Phone',
      value: '+3612345678',
    });
    expect(phoneOf({ contactPhoneExt: '12', smsOptIn: false })).toEqual({
      type: 'Phone',
      value: '6025550123',
      memo: 'Ext. 12',
    });
    expect(phoneOf({ contactPhoneExt: '12' })).toEqual({
      type: 'MobilePhone',
      value: '6025550123',
      memo: 'Opted in to SMS on the booking form; Ext. 12',
    });
  });

  it('takes priority from urgency and leaves out what the map does not give', () => {
    expect(draft({ urgency: 'emergency' }).payload.priority).toBe('Urgent');
    expect(draft({ urgency: 'flexible' }).payload.priority).toBe('Normal');
    const unmapped = draft({ serviceKey: 'indoor-air-quality' }).payload;
    for (const key of ['jobTypeId', 'businessUnitId', 'campaignId', 'priority'])
      expect(unmapped).not.toHaveProperty(key);
  });

  it('defaults what the schema requires but the visitor did not give', () => {
    const { payload } = draft({ contactName: null, isFirstTimeClient: null });
    expect(payload.name).toBe(UNNAMED_CUSTOMER);
    expect(payload.isFirstTimeClient).toBe(true);
    expect(payload.summary).toContain('First-time client: not stated by the customer');
  });

  it('starts an any-time request at the business day opening', () => {
    expect(draft({ preferredWindow: 'anytime' }).payload.start).toBe('2026-12-01T14:00:00Z');
    expect(draft({ preferredDate: null }).payload).not.toHaveProperty('start');
  });

  it('lets an operator correction replace the map binding and clear its review', () => {
    const corrected = draft(
      { serviceKey: 'indoor-air-quality' },
      { override: { jobTypeId: 4545, businessUnitId: 319, campaignId: 1002, priority: 'Normal' } },
    );
    expect(corrected.reasons).toEqual([]);
    expect(corrected.payload).toMatchObject({
      jobTypeId: 4545,
      businessUnitId: 319,
      campaignId: 1002,
      priority: 'Normal',
    });
    expect(validateBookingRequest(corrected.payload).valid).toBe(true);
  });
});

describe('the start is never earlier than the request (shared/schedule.ts)', () => {
  // The demo tenant: Phoenix (UTC−7), Mon–Sat 07:00–19:00, morning 8–12, afternoon 12–4,
  // evening 4–7, any time. Tuesday 2026-11-24.
  const today = (window: string, receivedAt: string, config = demoWidgetConfig) =>
    draft({ preferredDate: '2026-11-24', preferredWindow: window, receivedAt }, { config });
  const lines = (built: ReturnType<typeof draft>) => built.payload.summary.split('\n');

  it("leaves the start out for a window that had ended, and says so (21:52, today's morning)", () => {
    const late = today('morning', '2026-11-25T04:52:00Z');
    expect(late.payload).not.toHaveProperty('start');
    expect(lines(late)).toContain(
      'No start proposed: this time had already passed when the request was made, confirm on call',
    );
    expect(late.reasons).toEqual([]);
    const yesterday = draft({ preferredDate: '2026-11-23', preferredWindow: 'afternoon' });
    expect(yesterday.payload).not.toHaveProperty('start');
    expect(lines(yesterday)[3]).toMatch(/^No start proposed: this time had already passed/);
  });

  it('moves the start of a window under way to the next half hour after the request', () => {
    // 13:07 in Phoenix, afternoon 12–4: 13:30, not 12:00.
    const lunch = today('afternoon', '2026-11-24T20:07:00Z');
    expect(lunch.payload.start).toBe('2026-11-24T20:30:00Z');
    expect(lines(lunch)).toContain(
      'Proposed start: 1:30 PM, the earliest half hour of the window after the request was made',
    );
    // Exactly on a half hour, that half hour.
    expect(today('afternoon', '2026-11-24T20:30:00Z').payload.start).toBe('2026-11-24T20:30:00Z');
    expect(today('afternoon', '2026-11-24T20:30:01Z').payload.start).toBe('2026-11-24T21:00:00Z');
  });

  it('starts "any time" today from the request, not from the opening, until closing', () => {
    expect(today('anytime', '2026-11-24T17:07:00Z').payload.start).toBe('2026-11-24T17:30:00Z');
    const closed = today('anytime', '2026-11-25T02:10:00Z'); // 19:10
    expect(closed.payload).not.toHaveProperty('start');
    expect(lines(closed)[3]).toMatch(/^No start proposed: this time had already passed/);
  });

  it('keeps the window start when the request came earlier, and says nothing more', () => {
    const early = today('afternoon', '2026-11-24T14:00:00Z'); // 07:00
    expect(early.payload.start).toBe('2026-11-24T19:00:00Z');
    expect(lines(early).some((line) => /start/i.test(line))).toBe(false);
  });

  it('leaves the start out when the window is nearly over, or outside business hours', () => {
    // 11:40: the next half hour is the morning's end.
    const ending = today('morning', '2026-11-24T18:40:00Z');
    expect(ending.payload).not.toHaveProperty('start');
    expect(lines(ending)[3]).toBe(
      'No start proposed: the window was about to end when the request was made, confirm on call',
    );
    const sunday = draft({ preferredDate: '2026-11-29', preferredWindow: 'morning' });
    expect(sunday.payload).not.toHaveProperty('start');
    expect(lines(sunday)[3]).toBe(
      'No start proposed: the window lies outside business hours, confirm on call',
    );
  });

  it('moves a window that begins before opening to the opening time', () => {
    const early = {
      ...demoWidgetConfig,
      windows: [{ key: 'morning' as const, label: 'Early (6–9)', start: '06:00', end: '09:00' }],
    };
    const built = draft(
      { preferredDate: '2026-11-26', preferredWindow: 'morning' },
      { config: early },
    );
    expect(built.payload.start).toBe('2026-11-26T14:00:00Z'); // 07:00
    expect(lines(built)).toContain(
      'Proposed start: 7:00 AM, the window starts before business hours',
    );
  });

  it('never proposes the first 01:30 to a request made during the repeated hour of a fall-back', () => {
    const night = {
      ...demoWidgetConfig,
      businessHours: { days: [0, 1, 2, 3, 4, 5, 6], open: '00:00', close: '03:00' },
    };
    // 01:10 EST (the second 01:10) on 2026-11-01: 01:30 would resolve to 01:30 EDT, 40 min earlier.
    const built = draft(
      {
        preferredDate: '2026-11-01',
        preferredWindow: 'anytime',
        receivedAt: '2026-11-01T06:10:00Z',
      },
      { timezone: 'America/New_York', config: night },
    );
    expect(built.payload).not.toHaveProperty('start');
  });

  it('never drafts a start before the request, for any request time, day and window', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: -2, max: 20 }),
        fc.constantFrom('morning', 'afternoon', 'evening', 'anytime', 'unknown'),
        fc.constantFrom(
          'America/Phoenix',
          'America/New_York',
          'America/Denver',
          'Pacific/Honolulu',
        ),
        (received, ahead, window, timezone) => {
          const date = addDays(received.toISOString().slice(0, 10), ahead);
          const built = draft(
            { preferredDate: date, preferredWindow: window, receivedAt: received.toISOString() },
            { timezone },
          );
          expect(validateBookingRequest(built.payload).valid).toBe(true);
          const { start } = built.payload;
          if (start) expect(Date.parse(start)).toBeGreaterThanOrEqual(received.getTime());
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('an impossible preferred date', () => {
  it('is shown as the visitor sent it, said to be invalid, never rolled over, and held for review', () => {
    for (const date of ['2027-02-29', '2027-02-30', '2026-13-01']) {
      const built = draft({ preferredDate: date });
      expect(built.payload.summary.split('\n')[2]).toBe(
        `Preferred time: ${date}, Afternoon (12–4) - not a valid date, confirm on call`,
      );
      expect(built.payload.summary).not.toMatch(/Mar \d/);
      expect(built.payload).not.toHaveProperty('start');
      expect(built.reasons).toEqual(['invalid_preferred_time']);
    }
  });
});

describe('preferred window → UTC in the tenant time zone', () => {
  it('follows Denver across the spring-forward change (MST −7 → MDT −6)', () => {
    expect(
      draft(
        { preferredDate: '2026-03-07', preferredWindow: 'morning', receivedAt: beforeDst },
        { timezone: 'America/Denver' },
      ).payload.start,
    ).toBe('2026-03-07T15:00:00Z');
    expect(
      draft(
        { preferredDate: '2026-03-09', preferredWindow: 'morning', receivedAt: beforeDst },
        { timezone: 'America/Denver' },
      ).payload.start,
    ).toBe('2026-03-09T14:00:00Z');
  });

  it('follows New York across the fall-back change, and Phoenix not at all', () => {
    expect(zonedTimeToUtc('2026-10-31', '08:00', 'America/New_York')?.toISOString()).toBe(
      '2026-10-31T12:00:00.000Z',
    );
    expect(zonedTimeToUtc('2026-11-01', '08:00', 'America/New_York')?.toISOString()).toBe(
      '2026-11-01T13:00:00.000Z',
    );
    expect(zonedTimeToUtc('2026-03-09', '08:00', 'America/Phoenix')?.toISOString()).toBe(
      '2026-03-09T15:00:00.000Z',
    );
    expect(zonedTimeToUtc('2026-07-01', '08:00', 'America/Phoenix')?.toISOString()).toBe(
      '2026-07-01T15:00:00.000Z',
    );
  });

  it('resolves times inside the DST gap and overlap the way calendars do', () => {
    // 02:30 does not exist on 2026-03-08 in New York: it becomes 03:30 EDT.
    expect(zonedTimeToUtc('2026-03-08', '02:30', 'America/New_York')?.toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    // 01:30 happens twice on 2026-11-01: the first (EDT) is taken.
    expect(zonedTimeToUtc('2026-11-01', '01:30', 'America/New_York')?.toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });

  it('refuses dates and times that do not exist', () => {
    expect(zonedTimeToUtc('2026-02-30', '08:00', 'America/Denver')).toBeNull();
    expect(zonedTimeToUtc('2026-02-01', '24:00', 'America/Denver')).toBeNull();
  });
});

describe('the schema check itself', () => {
  const valid = draft().payload as unknown as Record<string, unknown>;

  it.each(['source', 'name', 'summary', 'isFirstTimeClient', 'externalId'])(
    'fails without required %s',
    (field) => {
      const { [field]: _dropped, ...rest } = valid;
      const verdict = validateBookingRequest(rest);
      expect(verdict.valid).toBe(false);
      expect(verdict.errors[0]?.message).toContain(field);
    },
  );

  it.each([
    ['jobTypeId as a string', { jobTypeId: '4521' }],
    ['isFirstTimeClient as a string', { isFirstTimeClient: 'yes' }],
    ['a contact type outside the enum', { contacts: [{ type: 'Cell', value: '6025550123' }] }],
    ['a priority outside the enum', { priority: 'Critical' }],
    [
      'an address without its country',
      { address: { street: 'a', city: 'b', state: 'AZ', zip: '85001' } },
    ],
    ['a start that is not a date-time', { start: '2026-12-01 08:00' }],
    ['a field the schema does not know', { tenantSlug: 'desert-peak' }],
  ])('fails with %s', (_name, change) => {
    expect(validateBookingRequest({ ...valid, ...change }).valid).toBe(false);
  });
});
