/**
 * @module
 * Query schemas of the operator (admin) API.
 */
import * as z from 'zod/mini';
import { TenantSlugSchema } from './tenant.ts';
import { LEAD_CLASSIFICATIONS, LEAD_STATUSES } from './api.ts';

/** Page size for admin lists: `limit` query parameter, 1..100, default 50. */
export const PageLimitSchema = z._default(
  z
    .pipe(
      z.string().check(z.regex(/^\d{1,3}$/, 'limit must be a number from 1 to 100')),
      z.transform(Number),
    )
    .check(z.minimum(1), z.maximum(100)),
  50,
);

const isoDate = (name: string) =>
  z
    .string()
    .check(
      z.refine((s) => !Number.isNaN(Date.parse(s)), `${name} must be an ISO date or date-time`),
    );

/** Filter value that matches leads where the field is empty (no UTM source, no service). */
export const NONE_FILTER = '(none)';

const reportKey = z.string().check(z.minLength(1), z.maxLength(200));

/** The leads list's filters, shared by the list and the CSV export. */
export const LeadListFiltersSchema = z.object({
  tenant: z.optional(TenantSlugSchema),
  status: z.optional(z.enum(LEAD_STATUSES)),
  classification: z.optional(z.enum(LEAD_CLASSIFICATIONS)),
  /** Website service key, or `(none)`. */
  service: z.optional(reportKey),
  /** `utm_source` as submitted, or `(none)`. */
  source: z.optional(reportKey),
  /** `utm_campaign` as submitted, or `(none)`. */
  campaign: z.optional(reportKey),
  /** Received at or after this instant (a date means its UTC midnight). */
  since: z.optional(isoDate('since')),
  /** Received before this instant (exclusive). */
  until: z.optional(isoDate('until')),
});

export const LeadListQuerySchema = z.extend(LeadListFiltersSchema, {
  cursor: z.optional(z.string().check(z.maxLength(500))),
  limit: PageLimitSchema,
});

export type LeadListFilters = z.infer<typeof LeadListFiltersSchema>;
export type LeadListQuery = z.infer<typeof LeadListQuerySchema>;
