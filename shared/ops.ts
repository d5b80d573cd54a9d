/**
 * @module
 * Inputs of the operator-console API: operator tokens, retention settings, erasure requests,
 * reports and the CSV export. Written with `zod/mini` like the rest of `shared/`; the console
 * imports the constants and types, the edge validates with the schemas.
 */
import * as z from 'zod/mini';
import { TenantSlugSchema } from './tenant.ts';
import { LeadListFiltersSchema } from './admin.ts';
import { ISO_DATE_PATTERN } from './lead-rules.ts';

export const OperatorTokenCreateSchema = z.object({
  tenant: TenantSlugSchema,
  /** Who or what holds the token, e.g. "Front office laptop". */
  label: z.string().check(z.trim(), z.minLength(1, 'Give the token a label'), z.maxLength(100)),
  /** When the token stops working (ISO date-time with an offset); none by default. */
  expiresAt: z.optional(
    z.iso.datetime({
      offset: true,
      error: 'expiresAt must be an ISO date-time, e.g. 2027-01-31T17:00:00Z',
    }),
  ),
});

export const OperatorTokenListQuerySchema = z.object({ tenant: z.optional(TenantSlugSchema) });

/** Retention bounds: at least a month (operators need time to act), at most ten years. */
export const RETENTION_DAYS = { min: 30, max: 3650, default: 730 } as const;

export const RetentionUpdateSchema = z.object({
  retentionDays: z
    .int()
    .check(
      z.minimum(RETENTION_DAYS.min, `retentionDays must be at least ${RETENTION_DAYS.min}`),
      z.maximum(RETENTION_DAYS.max, `retentionDays must be at most ${RETENTION_DAYS.max}`),
    ),
});

/** "Delete everything for one contact": the phone, the email, or both (either one matches). */
export const ContactErasureSchema = z
  .object({
    tenant: TenantSlugSchema,
    phone: z.optional(z.string().check(z.maxLength(40))),
    email: z.optional(z.string().check(z.maxLength(254))),
  })
  .check(
    z.refine((value) => Boolean(value.phone || value.email), 'Give a phone number or an email'),
  );

export const IsoDaySchema = z.string().check(
  z.regex(ISO_DATE_PATTERN, 'Use a YYYY-MM-DD date'),
  // Date.parse rolls 2026-02-30 over to March 2: only a date that survives the round trip is real.
  z.refine(
    (s) => new Date(Date.parse(`${s}T00:00:00Z`) || 0).toISOString().slice(0, 10) === s,
    'Not a calendar date',
  ),
);

export const REPORT_GROUPS = ['source', 'campaign', 'service'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

/** The longest date range one report covers, in days. */
export const REPORT_MAX_DAYS = 366;

/** Whether a period of whole days, `from` and `to` both included, is within the reports' cap. */
export const withinReportMax = (from: string, to: string): boolean =>
  (Date.parse(to) - Date.parse(from)) / 86_400_000 < REPORT_MAX_DAYS;

/** `from` and `to` are whole days in the tenant's time zone, both included. */
export const ReportQuerySchema = z
  .object({
    tenant: z.optional(TenantSlugSchema),
    from: IsoDaySchema,
    to: IsoDaySchema,
    groupBy: z._default(z.enum(REPORT_GROUPS), 'source'),
  })
  .check(
    z.refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] }),
    z.refine((q) => withinReportMax(q.from, q.to), {
      message: `A report covers at most ${REPORT_MAX_DAYS} days`,
      path: ['to'],
    }),
  );

/** The CSV export takes the leads list's filters (no cursor: it exports every matching row). */
export const LeadExportQuerySchema = LeadListFiltersSchema;

export type OperatorTokenCreate = z.infer<typeof OperatorTokenCreateSchema>;
export type RetentionUpdate = z.infer<typeof RetentionUpdateSchema>;
export type ContactErasure = z.infer<typeof ContactErasureSchema>;
export type ReportQuery = z.infer<typeof ReportQuerySchema>;
