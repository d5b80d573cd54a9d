/**
 * @module
 * Turns a stored event into lead outcomes, after the response (`waitUntil`) or from cron.
 *
 * A processor first claims the event (a lease in D1), so the request's `waitUntil` and cron never
 * apply one event twice; the writes and the new state then go in one batch. Data that does not
 * pass the data check (check-data.ts) is quarantined, not retried. An error leaves the event
 * pending (cron retries it once the lease runs out) until MAX_PROCESSING_ATTEMPTS, then marks it
 * `failed` with the error.
 */
import {
  isWebhookEventType,
  type WebhookEventData,
  type WebhookEventType,
} from '../../../shared/webhook-events.ts';
import { applyBookingUpdated } from './booking.ts';
import { checkEventData } from './check-data.ts';
import { eventRefs } from './event-refs.ts';
import { applyInvoiceEvent } from './invoice.ts';
import { applyAppointmentUpdated, applyJobEvent } from './job.ts';
import { applyZoneEvent } from './zone.ts';
import {
  type ClaimedEvent,
  claimEvent,
  finishStatement,
  quarantine,
  recordFailure,
  requeueUnmatched,
} from '../db/events.ts';
import { type EventInput, type Plan, unmatched } from './plan.ts';
import { announce } from '../../notifications/queue.ts';

export const MAX_PROCESSING_ATTEMPTS = 5;

type Handler<T extends WebhookEventType> = (
  input: EventInput<WebhookEventData<T>>,
) => Promise<Plan>;

/**
 * A ServiceTitan CRM lead carries nothing we issued (no externalId): linking it to one of our
 * leads by name, phone or email would be a guess.
 */
async function crmLeadEvent(): Promise<Plan> {
  return unmatched('ServiceTitan CRM leads carry no PageToJob id to match.');
}

/** How each registered event type is processed. */
const HANDLERS: { [T in WebhookEventType]: Handler<T> } = {
  'tn.crm.booking-updated': applyBookingUpdated,
  'tn.crm.lead-created': crmLeadEvent,
  'tn.crm.lead-updated': crmLeadEvent,
  'tn.jpm.job-scheduled': (input) => applyJobEvent('tn.jpm.job-scheduled', input),
  'tn.jpm.job-rescheduled': (input) => applyJobEvent('tn.jpm.job-rescheduled', input),
  'tn.jpm.job-completed': (input) => applyJobEvent('tn.jpm.job-completed', input),
  'tn.jpm.job-updated': (input) => applyJobEvent('tn.jpm.job-updated', input),
  'tn.jpm.job-appointment-updated': applyAppointmentUpdated,
  'tn.acc.invoice-posted': (input) => applyInvoiceEvent('tn.acc.invoice-posted', input),
  'tn.acc.invoice-updated': (input) => applyInvoiceEvent('tn.acc.invoice-updated', input),
  'tn.dis.zone-updated': (input) => applyZoneEvent('tn.dis.zone-updated', input),
  'tn.dis.zone-deleted': (input) => applyZoneEvent('tn.dis.zone-deleted', input),
};

/** Claims a pending event and processes it (cron, operator retry, re-matching). */
export async function processWebhookEvent(
  env: Env,
  eventId: string,
  now = new Date(),
): Promise<void> {
  const claimed = await claimEvent(env.DB, eventId, now);
  if (claimed) await processClaimedEvent(env, claimed, now);
}

/** Processes an event this processor holds the lease of. */
async function processClaimedEvent(env: Env, claimed: ClaimedEvent, now: Date): Promise<void> {
  const db = env.DB;
  const eventId = claimed.id;
  let linked: Plan['linked'];
  try {
    if (!isWebhookEventType(claimed.type))
      throw new Error(`event type ${claimed.type} is no longer registered`);
    const envelope = JSON.parse(claimed.envelope) as { data: unknown };
    const check = checkEventData(claimed.type, envelope.data);
    if (!check.ok) {
      const note = `The data does not match the ${claimed.type} schema; not applied.`;
      await quarantine(db, eventId, check.issues, note, now);
      return;
    }
    const handler = HANDLERS[claimed.type] as Handler<WebhookEventType>;
    const outcome = await handler({
      db,
      tenant: claimed.tenant,
      eventId,
      data: check.data,
      eventTime: claimed.event_time,
      now,
    });
    const checked = {
      issues: check.tolerated.length > 0 ? check.tolerated : null,
      refs: eventRefs(claimed.type, check.data),
    };
    await db.batch([
      ...outcome.statements,
      finishStatement(db, eventId, outcome.result, checked, now),
    ]);
    linked = outcome.result.state === 'processed' ? outcome.linked : undefined;
    if (outcome.result.state === 'unmatched') await announce('webhook_event', eventId);
  } catch (err) {
    const message = (err as Error).message.slice(0, 500);
    console.error('webhook event processing failed', eventId, message);
    const giveUp = claimed.attempts >= MAX_PROCESSING_ATTEMPTS;
    await recordFailure(db, eventId, message, giveUp, now).catch((e: Error) =>
      console.error('webhook event failure not recorded', eventId, e.message),
    );
    return;
  }
  if (linked) {
    for (const id of await requeueUnmatched(db, claimed.tenant, linked)) {
      await processWebhookEvent(env, id, now);
    }
  }
}

/**
 * For `waitUntil` after the request that stored the event (born claimed, see `insertEvent`):
 * processing errors are recorded on the event, never thrown at the runtime.
 */
export function processInBackground(env: Env, claimed: ClaimedEvent): Promise<void> {
  return processClaimedEvent(env, claimed, new Date()).catch((err: Error) =>
    console.error('webhook event processing crashed', claimed.id, err.message),
  );
}
