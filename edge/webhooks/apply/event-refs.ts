/**
 * @module
 * The ServiceTitan booking and job an event is about, read from its validated `data`. These are
 * the only keys events are linked to leads by: a booking's `externalId` names our lead, the
 * booking names its job, and job, appointment and invoice events name the job.
 */
import type { WebhookEventData, WebhookEventType } from '../../../shared/webhook-events.ts';

export interface EventRefs {
  bookingId: number | null;
  jobId: number | null;
}

export function eventRefs(type: WebhookEventType, data: unknown): EventRefs {
  switch (type) {
    case 'tn.crm.booking-updated': {
      const { booking } = data as WebhookEventData<typeof type>;
      return { bookingId: booking.id, jobId: booking.jobId ?? null };
    }
    case 'tn.jpm.job-scheduled':
    case 'tn.jpm.job-rescheduled':
    case 'tn.jpm.job-completed':
    case 'tn.jpm.job-updated': {
      const { job } = data as WebhookEventData<typeof type>;
      return { bookingId: job.bookingId ?? null, jobId: job.id };
    }
    case 'tn.jpm.job-appointment-updated': {
      const { appointment } = data as WebhookEventData<typeof type>;
      return { bookingId: null, jobId: appointment.jobId };
    }
    case 'tn.acc.invoice-posted':
    case 'tn.acc.invoice-updated': {
      const { invoice } = data as WebhookEventData<typeof type>;
      return { bookingId: null, jobId: invoice.job?.id ?? null };
    }
    case 'tn.crm.lead-created':
    case 'tn.crm.lead-updated':
    case 'tn.dis.zone-updated':
    case 'tn.dis.zone-deleted':
      return { bookingId: null, jobId: null };
  }
}
