import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../../edge/index.ts';
import { ADMIN, call, getJson, postLead, sendJson } from '../../helpers/api.ts';
import { contact, copyDemoTenant } from '../../helpers/ops.ts';

const TENANT = 'lifecycle-co';
const DAY = 86_400_000;
const PERSONAL = [
  'contact_name',
  'contact_phone',
  'contact_phone_ext',
  'contact_email',
  'address_street',
  'address_unit',
  'address_city',
  'address_zip',
  'notes',
  'consent',
] as const;

beforeAll(async () => {
  await copyDemoTenant(TENANT);
});

let phoneSeq = 2000;
/** A distinct, valid phone number and email per call. */
function freshContact(name = 'Casey Personal') {
  phoneSeq += 1;
  return contact(`602555${phoneSeq}`, `casey${phoneSeq}@example.com`, name);
}

function leadRow(id: string) {
  return env.DB.prepare('SELECT * FROM leads WHERE id = ?').bind(id).first<Record<string, any>>();
}

async function backdate(id: string, daysAgo: number) {
  const at = new Date(Date.now() - daysAgo * DAY).toISOString();
  await env.DB.prepare('UPDATE leads SET received_at = ? WHERE id = ?').bind(at, id).run();
  return at;
}

/** A drafted sync job whose payload holds the lead's contact details, as the handoff writes. */
async function draftJob(leadId: string, name: string) {
  const payload = JSON.stringify({ name, contacts: [{ type: 'Phone', value: '6025550000' }] });
  const now = new Date().toISOString();
  await env.DB.prepare(
    `INSERT INTO sync_jobs (id, lead_id, tenant, state, external_id, payload, created_at, updated_at)
     VALUES (?1, ?2, ?3, 'ready', ?1, ?4, ?5, ?5)
     ON CONFLICT (lead_id) DO UPDATE SET payload = excluded.payload`,
  )
    .bind(`sj_${leadId}`, leadId, TENANT, payload, now)
    .run();
}

async function storeEvent(opts: {
  leadId: string | null;
  text: string;
  daysAgo?: number;
  state?: string;
}) {
  const id = `we_${crypto.randomUUID()}`;
  const at = new Date(Date.now() - (opts.daysAgo ?? 0) * DAY).toISOString();
  const envelope = JSON.stringify({
    specversion: '1.0',
    id,
    type: 'tn.crm.booking-updated',
    data: { name: opts.text, address: { street: '9 Secret Ln' } },
  });
  await env.DB.prepare(
    `INSERT INTO webhook_events (id, tenant, webhook_id, event_id, occurrence_id, type, event_time,
       envelope, body_sha256, state, lead_id, received_at)
     VALUES (?1, ?2, ?1, ?1, ?1, 'tn.crm.booking-updated', ?3, ?4, 'x', ?5, ?6, ?3)`,
  )
    .bind(id, TENANT, at, envelope, opts.state ?? 'processed', opts.leadId)
    .run();
  return id;
}

function envelopeOf(id: string) {
  return env.DB.prepare('SELECT envelope, redacted_at FROM webhook_events WHERE id = ?')
    .bind(id)
    .first<{ envelope: string; redacted_at: string | null }>();
}

async function report(from: string, to: string) {
  const qs = new URLSearchParams({ tenant: TENANT, from, to, groupBy: 'source' });
  const res = await getJson(`/v1/admin/reports/leads?${qs}`);
  expect(res.status).toBe(200);
  return res.body as { totals: Record<string, number>; rows: Record<string, unknown>[] };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function expectErased(row: Record<string, any> | null, reason: string) {
  expect(row).not.toBeNull();
  for (const column of PERSONAL) expect(row![column], column).toBeNull();
  expect(row!.raw).toBe('{}');
  expect(row!.source).toBe('{}');
  expect(row!.erased_at).toEqual(expect.any(String));
  expect(row!.erase_reason).toBe(reason);
}

describe('retention settings', () => {
  it('default to 730 days and can be changed per tenant within 30..3650 days', async () => {
    const before = await getJson(`/v1/admin/lifecycle/retention?tenant=${TENANT}`);
    expect(before.body.retention).toEqual([
      expect.objectContaining({ tenant: TENANT, retentionDays: 730, custom: false }),
    ]);
    const res = await sendJson('PUT', `/v1/admin/lifecycle/retention/${TENANT}`, {
      retentionDays: 90,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).retention).toMatchObject({
      tenant: TENANT,
      retentionDays: 90,
      custom: true,
      updatedBy: 'admin',
    });
    for (const retentionDays of [29, 3651, 90.5, '90']) {
      const bad = await sendJson('PUT', `/v1/admin/lifecycle/retention/${TENANT}`, {
        retentionDays,
      });
      expect(bad.status).toBe(422);
      expect(((await bad.json()) as any).issues[0].path).toEqual(['retentionDays']);
    }
    const unknown = await sendJson('PUT', '/v1/admin/lifecycle/retention/nobody-here', {
      retentionDays: 90,
    });
    expect(unknown.status).toBe(404);
  });
});

describe('retention purge', () => {
  it('erases personal data past the period, keeps the counts, and leaves newer data alone', async () => {
    await sendJson('PUT', `/v1/admin/lifecycle/retention/${TENANT}`, { retentionDays: 60 });
    const oldLead = await postLead({ tenant: TENANT, ...freshContact('Olivia Old') });
    const oldRepeat = await postLead({ tenant: TENANT, ...freshContact('Olivia Old') });
    const newLead = await postLead({ tenant: TENANT, ...freshContact('Nina New') });
    // The repeat shares the first lead's phone and email, a day later: a duplicate.
    const original = await leadRow(oldLead);
    await env.DB.prepare('UPDATE leads SET contact_phone = ?, contact_email = ? WHERE id = ?')
      .bind(original!.contact_phone, original!.contact_email, oldRepeat)
      .run();
    await backdate(oldLead, 100);
    await backdate(oldRepeat, 99);
    await draftJob(oldLead, 'Olivia Old');
    await draftJob(newLead, 'Nina New');
    const linkedOld = await storeEvent({ leadId: oldLead, text: 'Olivia Old', daysAgo: 95 });
    const unlinkedOld = await storeEvent({ leadId: null, text: 'Somebody', daysAgo: 80 });
    const recent = await storeEvent({ leadId: newLead, text: 'Nina New', daysAgo: 1 });

    const from = isoDay(Date.now() - 120 * DAY);
    const to = isoDay(Date.now() + DAY);
    const countsBefore = await report(from, to);
    expect(countsBefore.totals).toMatchObject({ duplicates: 1 });

    const run = await call(`/v1/admin/lifecycle/retention/${TENANT}/run`, {
      method: 'POST',
      headers: ADMIN,
    });
    expect(run.status).toBe(200);
    expect(((await run.json()) as any).purge).toMatchObject({
      tenant: TENANT,
      leadsErased: 2,
      syncJobsRedacted: 1,
      webhookEventsRedacted: 2,
      more: false,
    });

    expectErased(await leadRow(oldLead), 'retention');
    expectErased(await leadRow(oldRepeat), 'retention');
    const kept = await leadRow(newLead);
    expect(kept).toMatchObject({ contact_name: 'Nina New', erased_at: null });

    const jobs = await env.DB.prepare('SELECT lead_id, payload FROM sync_jobs WHERE tenant = ?')
      .bind(TENANT)
      .all<{ lead_id: string; payload: string | null }>();
    const payloadOf = (id: string) => jobs.results.find((j) => j.lead_id === id)?.payload;
    expect(payloadOf(oldLead)).toBeNull();
    expect(payloadOf(newLead)).toContain('Nina New');

    for (const id of [linkedOld, unlinkedOld]) {
      const event = await envelopeOf(id);
      expect(event!.redacted_at).toEqual(expect.any(String));
      expect(event!.envelope).not.toContain('Secret');
      expect(JSON.parse(event!.envelope)).toMatchObject({ id, redacted: 'retention' });
    }
    expect((await envelopeOf(recent))!.envelope).toContain('Nina New');

    // Counts, duplicates included, are what they were before the purge.
    const countsAfter = await report(from, to);
    expect(countsAfter).toEqual(countsBefore);

    const trail = await getJson(`/v1/admin/leads/${oldLead}`);
    expect(trail.body.lead).toMatchObject({ contactName: null, eraseReason: 'retention' });
    expect(trail.body.audit).toContainEqual(
      expect.objectContaining({ action: 'lead.erased', detail: { reason: 'retention' } }),
    );
    const summary = await env.DB.prepare(
      `SELECT detail FROM audit_log WHERE action = 'retention.purged' AND tenant = ?`,
    )
      .bind(TENANT)
      .first<{ detail: string }>();
    expect(JSON.parse(summary!.detail)).toMatchObject({ retentionDays: 60, leadsErased: 2 });

    // A second run finds nothing left to do.
    const again = await call(`/v1/admin/lifecycle/retention/${TENANT}/run`, {
      method: 'POST',
      headers: ADMIN,
    });
    expect(((await again.json()) as any).purge).toMatchObject({
      leadsErased: 0,
      webhookEventsRedacted: 0,
    });
  });

  it('runs from the cron for every tenant', async () => {
    const lead = await postLead({ tenant: TENANT, ...freshContact('Cron Candidate') });
    // Default-retention tenant (730 days): a purge "now + 731 days" makes today's lead expire.
    const demo = await postLead({ ...freshContact('Demo Candidate') });
    const future = Date.now() + 731 * DAY;
    const controller = {
      scheduledTime: future,
      cron: '*/5 * * * *',
      noRetry() {},
    } as ScheduledController;
    await worker.scheduled(controller, env);
    expectErased(await leadRow(lead), 'retention');
    expectErased(await leadRow(demo), 'retention');
  });
});

describe('late webhook events', () => {
  it('are redacted by the next purge when their lead was already erased', async () => {
    const lead = await postLead({ tenant: TENANT, ...freshContact('Lena Late') });
    const erased = await call(`/v1/admin/lifecycle/leads/${lead}`, {
      method: 'DELETE',
      headers: ADMIN,
    });
    expect(erased.status).toBe(200);
    const late = await storeEvent({ leadId: lead, text: 'Lena Late' });
    const fresh = await storeEvent({ leadId: null, text: 'Unrelated Person' });
    expect((await envelopeOf(late))!.envelope).toContain('Lena Late');

    const run = await call(`/v1/admin/lifecycle/retention/${TENANT}/run`, {
      method: 'POST',
      headers: ADMIN,
    });
    expect(run.status).toBe(200);
    expect((await envelopeOf(late))!.envelope).not.toContain('Lena');
    expect((await envelopeOf(fresh))!.envelope).toContain('Unrelated Person');
  });
});

describe('DELETE /v1/admin/lifecycle/leads/:id', () => {
  it('erases one lead, its draft and its webhook payloads; counts stay', async () => {
    const first = await postLead({ tenant: TENANT, ...freshContact('Dana Delete') });
    const other = await postLead({ tenant: TENANT, ...freshContact('Owen Other') });
    const repeat = await postLead({ tenant: TENANT, ...freshContact('Dana Delete') });
    const firstRow = await leadRow(first);
    await env.DB.prepare('UPDATE leads SET contact_phone = ?, contact_email = ? WHERE id = ?')
      .bind(firstRow!.contact_phone, firstRow!.contact_email, repeat)
      .run();
    await draftJob(first, 'Dana Delete');
    const event = await storeEvent({ leadId: first, text: 'Dana Delete' });
    const today = isoDay(Date.now());
    const before = await report(today, isoDay(Date.now() + DAY));

    const res = await call(`/v1/admin/lifecycle/leads/${first}`, {
      method: 'DELETE',
      headers: ADMIN,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      leadId: first,
      eraseReason: 'lead_deletion',
      leadsErased: 1,
      syncJobsRedacted: 1,
      webhookEventsRedacted: 1,
    });
    expectErased(await leadRow(first), 'lead_deletion');
    expect((await leadRow(other))!.contact_name).toBe('Owen Other');
    // The repeat is a different lead: only the one asked for is erased.
    expect((await leadRow(repeat))!.contact_name).toBe('Dana Delete');
    expect((await envelopeOf(event))!.envelope).not.toContain('Dana');
    const job = await env.DB.prepare('SELECT payload FROM sync_jobs WHERE lead_id = ?')
      .bind(first)
      .first<{ payload: string | null }>();
    expect(job!.payload).toBeNull();

    const after = await report(today, isoDay(Date.now() + DAY));
    expect(after).toEqual(before);

    const trail = await getJson(`/v1/admin/leads/${first}`);
    const actions = (trail.body.audit as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['lead.erased', 'lead.deletion_requested']));

    const again = await call(`/v1/admin/lifecycle/leads/${first}`, {
      method: 'DELETE',
      headers: ADMIN,
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ leadsErased: 0 });
  });

  it('404 for an unknown lead', async () => {
    const res = await call('/v1/admin/lifecycle/leads/ld_missing', {
      method: 'DELETE',
      headers: ADMIN,
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'lead_not_found' });
  });
});

describe('POST /v1/admin/lifecycle/contact-erasures', () => {
  it('erases every lead and event of one contact, by phone or email, and nothing else', async () => {
    const phone = '(602) 555-0177';
    const byPhone = await postLead({
      tenant: TENANT,
      ...contact(phone, 'pat.one@example.com', 'Pat Contact'),
    });
    const byBoth = await postLead({
      tenant: TENANT,
      ...contact('602-555-0177', 'Pat.Contact@Example.com', 'Pat Contact'),
    });
    const byEmailOnly = await postLead({
      tenant: TENANT,
      ...contact('6025550178', 'pat.contact@example.com', 'Pat Contact'),
    });
    const stranger = await postLead({ tenant: TENANT, ...freshContact('Stranger Safe') });
    const otherTenant = await postLead({
      ...contact(phone, 'pat.contact@example.com', 'Pat Demo'),
    });
    const unlinked = await storeEvent({
      leadId: null,
      text: 'Pat Contact (602) 555-0177',
      state: 'unmatched',
    });
    const unrelated = await storeEvent({ leadId: null, text: 'Someone else 602-555-0999' });

    const res = await sendJson('POST', '/v1/admin/lifecycle/contact-erasures', {
      tenant: TENANT,
      phone: '602.555.0177',
      email: 'PAT.CONTACT@example.com',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({ tenant: TENANT, leadsErased: 3, webhookEventsRedacted: 1 });
    expect([...body.leadIds].sort()).toEqual([byPhone, byBoth, byEmailOnly].sort());

    for (const id of [byPhone, byBoth, byEmailOnly]) {
      expectErased(await leadRow(id), 'contact_deletion');
    }
    expect((await leadRow(stranger))!.contact_name).toBe('Stranger Safe');
    // Another tenant's lead with the same contact is not this tenant's to erase.
    expect((await leadRow(otherTenant))!.contact_name).toBe('Pat Demo');
    // Probed as the contact wrote it, not as a bare '555': the envelope keeps a random event id.
    const redacted = (await envelopeOf(unlinked))!.envelope;
    for (const secret of ['Pat Contact', '555-0177']) expect(redacted).not.toContain(secret);
    expect((await envelopeOf(unrelated))!.redacted_at).toBeNull();

    // The audit log records the request without keeping the contact it was about.
    const audit = await env.DB.prepare(
      `SELECT detail FROM audit_log WHERE action = 'contact.erased' AND tenant = ?
        ORDER BY id DESC LIMIT 1`,
    )
      .bind(TENANT)
      .first<{ detail: string }>();
    const detail = JSON.parse(audit!.detail) as Record<string, unknown>;
    expect(detail).toMatchObject({ matchedBy: ['phone', 'email'], leadsErased: 3 });
    expect(audit!.detail).not.toMatch(/0177|pat\.contact/i);
  });

  it('finds a foreign contact by its own number, never the US number with the same digits', async () => {
    const abroad = await postLead({
      tenant: TENANT,
      ...contact('+36 1 234 5678 ext 4', 'abroad@example.com', 'Abroad Person'),
    });
    const us = await postLead({
      tenant: TENANT,
      ...contact('(361) 234-5678', 'corpus@example.com', 'Corpus Person'),
    });
    const unlinked = await storeEvent({ leadId: null, text: 'Abroad Person +36 1 234 5678' });
    // As ServiceTitan writes a US number: the Budapest number's digits, without its +.
    const usEvent = await storeEvent({ leadId: null, text: 'Corpus Person 3612345678' });

    const res = await sendJson('POST', '/v1/admin/lifecycle/contact-erasures', {
      tenant: TENANT,
      phone: '0036 1 234 5678',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ leadIds: [abroad], webhookEventsRedacted: 1 });
    expectErased(await leadRow(abroad), 'contact_deletion');
    expect((await leadRow(us))!.contact_phone).toBe('+13612345678');
    expect((await envelopeOf(unlinked))!.envelope).not.toContain('234 5678');
    expect((await envelopeOf(usEvent))!.redacted_at).toBeNull();
  });

  it.each([
    [{ tenant: TENANT }, ['']],
    [{ tenant: TENANT, phone: '12345' }, ['phone']],
    [{ tenant: TENANT, email: 'not-an-email' }, ['email']],
  ])('422 for %j', async (input, path) => {
    const res = await sendJson('POST', '/v1/admin/lifecycle/contact-erasures', input);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { issues: { path: string[] }[] };
    expect(body.issues[0]!.path.join('')).toBe(path.join(''));
  });

  it('404 for an unknown tenant', async () => {
    const res = await sendJson('POST', '/v1/admin/lifecycle/contact-erasures', {
      tenant: 'nobody-here',
      phone: '6025550123',
    });
    expect(res.status).toBe(404);
  });
});
