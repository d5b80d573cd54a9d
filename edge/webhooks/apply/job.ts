/**
 * @module
 * Job and appointment events (`tn.jpm.*`): matched to a lead through the job (or booking) a booking
 * event linked, they record the job's number, status, total and completion, and the appointment's
 * times and status. The appointment fields have one owner, the appointment group of the outcome,
 * whether a reschedule or an appointment update sets them.
 */
import type { WebhookEventData } from '../../../shared/webhook-events.ts';
import { eventRefs } from './event-refs.ts';
import { upsertOutcomeStatement } from '../db/lead-outcomes.ts';
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
  const leadId = match.outcome.lead_id;
  const target = { tenant: input.tenant, leadId };
  const superseded = isSuperseded(match.outcome, 'job_at', input.eventTime);
  const statements = [
    upsertOutcomeStatement(
      input.db,
      target,
      'job',
      {
        job_id: job.id,
        booking_id: job.bookingId,
        job_number: job.jobNumber,
        job_status: job.jobStatus,
        job_total: job.total,
        job_completed_on: completedOn,
      },
      input.eventTime,
      input.now,
    ),
  ];
  // A reschedule names the job's new appointment: that belongs to the appointment group, with
  // the appointment's own clock, so a late update about the old appointment cannot roll it back.
  let appointment: Record<string, unknown> | undefined;
  if ('appointmentId' in input.data) {
    const { appointmentId, appointmentNumber } = input.data;
    const appointmentSuperseded = isSuperseded(match.outcome, 'appointment_at', input.eventTime);
    appointment = {
      id: appointmentId,
      number: appointmentNumber,
      superseded: appointmentSuperseded,
    };
    statements.push(
      upsertOutcomeStatement(
        input.db,
        target,
        'appointment',
        { appointment_id: appointmentId, appointment_number: appointmentNumber },
        input.eventTime,
        input.now,
      ),
    );
  }
  return {
    result: {
      state: 'processed',
      leadId,
      note: superseded
        ? 'A newer job event was already applied.'
        : appointment?.superseded
          ? 'A newer appointment event was already applied; the appointment was left as it was.'
          : null,
      applied: {
        jobId: job.id,
        jobNumber: job.jobNumber,
        jobStatus: job.jobStatus,
        total: job.total ?? null,
        completedOn,
        superseded,
        ...(appointment && { appointment }),
      },
    },
    statements,
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
