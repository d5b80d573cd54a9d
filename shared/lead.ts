/**
 * @module
 * The lead submission contract (`POST /v1/leads`), written with `zod/mini` so the widget can
 * import it without paying for full zod. The edge parses with the same schema, but a failing
 * field other than the contact only flags the lead for review: a visitor's request is never lost.
 */
import * as z from 'zod/mini';

export const URGENCIES = ['emergency', 'soon', 'flexible'] as const;
export const TIME_WINDOWS = ['morning', 'afternoon', 'evening', 'anytime'] as const;
export type Urgency = (typeof URGENCIES)[number];
export type TimeWindow = (typeof TIME_WINDOWS)[number];

const text = (max: number) => z.string().check(z.maxLength(max));
const optionalText = (max: number) => z.optional(text(max));

export const UtmSchema = z.object({
  source: optionalText(200),
  medium: optionalText(200),
  campaign: optionalText(200),
  term: optionalText(200),
  content: optionalText(200),
});

export const ClickIdsSchema = z.object({
  gclid: optionalText(512),
  gbraid: optionalText(512),
  wbraid: optionalText(512),
  fbclid: optionalText(512),
  msclkid: optionalText(512),
});

export const TouchSchema = z.object({
  at: optionalText(40),
  landingPage: optionalText(2048),
  referrer: optionalText(2048),
  utm: z.optional(UtmSchema),
  clickIds: z.optional(ClickIdsSchema),
});

export const SourceSchema = z.object({
  landingPage: optionalText(2048),
  referrer: optionalText(2048),
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
  name: text(200).check(z.minLength(1, 'Enter your name')),
  phone: optionalText(40),
  email: optionalText(254),
  smsOptIn: z.optional(z.boolean()),
});

export const AddressSchema = z.object({
  street: optionalText(200),
  unit: optionalText(50),
  city: optionalText(100),
  state: optionalText(50),
  zip: z.optional(z.string().check(z.regex(/^\d{5}(-\d{4})?$/, 'Enter a 5-digit ZIP code'))),
});

export const PreferredTimeSchema = z.object({
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD')),
  window: z.enum(TIME_WINDOWS),
});

export const ConsentSchema = z.object({
  text: text(4000),
  version: text(64),
  acceptedAt: optionalText(40),
});

export const SUBMISSION_ID = /^[A-Za-z0-9_-]{8,128}$/;

export const LeadSubmissionSchema = z.object({
  tenant: z.string().check(z.regex(/^[a-z0-9-]{2,64}$/)),
  submissionId: z.string().check(z.regex(SUBMISSION_ID)),
  service: text(100).check(z.minLength(1, 'Choose a service')),
  urgency: z.enum(URGENCIES),
  preferredTime: z.optional(PreferredTimeSchema),
  contact: ContactSchema,
  address: z.optional(AddressSchema),
  notes: optionalText(2000),
  isFirstTimeClient: z.optional(z.boolean()),
  source: z.optional(SourceSchema),
  titanBinding: z.optional(TitanBindingSchema),
  consent: z.optional(ConsentSchema),
  /** Honeypot: a hidden field that people leave empty and bots fill. */
  hp: optionalText(1000),
  /** Milliseconds between the form appearing and submit; implausibly fast submits are spam. */
  elapsedMs: z.optional(z.number()),
});

export type LeadSubmission = z.infer<typeof LeadSubmissionSchema>;
export type TitanBinding = z.infer<typeof TitanBindingSchema>;
export type SourceContext = z.infer<typeof SourceSchema>;
