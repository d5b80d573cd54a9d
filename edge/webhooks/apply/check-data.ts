/**
 * @module
 * Whether a signed event's `data` can be applied to outcomes. Data that matches its type's schema
 * can. Data that does not is the sender's fact all the same: the event is stored `quarantined`
 * with the schema's issues and applied only once an operator re-processes it after the schema
 * changed — except where every issue is a null in a field processing never reads (a booking's
 * `start` for a booking with no time yet): then the fields processing does read are valid, the
 * event is applied, and the issues are kept on it (decision 0042).
 *
 * The same check runs when the event is received and each time it is processed, so the rule
 * cannot differ between the two.
 */
import type { Issue } from '../../../shared/api.ts';
import { toIssues } from '../../../shared/query.ts';
import {
  WEBHOOK_EVENT_DATA_SCHEMAS,
  type WebhookEventData,
  type WebhookEventType,
} from '../../../shared/webhook-events.ts';

const JOB_FIELDS = [
  'job.id',
  'job.bookingId',
  'job.jobNumber',
  'job.jobStatus',
  'job.total',
  'job.completedOn',
];
const APPOINTMENT_FIELDS = ['appointmentId', 'appointmentNumber'];
const INVOICE_FIELDS = [
  'invoice.id',
  'invoice.job.id',
  'invoice.adjustmentToId',
  'invoice.subTotal',
  'invoice.salesTax',
  'invoice.total',
  'invoice.balance',
];
const ZONE_FIELDS = ['zone.id', 'zone.name', 'zone.active', 'zone.zips'];

/**
 * The `data` fields processing reads (edge/webhooks/apply/*, event-refs.ts), per type. A null
 * the schema forbids anywhere else does not keep an event from being applied. Keep in step with
 * the handlers: a field a handler starts reading belongs here.
 */
export const FIELDS_READ: { [T in WebhookEventType]: readonly string[] } = {
  'tn.crm.booking-updated': ['booking.id', 'booking.externalId', 'booking.status', 'booking.jobId'],
  'tn.crm.lead-created': [],
  'tn.crm.lead-updated': [],
  'tn.jpm.job-scheduled': JOB_FIELDS,
  'tn.jpm.job-rescheduled': [...JOB_FIELDS, ...APPOINTMENT_FIELDS],
  'tn.jpm.job-completed': JOB_FIELDS,
  'tn.jpm.job-updated': JOB_FIELDS,
  'tn.jpm.job-appointment-updated': [
    'appointment.id',
    'appointment.jobId',
    'appointment.appointmentNumber',
    'appointment.status',
    'appointment.start',
    'appointment.end',
    'appointment.arrivalWindowStart',
    'appointment.arrivalWindowEnd',
  ],
  'tn.acc.invoice-posted': INVOICE_FIELDS,
  'tn.acc.invoice-updated': INVOICE_FIELDS,
  'tn.dis.zone-updated': ZONE_FIELDS,
  'tn.dis.zone-deleted': ZONE_FIELDS,
};

export type DataCheck<T extends WebhookEventType> =
  { ok: true; data: WebhookEventData<T>; tolerated: Issue[] } | { ok: false; issues: Issue[] };

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A null the schema forbids, at a path that is not (and does not hold) a field processing reads. */
function isToleratedNull(type: WebhookEventType, data: unknown, issue: Issue): boolean {
  const path = issue.path.slice(1); // without the leading "data"
  if (valueAt(data, path) !== null) return false;
  const dotted = path.join('.');
  return !FIELDS_READ[type].some((field) => field === dotted || field.startsWith(`${dotted}.`));
}

export function checkEventData<T extends WebhookEventType>(type: T, data: unknown): DataCheck<T> {
  const parsed = WEBHOOK_EVENT_DATA_SCHEMAS[type].safeParse(data);
  if (parsed.success) return { ok: true, data: parsed.data as WebhookEventData<T>, tolerated: [] };
  const issues = toIssues(parsed.error, ['data']);
  if (!issues.every((issue) => isToleratedNull(type, data, issue))) return { ok: false, issues };
  // Every field processing reads is valid; the forbidden nulls are in fields it never touches.
  return { ok: true, data: data as WebhookEventData<T>, tolerated: issues };
}
