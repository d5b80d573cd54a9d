/**
 * Accepted events turned into lead outcomes: the end-to-end path from a lead's dry-run handoff
 * externalId through booking, job and invoice events to the lead detail; unmatched events that
 * stay unmatched (never guessed); events out of order; zone drift findings; cron re-processing.
 */
import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../../edge/index.ts';
import { externalIdForLead } from '../../../edge/handoff/external-id.ts';
import { demoTaxonomy } from '../../../edge/seed/desert-peak.ts';
import {
  MAX_PROCESSING_ATTEMPTS,
  processWebhookEvent,
} from '../../../edge/webhooks/apply/process.ts';
import { ADMIN, call, getJson, postLead } from '../../helpers/api.ts';
import { copyDemoTenant } from '../../helpers/ops.ts';
import { adminEvent, exampleData, sendEvent } from '../../helpers/webhooks.ts';

type Booking = { booking: Record<string, unknown> };
type Job = { job: Record<string, unknown> };
type Invoice = { invoice: Record<string, unknown> & { job: Record<string, unknown> } };
type Appointment = { appointment: Record<string, unknown> };

const randomId = () => 100_000 + Math.floor(Math.random() * 1_000_000_000);

interface LeadDetail {
  lead: { id: string };
  syncJobs: { externalId: string }[];
  outcomes: {
    current: Record<string, Record<string, unknown>> | null;
    invoices: Record<string, unknown>[];
    invoiced: boolean;
    revenue: string;
    history: { type: string; state: string; applied: Record<string, unknown> }[];
  };
}

async function leadDetail(leadId: string): Promise<LeadDetail> {
  const { status, body } = await getJson<LeadDetail>(`/v1/admin/leads/${leadId}`);
  expect(status).toBe(200);
  return body;
}

function bookingData(
  externalId: string,
  bookingId: number,
  jobId: number | null,
  status = 'Converted',
) {
  const data = exampleData<Booking>('tn.crm.booking-updated');
  Object.assign(data.booking, { externalId, id: bookingId, jobId, status });
  return data;
}

function jobData(
  type: 'tn.jpm.job-completed' | 'tn.jpm.job-scheduled' | 'tn.jpm.job-rescheduled',
  jobId: number,
  bookingId: number | null,
) {
  const data = exampleData<Job>(type);
  Object.assign(data.job, { id: jobId, jobNumber: String(jobId), bookingId });
  return data;
}

function invoiceData(
  jobId: number,
  total: string,
  fields: Record<string, unknown> = {},
  type: 'tn.acc.invoice-posted' | 'tn.acc.invoice-updated' = 'tn.acc.invoice-posted',
) {
  const data = exampleData<Invoice>(type);
  data.invoice.job.id = jobId;
  data.invoice.total = total;
  Object.assign(data.invoice, fields);
  return data;
}

/** A lead whose booking event linked ServiceTitan job `jobId` (and booking `bookingId`) to it. */
async function linkedLead(jobId: number, bookingId = randomId()): Promise<string> {
  const leadId = await postLead();
  await accepted(
    'tn.crm.booking-updated',
    bookingData(externalIdForLead(leadId), bookingId, jobId),
  );
  return leadId;
}

async function accepted(
  type: string,
  data: unknown,
  options: Parameters<typeof sendEvent>[2] = {},
) {
  const result = await sendEvent(type, data, options);
  expect(result.status, JSON.stringify(result.body)).toBe(202);
  return adminEvent(result.body.eventId as string);
}

describe('lead outcomes', () => {
  it('lead → dry-run externalId → booking-updated → job-completed → invoice-posted, shown on the lead', async () => {
    const leadId = await postLead();
    const [job] = (await leadDetail(leadId)).syncJobs;
    expect(job?.externalId).toBe(externalIdForLead(leadId));
    const externalId = job?.externalId as string;
    const [bookingId, jobId] = [randomId(), randomId()];

    const booking = await accepted(
      'tn.crm.booking-updated',
      bookingData(externalId, bookingId, jobId),
    );
    expect(booking).toMatchObject({
      state: 'processed',
      leadId,
      applied: { bookingStatus: 'Converted', jobId },
    });

    const completed = await accepted(
      'tn.jpm.job-completed',
      jobData('tn.jpm.job-completed', jobId, bookingId),
    );
    expect(completed).toMatchObject({ state: 'processed', leadId });

    const invoice = await accepted('tn.acc.invoice-posted', invoiceData(jobId, '412.50'));
    expect(invoice).toMatchObject({ state: 'processed', leadId, applied: { total: '412.50' } });

    const { outcomes } = await leadDetail(leadId);
    expect(outcomes.current).toMatchObject({
      booking: { id: bookingId, status: 'Converted' },
      job: {
        id: jobId,
        status: 'Completed',
        completedOn: '2026-11-24T17:55:00.000Z',
        total: 412.5,
      },
    });
    expect(outcomes.invoices).toMatchObject([
      {
        id: 60001,
        total: '412.50',
        subTotal: '385.00',
        salesTax: '27.50',
        balance: '412.50',
        postedAt: expect.any(String),
      },
    ]);
    expect(outcomes).toMatchObject({ invoiced: true, revenue: '412.50' });
    expect(outcomes.history.map((h) => [h.type, h.state])).toEqual([
      ['tn.crm.booking-updated', 'processed'],
      ['tn.jpm.job-completed', 'processed'],
      ['tn.acc.invoice-posted', 'processed'],
    ]);
  });

  it('records appointment times and a reschedule', async () => {
    const leadId = await postLead();
    const [bookingId, jobId] = [randomId(), randomId()];
    await accepted(
      'tn.crm.booking-updated',
      bookingData(externalIdForLead(leadId), bookingId, jobId),
    );
    const rescheduled = jobData('tn.jpm.job-rescheduled', jobId, bookingId) as Job &
      Record<string, unknown>;
    rescheduled.appointmentId = 4242;
    rescheduled.appointmentNumber = `${jobId}-2`;
    expect(await accepted('tn.jpm.job-rescheduled', rescheduled)).toMatchObject({
      state: 'processed',
      leadId,
    });
    expect((await leadDetail(leadId)).outcomes.current?.appointment).toMatchObject({
      id: 4242,
      number: `${jobId}-2`,
      start: null,
    });

    const appointment = exampleData<Appointment>('tn.jpm.job-appointment-updated');
    Object.assign(appointment.appointment, {
      id: 4242,
      jobId,
      appointmentNumber: `${jobId}-2`,
      start: '2026-11-25T16:00:00-07:00',
      end: '2026-11-25T18:00:00-07:00',
    });
    expect(await accepted('tn.jpm.job-appointment-updated', appointment)).toMatchObject({
      state: 'processed',
      leadId,
    });

    const { outcomes } = await leadDetail(leadId);
    expect(outcomes.current?.appointment).toMatchObject({
      id: 4242,
      number: `${jobId}-2`,
      status: 'Scheduled',
      start: '2026-11-25T23:00:00.000Z',
      end: '2026-11-26T01:00:00.000Z',
    });
  });

  function appointmentData(jobId: number, id: number, fields: Record<string, unknown> = {}) {
    const data = exampleData<Appointment>('tn.jpm.job-appointment-updated');
    Object.assign(data.appointment, { id, jobId, appointmentNumber: `${jobId}-${id}`, ...fields });
    return data;
  }

  function rescheduledTo(jobId: number, bookingId: number, appointmentId: number) {
    const data = jobData('tn.jpm.job-rescheduled', jobId, bookingId) as Job &
      Record<string, unknown>;
    data.appointmentId = appointmentId;
    data.appointmentNumber = `${jobId}-${appointmentId}`;
    return data;
  }

  it('a late update about the old appointment after a reschedule is superseded, never rolls back', async () => {
    const [bookingId, jobId] = [randomId(), randomId()];
    const leadId = await linkedLead(jobId, bookingId);
    await accepted('tn.jpm.job-rescheduled', rescheduledTo(jobId, bookingId, 2), {
      envelope: { time: '2026-11-22T10:00:00Z' },
    });
    const late = await accepted('tn.jpm.job-appointment-updated', appointmentData(jobId, 1), {
      envelope: { time: '2026-11-21T10:00:00Z' },
    });
    expect(late).toMatchObject({ state: 'processed', applied: { superseded: true } });
    expect((await leadDetail(leadId)).outcomes.current?.appointment).toMatchObject({
      id: 2,
      number: `${jobId}-2`,
      start: null,
      at: '2026-11-22T10:00:00.000Z',
    });
  });

  it("a reschedule to another appointment drops the old one's times and status", async () => {
    const [bookingId, jobId] = [randomId(), randomId()];
    const leadId = await linkedLead(jobId, bookingId);
    const a1 = { start: '2026-11-25T16:00:00Z', end: '2026-11-25T18:00:00Z' };
    await accepted('tn.jpm.job-appointment-updated', appointmentData(jobId, 1, a1), {
      envelope: { time: '2026-11-21T10:00:00Z' },
    });
    await accepted('tn.jpm.job-rescheduled', rescheduledTo(jobId, bookingId, 2), {
      envelope: { time: '2026-11-22T10:00:00Z' },
    });
    expect((await leadDetail(leadId)).outcomes.current?.appointment).toMatchObject({
      id: 2,
      number: `${jobId}-2`,
      status: null,
      start: null,
      end: null,
    });
    // A reschedule that names the same appointment keeps what is known about it.
    await accepted('tn.jpm.job-appointment-updated', appointmentData(jobId, 2, a1), {
      envelope: { time: '2026-11-23T10:00:00Z' },
    });
    await accepted('tn.jpm.job-rescheduled', rescheduledTo(jobId, bookingId, 2), {
      envelope: { time: '2026-11-24T10:00:00Z' },
    });
    expect((await leadDetail(leadId)).outcomes.current?.appointment).toMatchObject({
      id: 2,
      status: 'Scheduled',
      start: '2026-11-25T16:00:00.000Z',
    });
  });

  it('matches a job event through its bookingId when the booking named no job yet', async () => {
    const leadId = await postLead();
    const [bookingId, jobId] = [randomId(), randomId()];
    await accepted(
      'tn.crm.booking-updated',
      bookingData(externalIdForLead(leadId), bookingId, null, 'New'),
    );
    const scheduled = await accepted(
      'tn.jpm.job-scheduled',
      jobData('tn.jpm.job-scheduled', jobId, bookingId),
    );
    expect(scheduled).toMatchObject({ state: 'processed', leadId });
    // The job id is now linked: an invoice naming only the job finds the lead.
    expect(await accepted('tn.acc.invoice-posted', invoiceData(jobId, '99.00'))).toMatchObject({
      state: 'processed',
      leadId,
    });
  });

  it('an older booking event arriving late does not roll the status back', async () => {
    const leadId = await postLead();
    const bookingId = randomId();
    const externalId = externalIdForLead(leadId);
    await accepted(
      'tn.crm.booking-updated',
      bookingData(externalId, bookingId, null, 'Dismissed'),
      {
        envelope: { time: '2026-11-21T10:00:00Z' },
      },
    );
    const late = await accepted(
      'tn.crm.booking-updated',
      bookingData(externalId, bookingId, null, 'New'),
      {
        envelope: { time: '2026-11-20T10:00:00Z' },
      },
    );
    expect(late).toMatchObject({ state: 'processed', applied: { superseded: true } });
    expect((await leadDetail(leadId)).outcomes.current?.booking).toMatchObject({
      status: 'Dismissed',
      at: '2026-11-21T10:00:00.000Z',
    });
  });

  it('a job event that arrives before its booking link is matched once the booking event links it', async () => {
    const leadId = await postLead();
    const [bookingId, jobId] = [randomId(), randomId()];
    const early = await accepted(
      'tn.jpm.job-completed',
      jobData('tn.jpm.job-completed', jobId, bookingId),
    );
    expect(early).toMatchObject({ state: 'unmatched', leadId: null });
    await accepted(
      'tn.crm.booking-updated',
      bookingData(externalIdForLead(leadId), bookingId, jobId),
    );
    expect(await adminEvent(early.id)).toMatchObject({ state: 'processed', leadId });
    expect((await leadDetail(leadId)).outcomes.current?.job).toMatchObject({
      id: jobId,
      status: 'Completed',
    });
  });
});

describe('invoices', () => {
  it('keeps every invoice of the job and sums them for revenue', async () => {
    const jobId = randomId();
    const leadId = await linkedLead(jobId);
    await accepted('tn.acc.invoice-posted', invoiceData(jobId, '412.50', { id: 71001 }));
    await accepted('tn.acc.invoice-posted', invoiceData(jobId, '100.00', { id: 71002 }));
    const { outcomes } = await leadDetail(leadId);
    expect(outcomes.invoices.map((i) => [i.id, i.total, i.netTotal])).toEqual([
      [71001, '412.50', '412.50'],
      [71002, '100.00', '100.00'],
    ]);
    expect(outcomes).toMatchObject({ invoiced: true, revenue: '512.50' });
  });

  it('applies an adjustment invoice to the invoice it adjusts', async () => {
    const jobId = randomId();
    const leadId = await linkedLead(jobId);
    await accepted('tn.acc.invoice-posted', invoiceData(jobId, '412.50', { id: 72001 }));
    const adjustment = { id: 72002, adjustmentToId: 72001, salesTax: null, balance: null };
    await accepted('tn.acc.invoice-posted', invoiceData(jobId, '-50.00', adjustment));
    const { outcomes } = await leadDetail(leadId);
    expect(outcomes.invoices).toMatchObject([
      {
        id: 72001,
        total: '412.50',
        salesTax: '27.50',
        balance: '412.50',
        netTotal: '362.50',
        adjustments: [{ id: 72002, total: '-50.00', salesTax: null, balance: null }],
      },
    ]);
    expect(outcomes.revenue).toBe('362.50');
  });

  it('an invoice-updated alone is not invoiced; its later posting is, in either order', async () => {
    const jobId = randomId();
    const leadId = await linkedLead(jobId);
    const draft = invoiceData(jobId, '250.00', { id: 73001 }, 'tn.acc.invoice-updated');
    await accepted('tn.acc.invoice-updated', draft, { envelope: { time: '2026-11-26T10:00:00Z' } });
    expect((await leadDetail(leadId)).outcomes).toMatchObject({
      invoices: [{ id: 73001, total: '250.00', postedAt: null }],
      invoiced: false,
      revenue: '0.00',
    });
    // The posting arrives after a newer update: its totals lose, its posting still counts.
    const late = await accepted(
      'tn.acc.invoice-posted',
      invoiceData(jobId, '240.00', { id: 73001 }),
      { envelope: { time: '2026-11-25T10:00:00Z' } },
    );
    expect(late.applied).toMatchObject({ superseded: true });
    expect((await leadDetail(leadId)).outcomes).toMatchObject({
      invoices: [{ id: 73001, total: '250.00', postedAt: '2026-11-25T10:00:00.000Z' }],
      invoiced: true,
      revenue: '250.00',
    });
  });
});

describe('unmatched events are never guessed', () => {
  it('a booking whose externalId we did not issue', async () => {
    const event = await accepted(
      'tn.crm.booking-updated',
      bookingData('ST-EXTERNAL-123', randomId(), randomId()),
    );
    expect(event).toMatchObject({
      state: 'unmatched',
      leadId: null,
      note: expect.stringContaining('not issued by PageToJob'),
    });
  });

  it("a booking naming another tenant's lead", async () => {
    await copyDemoTenant('webhook-other');
    const foreignLead = await postLead({ tenant: 'webhook-other' });
    const event = await accepted(
      'tn.crm.booking-updated',
      bookingData(externalIdForLead(foreignLead), randomId(), null),
    );
    expect(event).toMatchObject({ state: 'unmatched', leadId: null });
    const { outcomes } = await getJson<LeadDetail>(`/v1/admin/leads/${foreignLead}`).then(
      (r) => r.body,
    );
    expect(outcomes.current).toBeNull();
  });

  it('a booking naming a lead id that does not exist', async () => {
    const event = await accepted(
      'tn.crm.booking-updated',
      bookingData(externalIdForLead('ld_000000000000000000000000'), randomId(), null),
    );
    expect(event).toMatchObject({ state: 'unmatched', note: expect.stringContaining('No lead') });
  });

  it('job, appointment and invoice events for a job linked to no lead', async () => {
    const jobId = randomId();
    expect(
      await accepted('tn.jpm.job-scheduled', jobData('tn.jpm.job-scheduled', jobId, null)),
    ).toMatchObject({ state: 'unmatched' });
    const appointment = exampleData<Appointment>('tn.jpm.job-appointment-updated');
    appointment.appointment.jobId = jobId;
    expect(await accepted('tn.jpm.job-appointment-updated', appointment)).toMatchObject({
      state: 'unmatched',
    });
    expect(await accepted('tn.acc.invoice-posted', invoiceData(jobId, '1.00'))).toMatchObject({
      state: 'unmatched',
    });
  });

  it('an invoice with no job', async () => {
    const data = exampleData<Invoice>('tn.acc.invoice-updated');
    (data.invoice as Record<string, unknown>).job = null;
    expect(await accepted('tn.acc.invoice-updated', data)).toMatchObject({
      state: 'unmatched',
      note: expect.stringContaining('names no'),
    });
  });

  it('a job linked to two leads', async () => {
    const jobId = randomId();
    for (const leadId of [await postLead(), await postLead()]) {
      await accepted(
        'tn.crm.booking-updated',
        bookingData(externalIdForLead(leadId), randomId(), jobId),
      );
    }
    const event = await accepted(
      'tn.jpm.job-completed',
      jobData('tn.jpm.job-completed', jobId, null),
    );
    expect(event).toMatchObject({ state: 'unmatched', note: expect.stringContaining('2 leads') });
  });

  it('ServiceTitan CRM lead events', async () => {
    expect(await accepted('tn.crm.lead-created', exampleData('tn.crm.lead-created'))).toMatchObject(
      { state: 'unmatched' },
    );
    expect(await accepted('tn.crm.lead-updated', exampleData('tn.crm.lead-updated'))).toMatchObject(
      { state: 'unmatched' },
    );
  });
});

describe('zone events', () => {
  const tenant = 'webhook-zones';

  async function zoneSecret(): Promise<string> {
    await copyDemoTenant(tenant);
    const res = await call(`/v1/admin/webhook-secrets/${tenant}`, {
      method: 'POST',
      headers: ADMIN,
    });
    return ((await res.json()) as { secret: string }).secret;
  }

  async function openFindings() {
    const { results } = await env.DB.prepare(
      `SELECT kind, severity, origin, affected_zip, summary, detail FROM drift_findings
        WHERE tenant = ? AND review_state = 'open' ORDER BY created_at`,
    )
      .bind(tenant)
      .all<{ kind: string; detail: string; summary: string; origin: string }>();
    return results.map((row) => ({
      ...row,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    }));
  }

  it('raise a drift finding when service-area zips lose their zone, and only then', async () => {
    const secret = await zoneSecret();
    // Zone 71 keeps all its zips but changes color: nothing lost, no finding.
    const unchanged = exampleData<{ zone: Record<string, unknown> }>('tn.dis.zone-updated');
    unchanged.zone.zips = demoTaxonomy.find(
      (item) => item.kind === 'zone' && item.id === 71,
    )!.data.zips;
    const first = await accepted('tn.dis.zone-updated', unchanged, { tenant, secret });
    expect(first).toMatchObject({
      state: 'processed',
      applied: { uncoveredZips: [], driftFinding: 'none' },
    });
    expect(await openFindings()).toEqual([]);

    // The example drops 85001 and 85003 from zone 71; no other zone has them.
    const shrunk = await accepted('tn.dis.zone-updated', exampleData('tn.dis.zone-updated'), {
      tenant,
      secret,
    });
    expect(shrunk).toMatchObject({
      state: 'processed',
      applied: { uncoveredZips: ['85001', '85003'], driftFinding: 'raised' },
    });
    const [finding] = await openFindings();
    expect(finding).toMatchObject({
      kind: 'zone_coverage_lost',
      origin: 'webhook',
      severity: 'high',
      detail: { zoneId: 71, uncoveredZips: ['85001', '85003'], webhookEventId: shrunk.id },
    });

    // The same change reported again does not pile up findings.
    const again = await accepted('tn.dis.zone-updated', exampleData('tn.dis.zone-updated'), {
      tenant,
      secret,
    });
    expect(again.applied).toMatchObject({ driftFinding: 'already_open' });

    const deleted = await accepted('tn.dis.zone-deleted', exampleData('tn.dis.zone-deleted'), {
      tenant,
      secret,
    });
    expect(deleted.applied).toMatchObject({
      driftFinding: 'raised',
      uncoveredZips: ['85020', '85021', '85022', '85028', '85032', '85050'],
    });
    expect((await openFindings()).map((f) => f.kind)).toEqual([
      'zone_coverage_lost',
      'zone_deleted',
    ]);
  });
});

describe('processing lifecycle', () => {
  it('cron re-processes events left pending for over a minute, not younger ones', async () => {
    const leadId = await postLead();
    const event = await accepted(
      'tn.crm.booking-updated',
      bookingData(externalIdForLead(leadId), randomId(), null),
    );
    const young = await accepted('tn.crm.lead-created', exampleData('tn.crm.lead-created'));
    // As if the isolate died before its waitUntil ran: pending, nothing applied, and the lease
    // the event was stored with (a minute from arrival) still on it.
    const reset = `UPDATE webhook_events SET state = 'pending', lead_id = NULL, applied = NULL, received_at = ?, lease_until = ? WHERE id = ?`;
    const deadAt = (receivedMs: number) =>
      [new Date(receivedMs).toISOString(), new Date(receivedMs + 60_000).toISOString()] as const;
    await env.DB.batch([
      env.DB.prepare(reset).bind(...deadAt(Date.now() - 120_000), event.id),
      env.DB.prepare(reset).bind(...deadAt(Date.now()), young.id),
      env.DB.prepare('DELETE FROM lead_outcomes WHERE lead_id = ?').bind(leadId),
    ]);
    await worker.scheduled(
      createScheduledController({ scheduledTime: Date.now(), cron: '*/5 * * * *' }),
      env,
    );
    expect(await adminEvent(event.id)).toMatchObject({ state: 'processed', leadId });
    expect(await adminEvent(young.id)).toMatchObject({ state: 'pending' });
    expect((await leadDetail(leadId)).outcomes.current?.booking).toMatchObject({
      status: 'Converted',
    });
  });

  it('an error keeps the event pending with the error; after the last attempt it is failed', async () => {
    const event = await accepted('tn.crm.lead-created', exampleData('tn.crm.lead-created'));
    await env.DB.prepare(
      // A type this release no longer handles: an error, unlike data off its schema (quarantined).
      `UPDATE webhook_events SET state = 'pending', type = 'tn.crm.lead-merged' WHERE id = ?`,
    )
      .bind(event.id)
      .run();
    await processWebhookEvent(env, event.id);
    const retrying = await env.DB.prepare(
      'SELECT state, note, attempts, lease_until FROM webhook_events WHERE id = ?',
    )
      .bind(event.id)
      .first<{ state: string; note: string; attempts: number; lease_until: string | null }>();
    expect(retrying).toMatchObject({
      state: 'pending',
      attempts: 2,
      note: expect.stringContaining('lead'),
    });
    expect(retrying?.lease_until).not.toBeNull(); // cron waits for the lease before retrying

    await env.DB.prepare('UPDATE webhook_events SET attempts = ?, lease_until = NULL WHERE id = ?')
      .bind(MAX_PROCESSING_ATTEMPTS - 1, event.id)
      .run();
    await processWebhookEvent(env, event.id);
    expect(await adminEvent(event.id)).toMatchObject({ state: 'failed', note: expect.any(String) });
  });

  it('operators re-process failed or unmatched events, not processed ones', async () => {
    const leadId = await postLead();
    const bookingId = randomId();
    const jobId = randomId();
    const early = await accepted('tn.acc.invoice-posted', invoiceData(jobId, '10.00'));
    expect(early.state).toBe('unmatched');
    // Link the job without the automatic re-queue (as if the link came from elsewhere).
    await env.DB.prepare(
      `INSERT INTO lead_outcomes (lead_id, tenant, booking_id, job_id, updated_at) VALUES (?, 'desert-peak', ?, ?, ?)`,
    )
      .bind(leadId, bookingId, jobId, new Date().toISOString())
      .run();
    const res = await call(`/v1/admin/webhook-events/${early.id}/reprocess`, {
      method: 'POST',
      headers: ADMIN,
    });
    expect(res.status).toBe(200);
    expect(
      ((await res.json()) as { event: { state: string; leadId: string } }).event,
    ).toMatchObject({ state: 'processed', leadId });

    const again = await call(`/v1/admin/webhook-events/${early.id}/reprocess`, {
      method: 'POST',
      headers: ADMIN,
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toBe('event_not_reprocessable');
  });
});
