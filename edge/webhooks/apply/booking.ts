/**
 * @module
 * `tn.crm.booking-updated`: the booking's `externalId` is the handoff id we gave ServiceTitan for
 * one of our leads (edge/handoff/external-id.ts). A match records the booking status and links the
 * booking and its job to the lead; any other externalId, or a lead of another tenant, is unmatched.
 */
import type { WebhookEventData } from '../../../shared/webhook-events.ts';
import { leadIdFromExternalId } from '../../handoff/external-id.ts';
import { leadWithOutcome, upsertOutcomeStatement } from '../db/lead-outcomes.ts';
import { type EventInput, type Plan, unmatched } from './plan.ts';

export async function applyBookingUpdated(
  input: EventInput<WebhookEventData<'tn.crm.booking-updated'>>,
): Promise<Plan> {
  const { booking } = input.data;
  const leadId = leadIdFromExternalId(booking.externalId);
  if (!leadId) return unmatched('The booking externalId was not issued by PageToJob.');
  const lead = await leadWithOutcome(input.db, input.tenant, leadId);
  if (!lead) return unmatched(`No lead "${leadId}" in this tenant matches the booking externalId.`);

  const bookingAt = lead.outcome?.booking_at;
  const superseded = typeof bookingAt === 'string' && bookingAt > input.eventTime;
  const jobId = booking.jobId ?? null;
  return {
    result: {
      state: 'processed',
      leadId,
      note: superseded ? 'A newer booking event was already applied.' : null,
      applied: { bookingId: booking.id, bookingStatus: booking.status, jobId, superseded },
    },
    statements: [
      upsertOutcomeStatement(
        input.db,
        { tenant: input.tenant, leadId },
        'booking',
        { booking_id: booking.id, booking_status: booking.status, job_id: jobId },
        input.eventTime,
        input.now,
      ),
    ],
    linked: { bookingId: booking.id, jobId },
  };
}
