/**
 * @module
 * The notifications contract (docs/notifications.md): the event catalog, the delivery states, the
 * operator inputs of `/v1/admin/notifications` (channel create / edit, delivery filters,
 * redeliver-failed) and the shape of an event body. The URL rules live in
 * edge/notifications/url-safety.ts: they depend on the deployment (local http is allowed in dev).
 */
import * as z from 'zod/mini';
import { PageLimitSchema } from './admin.ts';
import type { LeadClassification } from './api.ts';

/**
 * What a channel can subscribe to. `lead.spam`, `lead.unfinished` (a visitor left the form after
 * typing a phone or email; the tenant opted in) and `webhook_event.unmatched` are never in a
 * default subscription.
 */
export const NOTIFICATION_EVENT_TYPES = [
  'lead.received',
  'lead.needs_review',
  'lead.spam',
  'lead.unfinished',
  'sync_job.failed',
  'sync_job.blocked',
  'drift_finding.opened',
  'webhook_event.unmatched',
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

/**
 * Sent by the system, not subscribable: a test event (to the one channel being tested) and the
 * notice that a webhook endpoint was disabled (to the tenant's email channels).
 */
export const SYSTEM_EVENT_TYPES = ['notification.test', 'channel.disabled'] as const;
export type SystemEventType = (typeof SYSTEM_EVENT_TYPES)[number];
export type AnyEventType = NotificationEventType | SystemEventType;

/**
 * Opt-in only. Unmatched ServiceTitan events are mostly jobs booked by phone, not by the website:
 * by default they would email the office for nearly every event (decision 0092).
 */
const OPT_IN_EVENT_TYPES: readonly NotificationEventType[] = [
  'lead.spam',
  'lead.unfinished',
  'webhook_event.unmatched',
];

/** A channel created without `events` hears of every real lead and every handoff problem. */
export const DEFAULT_EVENT_TYPES: NotificationEventType[] = NOTIFICATION_EVENT_TYPES.filter(
  (type) => !OPT_IN_EVENT_TYPES.includes(type),
);

export const DELIVERY_STATUSES = [
  'pending',
  'delivered',
  'retrying',
  'failed',
  'cancelled',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const CHANNEL_KINDS = ['email', 'webhook'] as const;
export const WEBHOOK_FORMATS = ['standard', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Recipients of one email channel; a short list (an office, not a mailing list). */
export const MAX_EMAIL_RECIPIENTS = 10;

const description = z.optional(
  z.nullable(z.string().check(z.trim(), z.maxLength(200, 'At most 200 characters'))),
);
const events = z
  .array(z.enum(NOTIFICATION_EVENT_TYPES))
  .check(z.minLength(1, 'Subscribe to at least one event'));
const email = z.email('Enter a valid email address').check(z.maxLength(254));
const recipients = z
  .array(email)
  .check(
    z.minLength(1, 'Add at least one recipient'),
    z.maxLength(MAX_EMAIL_RECIPIENTS, `At most ${MAX_EMAIL_RECIPIENTS} recipients`),
  );
/** Syntax only; edge/notifications/url-safety.ts decides whether the URL may be called. */
const url = z.string().check(z.minLength(1, 'Enter a URL'), z.maxLength(2048));
const includeTest = z.optional(z.boolean());

export const CreateChannelBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('email'),
    to: recipients,
    events: z.optional(events),
    description,
    includeTest,
  }),
  z.strictObject({
    kind: z.literal('webhook'),
    url,
    format: z._default(z.enum(WEBHOOK_FORMATS), 'standard'),
    events: z.optional(events),
    description,
    includeTest,
  }),
]);
export type CreateChannelBody = z.infer<typeof CreateChannelBodySchema>;

/** Everything optional; `to` only for email channels and `url` only for webhooks (edge checks). */
export const UpdateChannelBodySchema = z.strictObject({
  to: z.optional(recipients),
  url: z.optional(url),
  events: z.optional(events),
  description,
  includeTest,
  /** true pauses (deliveries wait), false resumes (and re-enables a disabled endpoint). */
  paused: z.optional(z.boolean()),
});
export type UpdateChannelBody = z.infer<typeof UpdateChannelBodySchema>;

const isoInstant = z.iso.datetime({ offset: true });

export const RotateChannelSecretBodySchema = z.strictObject({
  /** How long the old secret keeps signing beside the new one; a day by default, 7 at most. */
  graceSeconds: z._default(z.int().check(z.minimum(0), z.maximum(7 * 86_400)), 86_400),
});

export const RedeliverFailedBodySchema = z.strictObject({ since: isoInstant });

const id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,80}$/));

export const DeliveryListQuerySchema = z.object({
  channel: z.optional(id),
  status: z.optional(z.enum(DELIVERY_STATUSES)),
  event: z.optional(z.enum([...NOTIFICATION_EVENT_TYPES, ...SYSTEM_EVENT_TYPES])),
  lead: z.optional(id),
  cursor: z.optional(z.string().check(z.maxLength(500))),
  limit: PageLimitSchema,
});
export type DeliveryListQuery = z.infer<typeof DeliveryListQuerySchema>;

/** Every event body: Standard Webhooks' recommended `{type, timestamp, data}`. */
export interface NotificationBody<T = Record<string, unknown>> {
  type: AnyEventType;
  /** ISO 8601 UTC: when the event happened. */
  timestamp: string;
  data: T;
}

/** The `data` of the four lead events. */
export interface LeadEventData {
  tenant: string;
  leadId: string;
  status: 'received' | 'needs_review';
  classification: LeadClassification;
  service: { key: string | null; label: string | null };
  urgency: string | null;
  /** In the tenant's zone: the date and window the visitor picked, with the window's label. */
  preferredTime: {
    date: string | null;
    window: string | null;
    label: string | null;
    timezone: string;
  };
  /** `phone` in E.164 (`+16025550123`), `phoneExt` the digits dialed after it connects. */
  contact: {
    name: string | null;
    phone: string | null;
    phoneExt: string | null;
    email: string | null;
    smsOptIn: boolean;
  };
  address: {
    street: string | null;
    unit: string | null;
    city: string | null;
    state: string | null;
    zip: string | null;
  };
  notes: string | null;
  source: {
    utmSource: string | null;
    utmMedium: string | null;
    utmCampaign: string | null;
    landingPage: string | null;
  };
  reviewReasons: string[];
  receivedAt: string;
  consoleUrl: string;
}
