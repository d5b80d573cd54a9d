import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { formTokenFor } from '../../helpers/form-token.ts';
import { ADMIN, call, sendLead } from '../../helpers/api.ts';
import { demoLead } from '../../helpers/leads.ts';

async function storedLead(leadId: string) {
  const res = await call(`/v1/admin/leads/${leadId}`, { headers: ADMIN });
  expect(res.status).toBe(200);
  return ((await res.json()) as { lead: Record<string, any> }).lead;
}

async function rowsFor(submissionId: string) {
  const { results } = await env.DB.prepare('SELECT id FROM leads WHERE submission_id = ?')
    .bind(submissionId)
    .all();
  return results.length;
}

describe('POST /v1/leads: accepted', () => {
  it('stores a complete lead as received with everything it was sent', async () => {
    const lead = demoLead();
    const { res, body } = await sendLead(lead, { origin: 'https://desertpeakair.example' });
    expect(res.status).toBe(202);
    expect(body).toEqual({
      leadId: expect.stringMatching(/^ld_[0-9a-f]{24}$/),
      status: 'received',
      duplicate: false,
    });

    const stored = await storedLead(body.leadId);
    expect(stored).toMatchObject({
      tenant: 'desert-peak',
      submissionId: lead.submissionId,
      classification: 'real',
      reviewReasons: [],
      serviceKey: 'ac-repair',
      contactPhone: '+16025550123',
      contactPhoneExt: null,
      contactEmail: 'jane@example.com',
      addressZip: '85001',
      utmSource: 'google',
      utmCampaign: 'summer-ac',
      origin: 'https://desertpeakair.example',
      ingestPath: 'direct',
      source: lead.source,
      bindingSent: lead.titanBinding,
      bindingResolved: {
        jobTypeId: 4521,
        businessUnitId: 319,
        campaignId: 1001,
        priority: 'High',
        mapVersion: '2026-11-01.1',
        active: true,
      },
      consent: lead.consent,
    });
  });

  it('accepts text/plain bodies (sendBeacon) the same way', async () => {
    const lead = demoLead();
    const res = await call('/v1/leads', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(lead),
    });
    expect(res.status).toBe(202);
    expect(await rowsFor(lead.submissionId)).toBe(1);
  });

  it('accepts email-only and phone-only leads', async () => {
    const emailOnly = demoLead({ contact: { name: 'E', email: 'e@example.com' } });
    const phoneOnly = demoLead({ contact: { name: 'P', phone: '602-555-0199' } });
    expect((await sendLead(emailOnly)).res.status).toBe(202);
    expect((await sendLead(phoneOnly)).res.status).toBe(202);
  });
});

describe('POST /v1/leads: flagged for review, never refused', () => {
  const cases: [string, Parameters<typeof demoLead>[0], Record<string, string>, string[]][] = [
    ['unknown service', { service: 'pool-cleaning' }, {}, ['unknown_service']],
    [
      'unmapped service',
      { service: 'indoor-air-quality', titanBinding: undefined },
      {},
      ['binding_missing'],
    ],
    [
      'zip outside the service area',
      { address: { street: '1 Far Rd', city: 'Tucson', state: 'AZ', zip: '85701' } },
      {},
      ['zip_outside_service_area'],
    ],
    [
      'origin not on the tenant list',
      {},
      { origin: 'https://unknown-site.example' },
      ['origin_not_allowed'],
    ],
    [
      'binding drifted from the map',
      {
        titanBinding: { jobTypeId: 9999, businessUnitId: 319, campaignId: 1001, mapVersion: 'old' },
      },
      {},
      ['binding_drift'],
    ],
    ['invalid urgency', { urgency: 'yesterday' as never }, {}, ['invalid_urgency']],
    [
      'urgency the service does not offer',
      { service: 'duct-cleaning', urgency: 'emergency', titanBinding: undefined },
      {},
      ['urgency_not_offered'],
    ],
    [
      'preferred date in the past',
      { preferredTime: { date: '2020-01-06', window: 'morning' } },
      {},
      ['preferred_time_in_past'],
    ],
    [
      'preferred date on a closed day (Sunday)',
      { preferredTime: { date: '2030-01-06', window: 'morning' } },
      {},
      ['preferred_time_too_far', 'preferred_time_outside_business_hours'],
    ],
    [
      'impossible date',
      { preferredTime: { date: '2026-02-31', window: 'morning' } },
      {},
      ['invalid_preferred_time'],
    ],
    [
      'invalid phone but valid email',
      { contact: { name: 'Jane', phone: '123', email: 'jane@example.com' } },
      {},
      ['invalid_phone'],
    ],
    ['no name', { contact: { name: '', phone: '6025550123' } }, {}, ['missing_name']],
    [
      'wrong types in optional parts',
      { notes: 42 as never, source: 'x' as never },
      {},
      ['invalid_notes', 'invalid_source'],
    ],
  ];

  it.each(cases)('%s → needs_review', async (_name, overrides, headers, reasons) => {
    const { res, body } = await sendLead(demoLead(overrides), headers);
    expect(res.status).toBe(202);
    expect(body.status).toBe('needs_review');
    const stored = await storedLead(body.leadId);
    expect(stored.status).toBe('needs_review');
    expect(stored.reviewReasons).toEqual(reasons);
  });

  it('keeps a lead without a usable submissionId, generating one', async () => {
    const { res, body } = await sendLead({ ...demoLead(), submissionId: 'x' });
    expect(res.status).toBe(202);
    const stored = await storedLead(body.leadId);
    expect(stored.reviewReasons).toContain('submission_id_generated');
    expect(stored.raw.submissionId).toBe('x');
  });
});

describe('POST /v1/leads: phone numbers', () => {
  const withPhone = (phone: string, email?: string) =>
    demoLead({ contact: { name: 'Jane', phone, ...(email && { email }) } });

  it.each([
    ['001 602 555 0142', '+16025550142', null],
    ['602-555-0142 ext 1', '+16025550142', '1'],
    ['+1 (602) 555-0142 x204', '+16025550142', '204'],
  ])('stores %j as E.164 %s (extension %s), phone only, no review', async (phone, e164, ext) => {
    const { res, body } = await sendLead(withPhone(phone));
    expect(res.status).toBe(202);
    expect(body.status).toBe('received');
    const stored = await storedLead(body.leadId);
    expect(stored).toMatchObject({ contactPhone: e164, contactPhoneExt: ext, reviewReasons: [] });
    // A phone that could be used is in its columns: raw keeps only what could not.
    expect(stored.raw).toEqual({});
  });

  it('keeps a phone that cannot be used in raw, as the visitor typed it', async () => {
    const { body } = await sendLead(withPhone('+36 12', 'jane@example.com'));
    const stored = await storedLead(body.leadId);
    expect(stored).toMatchObject({ contactPhone: null, reviewReasons: ['invalid_phone'] });
    expect(stored.raw.contact.phone).toBe('+36 12');
  });

  it('keeps a foreign number as what it is, flagged for review, and accepted', async () => {
    const { res, body } = await sendLead(withPhone('+36 1 234 5678'));
    expect(res.status).toBe(202);
    expect(body.status).toBe('needs_review');
    const stored = await storedLead(body.leadId);
    expect(stored).toMatchObject({
      contactPhone: '+3612345678',
      reviewReasons: ['international_phone'],
    });
  });

  it('does not make a Budapest number the Corpus Christi one', async () => {
    const budapest = await sendLead(withPhone('+36 1 234 5678'));
    const corpusChristi = await sendLead(withPhone('(361) 234-5678'));
    expect((await storedLead(corpusChristi.body.leadId)).contactPhone).toBe('+13612345678');
    expect((await storedLead(budapest.body.leadId)).contactPhone).toBe('+3612345678');
  });

  it('refuses a number outside the numbering plan when there is no email', async () => {
    const { res, body } = await sendLead(withPhone('333 555 0142'));
    expect(res.status).toBe(422);
    expect(body.issues[0]).toMatchObject({ path: ['contact', 'phone'], code: 'invalid_phone' });
  });
});

describe('POST /v1/leads: classification', () => {
  it('stores honeypot submissions as spam', async () => {
    const { res, body } = await sendLead(demoLead({ hp: 'http://buy-now.example' }));
    expect(res.status).toBe(202);
    expect((await storedLead(body.leadId)).classification).toBe('spam');
  });

  it('stores implausibly fast submissions (server clock) as spam', async () => {
    const formToken = await formTokenFor('desert-peak', 400);
    const { body } = await sendLead(demoLead({ elapsedMs: 45_000, formToken }));
    const lead = await storedLead(body.leadId);
    expect(lead.classification).toBe('spam');
    expect(lead.spamReasons).toEqual(['too_fast']);
  });

  it("stores the tenant's test contacts as test, the phone compared in E.164", async () => {
    // The tenant lists 6025550100; the visitor writes it with a country code and an extension.
    for (const phone of ['602-555-0100', '+1 602 555 0100 ext 9']) {
      const { body } = await sendLead(demoLead({ contact: { name: 'QA', phone } }));
      expect((await storedLead(body.leadId)).classification).toBe('test');
    }
  });
});

describe('POST /v1/leads: idempotency', () => {
  it('returns the same leadId for a repeated submission and stores one row', async () => {
    const lead = demoLead();
    const first = await sendLead(lead);
    const second = await sendLead({ ...lead, notes: 'changed on retry' });
    expect(second.res.status).toBe(202);
    expect(second.body).toEqual({
      leadId: first.body.leadId,
      status: first.body.status,
      duplicate: true,
    });
    expect(await rowsFor(lead.submissionId)).toBe(1);
    expect((await storedLead(first.body.leadId)).notes).toBe('AC blowing warm air');
  });

  it('stores exactly one row for 20 concurrent copies', async () => {
    const lead = demoLead();
    const results = await Promise.all(Array.from({ length: 20 }, () => sendLead(lead)));
    expect(results.map((r) => r.res.status)).toEqual(Array(20).fill(202));
    expect(new Set(results.map((r) => r.body.leadId)).size).toBe(1);
    expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    expect(await rowsFor(lead.submissionId)).toBe(1);
  });
});

describe('POST /v1/leads: refusals', () => {
  it('422 with field issues when neither phone nor email is valid', async () => {
    const lead = demoLead({ contact: { name: 'Jane', phone: '555', email: 'not-an-email' } });
    const { res, body } = await sendLead(lead);
    expect(res.status).toBe(422);
    expect(body.error).toBe('contact_required');
    expect(body.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual([
      'contact.phone',
      'contact.email',
    ]);
    expect(await rowsFor(lead.submissionId)).toBe(0);
  });

  it.each([
    ['invalid JSON', '{"tenant": ', 'invalid_json'],
    ['an array', '[1,2]', 'invalid_body'],
    ['a string', '"hello"', 'invalid_body'],
    ['null', 'null', 'invalid_body'],
  ])('422 when the body is %s', async (_name, raw, code) => {
    const { res, body } = await sendLead(raw);
    expect(res.status).toBe(422);
    expect(body.error).toBe(code);
  });

  it('422 naming the field when the tenant is missing', async () => {
    const { res, body } = await sendLead({ ...demoLead(), tenant: undefined });
    expect(res.status).toBe(422);
    expect(body.issues[0].path).toEqual(['tenant']);
  });

  it('404 for an unknown tenant', async () => {
    const { res, body } = await sendLead(demoLead({ tenant: 'no-such-co' }));
    expect(res.status).toBe(404);
    expect(body.error).toBe('unknown_tenant');
  });

  it('413 over 64 KiB, with Content-Length', async () => {
    const { res, body } = await sendLead(demoLead({ notes: 'x'.repeat(70_000) }));
    expect(res.status).toBe(413);
    expect(body.error).toBe('payload_too_large');
  });

  it('413 over 64 KiB for a chunked body without Content-Length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16_384));
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (sent++ < 6) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await call('/v1/leads', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
  });

  it('429 with Retry-After when one client exceeds the rate limit', async () => {
    const headers = { 'cf-connecting-ip': '192.0.2.77' };
    // The limiter's 60 s windows are aligned to the clock, so a window may reset mid-test: keep
    // sending until refused, across at most two windows.
    let accepted = 0;
    let limited: Awaited<ReturnType<typeof sendLead>> | undefined;
    for (let i = 0; i < 70 && !limited; i++) {
      const attempt = await sendLead(demoLead(), headers);
      if (attempt.res.status === 429) limited = attempt;
      else {
        expect(attempt.res.status).toBe(202);
        accepted += 1;
      }
    }
    expect(limited?.res.headers.get('retry-after')).toBe('60');
    expect(limited?.body.error).toBe('rate_limited');
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThanOrEqual(60);
    // another client is unaffected
    expect((await sendLead(demoLead())).res.status).toBe(202);
  });

  it('counts every address of one IPv6 /64 as one client', async () => {
    // A new address of the same /64 on every request: the /64 is what is limited.
    let limited = false;
    for (let i = 0; i < 70 && !limited; i++) {
      const headers = { 'cf-connecting-ip': `2001:db8:77:1::${(i + 1).toString(16)}` };
      const attempt = await sendLead(demoLead(), headers);
      limited = attempt.res.status === 429;
      if (!limited) expect(attempt.res.status).toBe(202);
    }
    expect(limited).toBe(true);
    const neighbour = { 'cf-connecting-ip': '2001:db8:77:2::1' };
    expect((await sendLead(demoLead(), neighbour)).res.status).toBe(202);
  });
});

describe('CORS', () => {
  it('answers a preflight from any origin on the public routes', async () => {
    const res = await call('/v1/leads', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://anywhere.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-credentials')).toBe(null);
  });

  it('sends no CORS headers on admin routes', async () => {
    const res = await call('/v1/admin/leads', {
      headers: { ...ADMIN, origin: 'https://anywhere.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(null);
    const preflight = await call('/v1/admin/leads', {
      method: 'OPTIONS',
      headers: { origin: 'https://anywhere.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(null);
  });
});
