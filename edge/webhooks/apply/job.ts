/**
 * @module
 * Job and appointment events (`tn.jpm.*`): matched to a lead through the job (or booking) a booking
 * event linked, they record the job's number, status, total and completion, and the appointment's
 * times and status.
 */
import type { WebhookEventData } from '../../../shared/webhook-events.ts';
import { eventRefs } from './event-refs.ts';
import { type OutcomeValues, upsertOutcomeStatement } from '../db/lead-outcomes.ts';
import { isSuperseded, matchLeadByJob } from './match-job.ts';
import { type EventInput, isoTime, type Plan, unmatched } from './plan.ts';

type JobEventType =
  'tn.jpm.job-scheduled' | 'tn.jpm.job-rescheduled' | 'tn.jpm.job-completed' | 'tn.jpm.job-updated';

export async function applyJobEvent<T extends JobEventType>(
  type: T,
  input: EventInput<WebhookEventData<T>>,
): Promise<Plan> {
  const refs = eventRefs(type, input.data);
  const match = await matchLeadByJob(input.db, input.tenant, refs);
  if ('unmatchedNote' in match) return unmatched(match.unmatchedNote);

  const { job } = input.data;
  // A completion event without completedOn still says the job was completed when it happened.
  const completedOn =
    isoTime(job.completedOn) ?? (type === 'tn.jpm.job-completed' ? input.eventTime : null);
  const values: OutcomeValues = {
    job_id: job.id,
    booking_id: job.bookingId,
    job_number: job.jobNumber,
    job_status: job.jobStatus,
    job_total: job.total,
    job_completed_on: completedOn,
  };
  if ('appointmentId' in input.data) {
    values.appointment_id = input.data.appointmentId;
    values.appointment_number = input.data.appointmentNumber;
  }
  const leadId = match.outcome.lead_id;
  const superseded = isSuperseded(match.outcome, 'job_at', input.eventTime);
  return {
    result: {
      state: 'processed',
      leadId,
      note: superseded ? 'A newer job event was already applied.' : null,
      applied: {
        jobId: job.id,
        jobNumber: job.jobNumber,
        jobStatus: job.jobStatus,
        total: job.total ?? null,
        completedOn,
        superseded,
      },
    },
    statements: [
      upsertOutcomeStatement(
        input.db,
        { tenant: input.tenant, leadId },
        'job',
        values,
        input.eventTime,
        input.now,
      ),
    ],
    linked: refs,
  };
}

export async function applyAppointmentUpdated(
  input: EventInput<WebhookEventData<'tn.jpm.job-appointment-updated'>>,
): Promise<Plan> {
  const { appointment } = input.data;
  const match = await matchLeadByJob(input.db, input.tenant, {
    jobId: appointment.jobId,
    bookingId: null,
  });
  if ('unmatchedNote' in match) return unmatched(match.unmatchedNote);

  const leadId = match.outcome.lead_id;
  const superseded = isSuperseded(match.outcome, 'appointment_at', input.eventTime);
  const times = {
    start: isoTime(appointment.start),
    end: isoTime(appointment.end),
    arrivalWindowStart: isoTime(appointment.arrivalWindowStart),
    arrivalWindowEnd: isoTime(appointment.arrivalWindowEnd),
  };
  return {
    result: {
      state: 'processed',
      leadId,
      note: superseded ? 'A newer appointment event was already applied.' : null,
      applied: { appointmentId: appointment.id, status: appointment.status, ...times, superseded },
    },
    statements: [
      upsertOutcomeStatement(
        input.db,
        { tenant: input.tenant, leadId },
        'appointment',
        {
          appointment_id: appointment.id,
          appointment_number: appointment.appointmentNumber,
          appointment_status: appointment.status,
          appointment_start: times.start,
          appointment_end: times.end,
          arrival_window_start: times.arrivalWindowStart,
          arrival_window_end: times.arrivalWindowEnd,
        },
        input.eventTime,
        input.now,
      ),
    ],
  };
}
