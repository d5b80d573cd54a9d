/**
 * @module
 * The lead submission contract (`POST /v1/leads`), written with `zod/mini` so the widget can
 * import it without paying for full zod. The edge parses with the same schema, but a failing
 * field other than the contact only flags the lead for review: a visitor's request is never lost.
 */
import * as z from 'zod/mini';
import {
  ISO_DATE_PATTERN,
  LEAD_LIMITS as L,
  SUBMISSION_ID,
  TENANT_PATTERN,
  TIME_WINDOWS,
  URGENCIES,
  ZIP_PATTERN,
} from './lead-rules.ts';

// The rules live in lead-rules.ts so the widget can check them without bundling zod.
export { SUBMISSION_ID, TIME_WINDOWS, URGENCIES };
export type Urgency = (typeof URGENCIES)[number];
export type TimeWindow = (typeof TIME_WINDOWS)[number];

const text = (max: number) => z.string().check(z.maxLength(max));
const optionalText = (max: number) => z.optional(text(max));

export const UtmSchema = z.object({
  source: optionalText(L.utm),
  medium: optionalText(L.utm),
  campaign: optionalText(L.utm),
  term: optionalText(L.utm),
  content: optionalText(L.utm),
});

export const ClickIdsSchema = z.object({
  gclid: optionalText(L.clickId),
  gbraid: optionalText(L.clickId),
  wbraid: optionalText(L.clickId),
  fbclid: optionalText(L.clickId),
  msclkid: optionalText(L.clickId),
});

export const TouchSchema = z.object({
  at: optionalText(40),
  landingPage: optionalText(L.url),
  referrer: optionalText(L.url),
  utm: z.optional(UtmSchema),
  clickIds: z.optional(ClickIdsSchema),
});

export const SourceSchema = z.object({
  landingPage: optionalText(L.url),
  referrer: optionalText(L.url),
  utm: z.optional(UtmSchema),
  clickIds: z.optional(ClickIdsSchema),
  firstTouch: z.optional(TouchSchema),
});

export const TitanBindingSchema = z.object({
  jobTypeId: z.optional(z.nullable(z.int())),
  businessUnitId: z.optional(z.nullable(z.int())),
  campaignId: z.optional(z.nullable(z.int())),
  mapVersion: z.optional(z.nullable(text(64))),
});

export const ContactSchema = z.object({
  name: text(L.name).check(z.minLength(1, 'Enter your name')),
  phone: optionalText(L.phone),
  email: optionalText(L.email),
  smsOptIn: z.optional(z.boolean()),
});

export const AddressSchema = z.object({
  street: optionalText(L.street),
  unit: optionalText(L.unit),
  city: optionalText(L.city),
  state: optionalText(L.state),
  zip: z.optional(z.string().check(z.regex(ZIP_PATTERN, 'Enter a 5-digit ZIP code'))),
});

export const PreferredTimeSchema = z.object({
  date: z.string().check(z.regex(ISO_DATE_PATTERN, 'Use YYYY-MM-DD')),
  window: z.enum(TIME_WINDOWS),
});

export const ConsentSchema = z.object({
  text: text(4000),
  version: text(64),
  acceptedAt: optionalText(40),
});

export const LeadSubmissionSchema = z.object({
  tenant: z.string().check(z.regex(TENANT_PATTERN)),
  submissionId: z.string().check(z.regex(SUBMISSION_ID)),
  service: text(L.service).check(z.minLength(1, 'Choose a service')),
  urgency: z.enum(URGENCIES),
  preferredTime: z.optional(PreferredTimeSchema),
  contact: ContactSchema,
  address: z.optional(AddressSchema),
  notes: optionalText(L.notes),
  isFirstTimeClient: z.optional(z.boolean()),
  source: z.optional(SourceSchema),
  titanBinding: z.optional(TitanBindingSchema),
  consent: z.optional(ConsentSchema),
  /** Honeypot: a hidden field that people leave empty and bots fill. */
  hp: optionalText(1000),
  /**
   * Milliseconds between the form appearing and submit, as the client says: kept for review, but
   * the time trap uses the form token's server-side issue time (docs/security.md).
   */
  elapsedMs: z.optional(z.number()),
  /** From `POST /v1/tenants/:tenant/form-token` (edge/leads/form-token.ts). */
  formToken: optionalText(256),
  /** The Cloudflare Turnstile token, when the tenant turned Turnstile on (edge/leads/turnstile.ts). */
  turnstileToken: optionalText(2048),
});

export type LeadSubmission = z.infer<typeof LeadSubmissionSchema>;
export type TitanBinding = z.infer<typeof TitanBindingSchema>;
export type SourceContext = z.infer<typeof SourceSchema>;
export type Consent = z.infer<typeof ConsentSchema>;
