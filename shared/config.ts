/**
 * @module
 * The widget configuration served by `GET /v1/tenants/:tenant/config`: everything the widget
 * renders from. Stored per tenant in D1 (`tenants.widget_config`) and validated on the way out.
 */
import * as z from 'zod/mini';
import { TIME_WINDOWS, URGENCIES } from './lead.ts';

const PRIORITIES = ['Low', 'Normal', 'High', 'Urgent'] as const;
export type TitanPriority = (typeof PRIORITIES)[number];

export const ServiceSchema = z.object({
  key: z.string().check(z.regex(/^[a-z0-9-]{1,100}$/)),
  label: z.string(),
  labelEs: z.optional(z.string()),
  description: z.optional(z.string()),
  descriptionEs: z.optional(z.string()),
  urgencies: z.array(z.enum(URGENCIES)),
});

export const BindingSchema = z.object({
  jobTypeId: z.nullable(z.int()),
  businessUnitId: z.nullable(z.int()),
  campaignId: z.nullable(z.int()),
  mapVersion: z.string(),
});

/** A service as served to the widget: its Titan binding attached when the published map has one. */
export const ServedServiceSchema = z.extend(ServiceSchema, {
  titanBinding: z.nullable(BindingSchema),
});

const HHMM = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/));

export const BusinessHoursSchema = z.object({
  /** 0 = Sunday … 6 = Saturday; days absent are closed. */
  days: z.array(z.int().check(z.minimum(0), z.maximum(6))),
  open: HHMM,
  close: HHMM,
});

export const WindowSchema = z.object({
  key: z.enum(TIME_WINDOWS),
  label: z.string(),
  labelEs: z.optional(z.string()),
  start: z.optional(HHMM),
  end: z.optional(HHMM),
  /** Real requests a day this window takes; once reached the widget stops offering it. */
  capacity: z.optional(z.int().check(z.minimum(1), z.maximum(1000))),
});

const ISO_DAY = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/** A day the office is closed: not offered by the widget, flagged by the edge. */
export const ClosureSchema = z.object({
  date: ISO_DAY,
  label: z.optional(z.string()),
});

/** How soon a request may be for: e.g. no same-day request after 14:00 local. */
export const LeadTimeSchema = z.object({
  /** Hours between now and the start of the earliest window offered. */
  minHours: z.optional(z.int().check(z.minimum(0), z.maximum(168))),
  /** After this local time, today is no longer offered. */
  sameDayCutoff: z.optional(HHMM),
});

/** Shown with the office phone instead of the next step when the ZIP is outside the area. */
export const OutOfAreaSchema = z.object({
  text: z.string(),
  textEs: z.optional(z.string()),
});

export const TENANT_STATUSES = ['active', 'paused', 'archived'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export const BrandingSchema = z.object({
  primaryColor: z.string(),
  accentColor: z.optional(z.string()),
  textColor: z.optional(z.string()),
  backgroundColor: z.optional(z.string()),
  radius: z.optional(z.string()),
  fontFamily: z.optional(z.string()),
  logoUrl: z.optional(z.string()),
  buttonLabel: z.optional(z.string()),
});

export const ConsentConfigSchema = z.object({
  text: z.string(),
  textEs: z.optional(z.string()),
  version: z.string(),
});

/** What the tenant row stores: the config minus the bindings, which come from the Titan Map. */
export const StoredWidgetConfigSchema = z.object({
  services: z.array(ServiceSchema),
  windows: z.array(WindowSchema),
  businessHours: BusinessHoursSchema,
  serviceAreaZips: z.array(z.string()),
  emergencyPhone: z.string(),
  consent: ConsentConfigSchema,
  branding: BrandingSchema,
  locales: z.array(z.enum(['en', 'es'])),
  closures: z.optional(z.array(ClosureSchema)),
  leadTime: z.optional(LeadTimeSchema),
  outOfArea: z.optional(OutOfAreaSchema),
  /** The office line shown on the out-of-area and paused cards (emergency phone if absent). */
  officePhone: z.optional(z.string()),
  /** Contacts the contractor uses for testing: their leads are classified `test`. */
  testContacts: z.optional(z.object({ phones: z.array(z.string()), emails: z.array(z.string()) })),
});

export const WidgetConfigSchema = z.object({
  tenant: z.string(),
  name: z.string(),
  timezone: z.string(),
  mapVersion: z.nullable(z.string()),
  services: z.array(ServedServiceSchema),
  windows: z.array(WindowSchema),
  businessHours: BusinessHoursSchema,
  serviceAreaZips: z.array(z.string()),
  emergencyPhone: z.string(),
  consent: ConsentConfigSchema,
  branding: BrandingSchema,
  locales: z.array(z.enum(['en', 'es'])),
  closures: z.optional(z.array(ClosureSchema)),
  leadTime: z.optional(LeadTimeSchema),
  /** The tenant's message, or the default (shared/public-config.ts): always there to render. */
  outOfArea: OutOfAreaSchema,
  /** The office line: the emergency phone when the tenant set none. */
  officePhone: z.string(),
  /**
   * What the widget may offer (shared/slots.ts): the next bookable days' (date, window index)
   * pairs past hours, horizon, closures, lead time and capacity, each with the instant (epoch ms)
   * it stops being offerable.
   */
  slots: z.array(z.object({ date: ISO_DAY, window: z.int(), until: z.number() })),
  /** `paused` and `archived` widgets show a card with the office phone instead of the form. */
  status: z.optional(z.enum(TENANT_STATUSES)),
  /** Paused or archived only: the text shown, with the office phone, instead of the form. */
  closed: z.optional(OutOfAreaSchema),
});

export type StoredWidgetConfig = z.infer<typeof StoredWidgetConfigSchema>;
export type WidgetConfig = z.infer<typeof WidgetConfigSchema>;
export type ServedService = z.infer<typeof ServedServiceSchema>;
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;
export type TimeWindowConfig = z.infer<typeof WindowSchema>;
export { PRIORITIES };
