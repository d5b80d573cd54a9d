/**
 * A signed, new event of a known type whose `data` is off its schema: stored `quarantined` with
 * the schema's issues and answered 202 (never refused: the sender would retry and give up), not
 * applied, deduplicated like any other, listed for operators and re-processed by one (audited).
 * A null the schema forbids in a field processing does not read is applied, issues kept.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { externalIdForLead } from '../../../edge/handoff/external-id.ts';
import { checkEventData, FIELDS_READ } from '../../../edge/webhooks/apply/check-data.ts';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../../shared/webhook-events.ts';
import { ADMIN, bearer, call, getJson, postLead } from '../../helpers/api.ts';
import { copyDemoTenant, mintOperatorToken } from '../../helpers/ops.ts';
import {
  adminEvent,
  deliver,
  envelope,
  exampleData,
  rejectionFor,
  sendEvent,
  signedHeaders,
} from '../../helpers/webhooks.ts';

type Booking = { booking: Record<string, unknown> };

interface Answer {
  status: string;
  eventId: string;
  state: string;
  issues?: { path: (string | number)[]; code: string }[];
}

/** A booking-updated for a fresh lead, with `change` applied to its booking. */
async function bookingEvent(change: (booking: Record<string, unknown>) => void) {
  const leadId = await postLead();
  const data = exampleData<Booking>('tn.crm.booking-updated');
  Object.assign(data.booking, { externalId: externalIdForLead(leadId), jobId: null });
  change(data.booking);
  const event = envelope('tn.crm.booking-updated', data);
  const body = JSON.stringify(event);
  const headers = await signedHeaders(body);
  const response = await deliver({ body, headers });
  return { leadId, event, body, headers, response, answer: (await response.json()) as Answer };
}

async function bookingOutcome(leadId: string) {
  const { body } = await getJson<{ outcomes: { current: { booking: unknown } | null } }>(
    `/v1/admin/leads/${leadId}`,
  );
  return body.outcomes.current?.booking ?? null;
}

function reprocess(id: string, headers: Record<string, string> = ADMIN) {
  return call(`/v1/admin/webhook-events/${id}/reprocess`, { method: 'POST', headers });
}

describe('data off its schema', () => {
  it('is stored quarantined with its issues, answered 202, never applied, not a rejection', async () => {
    const sent = await bookingEvent((booking) => {
      booking.status = 'Booked';
    });
    expect(sent.response.status).toBe(202);
    expect(sent.answer).toMatchObject({ status: 'accepted', state: 'quarantined' });
    expect(sent.answer.issues?.map((issue) => issue.path)).toEqual([['data', 'booking', 'status']]);
    const stored = await adminEvent(sent.answer.eventId);
    expect(stored).toMatchObject({
      state: 'quarantined',
      leadId: null,
      applied: null,
      issues: [{ path: ['data', 'booking', 'status'], code: 'invalid_value' }],
    });
    expect(await bookingOutcome(sent.leadId)).toBeNull();
    // Stored once, as an event: the delivery is not also counted as a rejection.
    expect(await rejectionFor(sent.headers['webhook-id'] as string)).toBeUndefined();

    const { body } = await getJson<{ events: { id: string }[] }>(
      '/v1/admin/webhook-events?state=quarantined&tenant=desert-peak',
    );
    expect(body.events.map((e) => e.id)).toContain(sent.answer.eventId);
  });

  it('is deduplicated like any other event: redeliveries are 409', async () => {
    const sent = await bookingEvent((booking) => {
      booking.status = 'Booked';
    });
    const again = await deliver({ body: sent.body, headers: sent.headers });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'duplicate_webhook_id' });
    const redelivery = JSON.stringify({ ...sent.event, id: crypto.randomUUID() });
    const other = await deliver({ body: redelivery, headers: await signedHeaders(redelivery) });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ error: 'duplicate_occurrence' });
    const { n } = (await env.DB.prepare(
      'SELECT count(*) AS n FROM webhook_events WHERE occurrence_id = ?',
    )
      .bind(sent.event.userassignedid)
      .first<{ n: number }>())!;
    expect(n).toBe(1);
  });

  it('a null in a field processing reads is quarantined', async () => {
    const sent = await bookingEvent((booking) => {
      booking.externalId = null;
    });
    expect(sent.answer.state).toBe('quarantined');
  });

  it('a null only in fields processing does not read (booking.start) is applied, issues kept', async () => {
    const sent = await bookingEvent((booking) => {
      booking.start = null;
    });
    expect(sent.response.status).toBe(202);
    expect(sent.answer).toMatchObject({
      state: 'pending',
      issues: [{ path: ['data', 'booking', 'start'], code: 'invalid_type' }],
    });
    expect(await adminEvent(sent.answer.eventId)).toMatchObject({
      state: 'processed',
      leadId: sent.leadId,
      issues: [{ path: ['data', 'booking', 'start'] }],
    });
    expect(await bookingOutcome(sent.leadId)).toMatchObject({ status: 'Converted' });
  });
});

/** The example data of `type` with every property that is not (and holds no) read field nulled. */
function nullEverythingUnread(type: WebhookEventType): Record<string, unknown> {
  const read = FIELDS_READ[type];
  const walk = (value: Record<string, unknown>, prefix: string) => {
    for (const key of Object.keys(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const child = value[key];
      if (
        read.some((field) => field.startsWith(`${path}.`)) &&
        child &&
        typeof child === 'object'
      ) {
        walk(child as Record<string, unknown>, path);
      } else if (!read.includes(path)) {
        value[key] = null;
      }
    }
  };
  const data = exampleData(type);
  walk(data, '');
  return data;
}

describe('the fields processing reads (FIELDS_READ)', () => {
  it.each(WEBHOOK_EVENT_TYPES)(
    '%s: nulls everywhere else are tolerated and processing copes with them',
    async (type) => {
      const data = nullEverythingUnread(type);
      expect(checkEventData(type, data).ok).toBe(true);
      const sent = await sendEvent(type, data);
      expect(sent.status).toBe(202);
      const stored = await adminEvent(sent.body.eventId as string);
      // Applied or (no lead links these ids) unmatched, never an error or left pending.
      expect(['processed', 'unmatched'], stored.note ?? '').toContain(stored.state);
    },
  );
});

describe('re-processing a quarantined event', () => {
  it('stays quarantined while the data is off its schema, is applied once it passes, audited', async () => {
    const sent = await bookingEvent((booking) => {
      booking.status = 'Booked';
    });
    const id = sent.answer.eventId;
    const still = await reprocess(id);
    expect(still.status).toBe(200);
    expect(((await still.json()) as { event: unknown }).event).toMatchObject({
      state: 'quarantined',
      issues: [{ path: ['data', 'booking', 'status'] }],
    });

    // As if the schema had changed to accept the value: the stored data now passes.
    const fixed = structuredClone(sent.event) as { data: Booking };
    fixed.data.booking.status = 'Converted';
    await env.DB.prepare('UPDATE webhook_events SET envelope = ? WHERE id = ?')
      .bind(JSON.stringify(fixed), id)
      .run();
    const applied = await reprocess(id);
    expect(applied.status).toBe(200);
    expect(((await applied.json()) as { event: unknown }).event).toMatchObject({
      state: 'processed',
      leadId: sent.leadId,
      issues: null,
    });
    expect(await bookingOutcome(sent.leadId)).toMatchObject({ status: 'Converted' });

    const { body } = await getJson<{ audit: { action: string; actor: string; detail: unknown }[] }>(
      `/v1/admin/webhook-events/${id}`,
    );
    expect(body.audit).toMatchObject([
      {
        action: 'webhook_event.reprocessed',
        actor: 'admin',
        detail: { fromState: 'quarantined', toState: 'quarantined' },
      },
      {
        action: 'webhook_event.reprocessed',
        actor: 'admin',
        detail: { fromState: 'quarantined', toState: 'processed' },
      },
    ]);
    expect((await reprocess(id)).status).toBe(409);
  });

  it("another tenant's operator cannot re-process it", async () => {
    const sent = await bookingEvent((booking) => {
      booking.status = 'Booked';
    });
    await copyDemoTenant('quarantine-other');
    const token = await mintOperatorToken('quarantine-other');
    const res = await reprocess(sent.answer.eventId, bearer(token));
    expect(res.status).toBe(403);
    expect((await adminEvent(sent.answer.eventId)).state).toBe('quarantined');
  });
});
