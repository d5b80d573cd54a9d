/**
 * @module
 * The webhook events PageToJob accepts: the CloudEvents 1.0 envelope ServiceTitan's V2 webhooks
 * send, and the registry of event types with a schema for each type's `data`.
 *
 * Every schema is transcribed from the official OpenAPI components (`CloudEvent_Of_…` and the
 * payload each one references) in ServiceTitan's crm-v2, jpm-v2, accounting-v2 and dispatch-v2
 * files: the same required properties, nullability, types and enums. test/node/
 * webhook-schemas.test.ts checks them against a verbatim copy of those components with ajv.
 *
 * One deliberate difference: the official components say `additionalProperties: false`, but here
 * unknown properties are ignored instead of refused. ServiceTitan adds fields to webhook payloads
 * over time, and a 422 for a new field would make every delivery fail until we shipped a release.
 * The stored event keeps the body as sent, extra fields included.
 *
 * Ids are int64 in the OpenAPI files; JSON numbers in JavaScript are exact up to 2^53, which every
 * ServiceTitan id fits, so `z.int()` (safe integers) is the honest check.
 */
import * as z from 'zod/mini';

/** RFC 3339 date-time with `Z` or an offset (OpenAPI `format: date-time`); any fraction digits. */
const dateTime = z.iso.datetime({ offset: true });

/** An OpenAPI property that is neither required nor non-nullable: absent, null or the value. */
function maybe<T extends z.ZodMiniType>(schema: T) {
  return z.optional(z.nullable(schema));
}

// --- CRM (crm-v2.json) -------------------------------------------------------------------------

const PrioritySchema = z.enum(['Low', 'Normal', 'High', 'Urgent']);

/** Crm.V2.AddressModel */
const CrmAddressSchema = z.object({
  street: z.string(),
  unit: maybe(z.string()),
  city: z.string(),
  state: z.string(),
  zip: z.string(),
  country: z.string(),
});

/** Crm.V2.Webhooks.BookingUpdatedEventBase */
const BookingSchema = z.object({
  id: z.int(),
  source: z.string(),
  createdOn: dateTime,
  name: z.string(),
  address: maybe(CrmAddressSchema),
  customerType: maybe(z.enum(['Residential', 'Commercial'])),
  start: dateTime,
  campaignId: maybe(z.int()),
  businessUnitId: maybe(z.int()),
  isFirstTimeClient: maybe(z.boolean()),
  uploadedImages: maybe(z.array(z.string())),
  isSendConfirmationEmail: maybe(z.boolean()),
  status: z.enum(['New', 'Converted', 'Dismissed', 'Accepted']),
  dismissingReasonId: maybe(z.int()),
  jobId: maybe(z.int()),
  externalId: z.string(),
  priority: maybe(PrioritySchema),
  jobTypeId: maybe(z.int()),
  bookingProviderId: z.int(),
  modifiedOn: dateTime,
  active: z.boolean(),
});

/** Crm.V2.Webhooks.LeadV2WebhookModel (a ServiceTitan CRM lead, not a PageToJob lead) */
const CrmLeadSchema = z.object({
  id: z.int(),
  status: z.enum(['Open', 'Dismissed', 'Converted']),
  priority: PrioritySchema,
  customerId: maybe(z.int()),
  locationId: maybe(z.int()),
  businessUnitId: maybe(z.int()),
  jobTypeId: maybe(z.int()),
  campaignId: z.int(),
  followUpDate: maybe(dateTime),
  createdById: z.int(),
  createdOn: dateTime,
  modifiedOn: dateTime,
  tagTypeIds: maybe(z.array(z.int())),
  dismissingReasonId: maybe(z.int()),
  projectId: maybe(z.int()),
  estimateId: maybe(z.int()),
  customerName: maybe(z.string()),
  phone: maybe(z.string()),
  email: maybe(z.string()),
  address: maybe(CrmAddressSchema),
});

const tenantFields = { tenantId: z.int(), tenantName: z.string() };

/** Crm.V2.Webhooks.BookingUpdatedWebhookPayload */
const BookingUpdatedDataSchema = z.object({ booking: BookingSchema, ...tenantFields });
/** Crm.V2.Webhooks.LeadCreatedWebhook and Crm.V2.Webhooks.LeadUpdatedWebhook (same shape) */
const CrmLeadDataSchema = z.object({ lead: CrmLeadSchema, ...tenantFields });

// --- Jobs and appointments (jpm-v2.json) -------------------------------------------------------

/** Jpm.V2.Webhook.Job */
const JobSchema = z.object({
  id: z.int(),
  jobNumber: z.string(),
  projectId: maybe(z.int()),
  customerId: z.int(),
  locationId: z.int(),
  jobStatus: z.string(),
  completedOn: maybe(dateTime),
  businessUnitId: z.int(),
  jobTypeId: z.int(),
  priority: z.string(),
  campaignId: z.int(),
  appointmentCount: z.int(),
  firstAppointmentId: z.int(),
  lastAppointmentId: z.int(),
  recallForId: maybe(z.int()),
  warrantyId: maybe(z.int()),
  jobGeneratedLeadSource: maybe(z.object({ jobId: maybe(z.int()), employeeId: maybe(z.int()) })),
  noCharge: z.boolean(),
  notificationsEnabled: z.boolean(),
  createdOn: dateTime,
  createdById: z.int(),
  modifiedOn: dateTime,
  tagTypeIds: z.array(z.int()),
  leadCallId: maybe(z.int()),
  partnerLeadCallId: maybe(z.int()),
  bookingId: maybe(z.int()),
  soldById: maybe(z.int()),
  customerPo: z.string(),
  invoiceId: z.int(),
  membershipId: maybe(z.int()),
  total: maybe(z.number()),
  createdFromEstimateId: maybe(z.int()),
  estimateIds: z.array(z.int()),
});

const jobEventFields = {
  job: JobSchema,
  manageEmployeeEmail: maybe(z.boolean()),
  manageFollowUpEmail: maybe(z.boolean()),
  ...tenantFields,
};

/** Jpm.V2.Webhook.Job{Scheduled,Completed,Updated}WebhookEvent (same shape) */
const JobDataSchema = z.object(jobEventFields);
/** Jpm.V2.Webhook.JobRescheduledWebhookEvent */
const JobRescheduledDataSchema = z.object({
  ...jobEventFields,
  appointmentId: z.int(),
  appointmentNumber: z.string(),
});

/** Jpm.V2.Webhook.JobAppointment */
const AppointmentSchema = z.object({
  id: z.int(),
  jobId: z.int(),
  appointmentNumber: maybe(z.string()),
  start: dateTime,
  end: dateTime,
  arrivalWindowStart: maybe(dateTime),
  arrivalWindowEnd: maybe(dateTime),
  status: z.enum(['Scheduled', 'Dispatched', 'Working', 'Hold', 'Done', 'Canceled']),
  specialInstructions: maybe(z.string()),
  createdOn: dateTime,
  modifiedOn: dateTime,
  customerId: z.int(),
  unused: z.boolean(),
  createdById: z.int(),
  isConfirmed: z.boolean(),
  active: z.boolean(),
});

/** Jpm.V2.Webhook.JobAppointmentUpdatedWebhookEvent */
const AppointmentUpdatedDataSchema = z.object({
  appointment: AppointmentSchema,
  ...tenantFields,
});

// --- Invoices (accounting-v2.json) -------------------------------------------------------------

const NamedFieldSchema = z.object({ id: z.int(), name: maybe(z.string()) });
const AccountingAddressSchema = z.object({
  street: maybe(z.string()),
  unit: maybe(z.string()),
  city: maybe(z.string()),
  state: maybe(z.string()),
  zip: maybe(z.string()),
  country: maybe(z.string()),
});

/** Accounting.V2.Webhook.InvoiceEventPayloadModel. Money is a decimal string, kept as text. */
const InvoiceSchema = z.object({
  id: z.int(),
  syncStatus: maybe(z.string()),
  budgetCodeId: maybe(z.int()),
  referenceNumber: maybe(z.string()),
  invoiceDate: maybe(dateTime),
  dueDate: maybe(dateTime),
  subTotal: maybe(z.string()),
  salesTax: maybe(z.string()),
  salesTaxCode: maybe(z.object({ id: z.int(), name: maybe(z.string()), taxRate: z.number() })),
  taxZoneId: maybe(z.int()),
  total: maybe(z.string()),
  balance: maybe(z.string()),
  invoiceType: maybe(NamedFieldSchema),
  customer: maybe(NamedFieldSchema),
  customerAddress: maybe(AccountingAddressSchema),
  location: maybe(NamedFieldSchema),
  locationAddress: maybe(AccountingAddressSchema),
  businessUnit: maybe(NamedFieldSchema),
  termName: maybe(z.string()),
  createdBy: maybe(z.string()),
  batch: maybe(z.object({ id: z.int(), number: maybe(z.string()), name: maybe(z.string()) })),
  depositedOn: maybe(dateTime),
  createdOn: dateTime,
  modifiedOn: maybe(dateTime),
  adjustmentToId: maybe(z.int()),
  job: maybe(z.object({ id: z.int(), number: maybe(z.string()), type: maybe(z.string()) })),
  projectId: maybe(z.int()),
  royalty: maybe(
    z.object({
      status: maybe(z.string()),
      date: maybe(dateTime),
      sentOn: maybe(dateTime),
      memo: maybe(z.string()),
    }),
  ),
  employeeInfo: maybe(z.object({ id: z.int(), name: maybe(z.string()), modifiedOn: dateTime })),
  commissionEligibilityDate: maybe(z.string()),
  sentStatus: z.enum(['NotSent', 'Sent', 'Opened']),
  reviewStatus: z.enum([
    'NeedsReview',
    'OnHold',
    'Reviewed',
    'PendingApproval',
    'Rejected',
    'ReadyForBilling',
    'Invoiced',
  ]),
  assignedTo: maybe(NamedFieldSchema),
});

/** Accounting.V2.Webhook.Invoice{Posted,Updated}EventPayload (same shape) */
const InvoiceDataSchema = z.object({ invoice: InvoiceSchema, ...tenantFields });

// --- Zones (dispatch-v2.json) ------------------------------------------------------------------

/** Dispatch.V2.Webhook.Zone */
const ZoneSchema = z.object({
  id: z.int(),
  name: maybe(z.string()),
  color: maybe(z.string()),
  zips: maybe(z.array(z.string())),
  cities: maybe(z.array(z.string())),
  territoryNumbers: maybe(z.array(z.string())),
  locnNumbers: maybe(z.array(z.string())),
  businessUnits: maybe(z.array(z.int())),
  serviceDaysEnabled: z.boolean(),
  serviceDaysIds: maybe(z.array(z.int())),
  active: z.boolean(),
  maxDriveTimeAdjustment: maybe(z.int()),
});

/** Dispatch.V2.Webhook.Zone{Updated,Deleted}WebhookEvent (same shape) */
const ZoneDataSchema = z.object({ zone: ZoneSchema, ...tenantFields });

// --- Registry ----------------------------------------------------------------------------------

/** Accepted event types and the schema of each one's `data`. Anything else is refused (422). */
export const WEBHOOK_EVENT_DATA_SCHEMAS = {
  'tn.crm.booking-updated': BookingUpdatedDataSchema,
  'tn.crm.lead-created': CrmLeadDataSchema,
  'tn.crm.lead-updated': CrmLeadDataSchema,
  'tn.jpm.job-scheduled': JobDataSchema,
  'tn.jpm.job-rescheduled': JobRescheduledDataSchema,
  'tn.jpm.job-completed': JobDataSchema,
  'tn.jpm.job-updated': JobDataSchema,
  'tn.jpm.job-appointment-updated': AppointmentUpdatedDataSchema,
  'tn.acc.invoice-posted': InvoiceDataSchema,
  'tn.acc.invoice-updated': InvoiceDataSchema,
  'tn.dis.zone-updated': ZoneDataSchema,
  'tn.dis.zone-deleted': ZoneDataSchema,
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_DATA_SCHEMAS;
export type WebhookEventData<T extends WebhookEventType> = z.infer<
  (typeof WEBHOOK_EVENT_DATA_SCHEMAS)[T]
>;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENT_DATA_SCHEMAS) as WebhookEventType[];

export function isWebhookEventType(type: string): type is WebhookEventType {
  return Object.hasOwn(WEBHOOK_EVENT_DATA_SCHEMAS, type);
}

/**
 * CloudEvent_Of_… without `data`'s type: all eight attributes are required. `specversion` must be
 * "1.0" (the only version the envelope describes); ids are bounded so they fit an index.
 */
export const CloudEventEnvelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().check(z.minLength(1), z.maxLength(256)),
  type: z.string().check(z.minLength(1), z.maxLength(200)),
  time: dateTime,
  source: z.string().check(z.minLength(1), z.maxLength(2048)),
  userassignedid: z.string().check(z.minLength(1), z.maxLength(256)),
  datacontenttype: z.string().check(z.minLength(1), z.maxLength(200)),
  data: z.record(z.string(), z.unknown()),
});

/** The `source` ServiceTitan puts on its events. */
export const SERVICETITAN_EVENT_SOURCE = 'https://webhooks.servicetitan.io';

/** The envelope fields `cloudEventEnvelope` sets. */
export interface CloudEventFields {
  specversion: string;
  id: string;
  type: string;
  time: string;
  source: string;
  userassignedid: string;
  datacontenttype: string;
  data: unknown;
}

/**
 * A CloudEvents 1.0 envelope as ServiceTitan's V2 webhooks send it, with fresh ids and the time
 * now; `overrides` replace (or add) fields. The one builder of the CLI (scripts/webhook.ts), the
 * tests and the benchmarks, around the example payloads in examples/webhooks/.
 */
export function cloudEventEnvelope(
  type: string,
  data: unknown,
  overrides: Record<string, unknown> = {},
): CloudEventFields & Record<string, unknown> {
  return {
    specversion: '1.0',
    id: crypto.randomUUID(),
    type,
    time: new Date().toISOString(),
    source: SERVICETITAN_EVENT_SOURCE,
    userassignedid: crypto.randomUUID(),
    datacontenttype: 'application/json',
    data,
    ...overrides,
  };
}
