import { env } from 'cloudflare:workers';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, getJson, postLead } from '../../helpers/api.ts';
import { contact, copyDemoTenant } from '../../helpers/ops.ts';
import { exampleData, sendEvent } from '../../helpers/webhooks.ts';

const TENANT = 'report-co';
const DAY = '2026-03-09';

type Counts = Record<string, number>;
type Report = {
  rows: (Counts & { key: string })[];
  totals: Counts;
  unmatched: { events: number; byType: Record<string, number> };
  range: { start: string; end: string };
};

async function at(id: string, receivedAt: string) {
  await env.DB.prepare('UPDATE leads SET received_at = ? WHERE id = ?').bind(receivedAt, id).run();
}

async function outcome(leadId: string, values: Record<string, string | number>) {
  const columns = Object.keys(values);
  await env.DB.prepare(
    `INSERT INTO lead_outcomes (lead_id, tenant, ${columns.join(', ')}, updated_at)
     VALUES (?, ?, ${columns.map(() => '?').join(', ')}, ?)`,
  )
    .bind(leadId, TENANT, ...Object.values(values), new Date().toISOString())
    .run();
}

async function unmatchedEvent(type: string, receivedAt: string) {
  const id = `we_${crypto.randomUUID()}`;
  await env.DB.prepare(
    `INSERT INTO webhook_events (id, tenant, webhook_id, event_id, occurrence_id, type, event_time,
       envelope, body_sha256, state, received_at)
     VALUES (?1, ?2, ?1, ?1, ?1, ?3, ?4, '{}', 'x', 'unmatched', ?4)`,
  )
    .bind(id, TENANT, type, receivedAt)
    .run();
}

/** A signed invoice event for a job of the report tenant, through the real webhook path. */
async function invoice(
  secret: string,
  type: 'tn.acc.invoice-posted' | 'tn.acc.invoice-updated',
  jobId: number,
  fields: Record<string, unknown>,
) {
  const data = exampleData<{ invoice: Record<string, unknown> }>(type);
  Object.assign(data.invoice, { job: { id: jobId, number: String(jobId) }, ...fields });
  const sent = await sendEvent(type, data, { tenant: TENANT, secret });
  expect(sent.status).toBe(202);
}

const utm = (source: string, campaign: string) => ({
  source: { utm: { source, medium: 'cpc', campaign } },
});

const ids: Record<string, string> = {};

// Phoenix is UTC-7 all year: 2026-03-09 in Phoenix is [2026-03-09T07:00Z, 2026-03-10T07:00Z).
beforeAll(async () => {
  await copyDemoTenant(TENANT);
  const lead = async (name: string, receivedAt: string, overrides: Record<string, unknown>) => {
    ids[name] = await postLead({ tenant: TENANT, ...overrides });
    await at(ids[name]!, receivedAt);
  };
  await lead('g1', `${DAY}T08:00:00.000Z`, {
    ...utm('google', 'summer-ac'),
    ...contact('6025550201', 'g1@example.com', '=HYPERLINK("http://x")'),
  });
  await lead('g2', `${DAY}T09:00:00.000Z`, {
    ...utm('google', 'summer-ac'),
    ...contact('6025550202', 'g2@example.com'),
    service: 'furnace-repair',
  });
  // Same phone as g1, two hours later: the person asked again.
  await lead('g1again', `${DAY}T10:00:00.000Z`, {
    ...utm('google', 'brand'),
    ...contact('602-555-0201', 'other@example.com'),
  });
  await lead('fb', `${DAY}T11:00:00.000Z`, {
    ...utm('facebook', 'spring'),
    ...contact('6025550203', 'fb@example.com'),
  });
  await lead('spam', `${DAY}T12:00:00.000Z`, {
    ...utm('google', 'summer-ac'),
    ...contact('6025550204', 'spam@example.com'),
    hp: 'http://spam.example',
  });
  // The demo config's test contact (6025550100) makes a `test` lead.
  await lead('test', `${DAY}T13:00:00.000Z`, {
    ...utm('facebook', 'spring'),
    ...contact('6025550100', 'qa@example.com'),
  });
  await lead('direct', `${DAY}T14:00:00.000Z`, {
    source: {},
    ...contact('6025550205', 'direct@example.com'),
  });
  // 23:30 on March 9 in Phoenix, already March 10 in UTC: part of March 9's report.
  await lead('late', '2026-03-10T06:30:00.000Z', {
    ...utm('google', 'summer-ac'),
    ...contact('6025550206', 'late@example.com'),
  });
  // 00:30 on March 10 in Phoenix: not part of it.
  await lead('nextDay', '2026-03-10T07:30:00.000Z', {
    ...utm('google', 'summer-ac'),
    ...contact('6025550207', 'next@example.com'),
  });

  await outcome(ids.g1!, {
    booking_id: 1,
    booking_status: 'Converted',
    job_id: 501,
    job_status: 'Completed',
  });
  await outcome(ids.g2!, { booking_id: 2, job_id: 502, job_status: 'Scheduled' });
  await outcome(ids.fb!, { job_id: 503, job_status: 'Completed' });
  await outcome(ids.test!, { job_id: 504 });
  const res = await call(`/v1/admin/webhook-secrets/${TENANT}`, { method: 'POST', headers: ADMIN });
  const { secret } = (await res.json()) as { secret: string };
  // g1's job has two posted invoices: revenue is both (512.50).
  await invoice(secret, 'tn.acc.invoice-posted', 501, { id: 9001, total: '412.50' });
  await invoice(secret, 'tn.acc.invoice-posted', 501, { id: 9011, total: '100.00' });
  // fb's invoice is adjusted by -50.00 (the adjustment has no tax or balance): 362.50.
  await invoice(secret, 'tn.acc.invoice-posted', 503, { id: 9002, total: '412.50' });
  await invoice(secret, 'tn.acc.invoice-posted', 503, {
    id: 9012,
    adjustmentToId: 9002,
    total: '-50.00',
    subTotal: '-50.00',
    salesTax: null,
    balance: null,
  });
  // g2's invoice was only updated (a draft), never posted: not invoiced, no revenue.
  await invoice(secret, 'tn.acc.invoice-updated', 502, { id: 9004, total: '250.00' });
  // Outcomes on spam and test leads never count.
  await invoice(secret, 'tn.acc.invoice-posted', 504, { id: 9003, total: '999.00' });
  await unmatchedEvent('tn.acc.invoice-posted', `${DAY}T15:00:00.000Z`);
  await unmatchedEvent('tn.jpm.job-completed', `${DAY}T16:00:00.000Z`);
  await unmatchedEvent('tn.jpm.job-completed', '2026-03-20T16:00:00.000Z');
});

async function report(qs: Record<string, string>): Promise<Report> {
  const res = await getJson<Report>(`/v1/admin/reports/leads?${new URLSearchParams(qs)}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('GET /v1/admin/reports/leads', () => {
  it('counts leads by source with spam, test and duplicates apart, outcomes only when matched', async () => {
    const r = await report({ tenant: TENANT, from: DAY, to: DAY, groupBy: 'source' });
    expect(r.range).toEqual({ start: `${DAY}T07:00:00.000Z`, end: '2026-03-10T07:00:00.000Z' });
    const byKey = Object.fromEntries(r.rows.map((row) => [row.key, row]));
    expect(byKey.google).toEqual({
      key: 'google',
      leads: 3,
      duplicates: 1,
      spam: 1,
      test: 0,
      booked: 2,
      completed: 1,
      invoiced: 1,
      revenue: 512.5,
      sources: { webhook: 2, export: 0 },
      confirmedProbable: 0,
    });
    expect(byKey.facebook).toMatchObject({
      leads: 1,
      test: 1,
      booked: 1,
      invoiced: 1,
      revenue: 362.5,
    });
    expect(byKey['(none)']).toMatchObject({ leads: 1, booked: 0, revenue: 0 });
    expect(r.totals).toEqual({
      leads: 5,
      duplicates: 1,
      spam: 1,
      test: 1,
      booked: 3,
      completed: 2,
      invoiced: 2,
      revenue: 875,
      sources: { webhook: 3, export: 0 },
      confirmedProbable: 0,
    });
    expect(r.unmatched).toEqual({
      events: 2,
      byType: { 'tn.acc.invoice-posted': 1, 'tn.jpm.job-completed': 1 },
    });
  });

  it('groups by campaign and by service', async () => {
    const campaigns = await report({ tenant: TENANT, from: DAY, to: DAY, groupBy: 'campaign' });
    const byCampaign = Object.fromEntries(campaigns.rows.map((row) => [row.key, row]));
    expect(byCampaign['summer-ac']).toMatchObject({ leads: 3, spam: 1 });
    expect(byCampaign.brand).toMatchObject({ leads: 0, duplicates: 1 });
    const services = await report({ tenant: TENANT, from: DAY, to: DAY, groupBy: 'service' });
    const byService = Object.fromEntries(services.rows.map((row) => [row.key, row]));
    expect(byService['furnace-repair']).toMatchObject({ leads: 1, booked: 1 });
    expect(byService['ac-repair']).toMatchObject({ leads: 4, duplicates: 1 });
  });

  it('covers whole days in the tenant time zone', async () => {
    const next = await report({ tenant: TENANT, from: '2026-03-10', to: '2026-03-10' });
    expect(next.totals.leads).toBe(1);
    const both = await report({ tenant: TENANT, from: DAY, to: '2026-03-10' });
    expect(both.totals.leads).toBe(6);
  });

  it.each([
    [{ from: DAY, to: DAY }, 400, 'tenant_required'],
    [{ tenant: TENANT, from: '2026-03-10', to: DAY }, 400, 'invalid_query'],
    [{ tenant: TENANT, from: '2026-02-30', to: DAY }, 400, 'invalid_query'],
    [{ tenant: TENANT, from: '2025-01-01', to: '2026-03-01' }, 400, 'invalid_query'],
    [{ tenant: TENANT, from: DAY, to: DAY, groupBy: 'zip' }, 400, 'invalid_query'],
    [{ tenant: 'nobody-here', from: DAY, to: DAY }, 404, 'unknown_tenant'],
  ])('%j → %i %s', async (qs, status, error) => {
    const res = await call(`/v1/admin/reports/leads?${new URLSearchParams(qs)}`, {
      headers: ADMIN,
    });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error });
  });
});

describe('GET /v1/admin/leads filters', () => {
  async function listed(qs: Record<string, string>) {
    const res = await getJson(`/v1/admin/leads?${new URLSearchParams({ tenant: TENANT, ...qs })}`);
    expect(res.status).toBe(200);
    return (res.body.leads as { id: string }[]).map((l) => l.id).sort();
  }

  it('filter by service, source, campaign, (none) and a date range', async () => {
    expect(await listed({ service: 'furnace-repair' })).toEqual([ids.g2]);
    expect(await listed({ source: 'facebook' })).toEqual([ids.fb, ids.test].sort());
    expect(await listed({ source: '(none)' })).toEqual([ids.direct]);
    expect(await listed({ campaign: 'brand' })).toEqual([ids.g1again]);
    expect(
      await listed({ since: '2026-03-10T06:00:00-00:00', until: '2026-03-10T07:30:00.000Z' }),
    ).toEqual([ids.late]);
  });
});

describe('GET /v1/admin/reports/leads.csv', () => {
  it('exports the filtered leads list as CSV, formulas defused', async () => {
    const qs = new URLSearchParams({ tenant: TENANT, source: 'google' });
    const res = await call(`/v1/admin/reports/leads.csv?${qs}`, { headers: ADMIN });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="leads-report-co-/,
    );
    const parsed = Papa.parse<Record<string, string>>((await res.text()).trim(), { header: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(
      expect.arrayContaining(['lead_id', 'phone', 'phone_ext', 'utm_source']),
    );
    const rows = parsed.data;
    expect(rows.map((r) => r.lead_id).sort()).toEqual(
      [ids.g1, ids.g2, ids.g1again, ids.spam, ids.late, ids.nextDay].sort(),
    );
    const g1 = rows.find((r) => r.lead_id === ids.g1)!;
    expect(g1).toMatchObject({
      // E.164; the leading + would be a formula to a spreadsheet, so the cell is defused too.
      phone: "'+16025550201",
      phone_ext: '',
      email: 'g1@example.com',
      utm_source: 'google',
    });
    expect(g1.name).toBe(`'=HYPERLINK("http://x")`);
  });

  it('400 for an invalid filter', async () => {
    const res = await call(`/v1/admin/reports/leads.csv?status=lost`, { headers: ADMIN });
    expect(res.status).toBe(400);
  });
});
