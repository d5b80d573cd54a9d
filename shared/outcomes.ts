/**
 * @module
 * Inputs of the outcome-proof admin API: importing a ServiceTitan jobs or invoices export
 * (`/v1/admin/outcomes/:tenant/imports`), reviewing its probable matches, the ad-platform
 * conversion files and the proof packet (`/v1/admin/reports/conversions/…`, `…/proof`).
 */
import * as z from 'zod/mini';
import { IsoDaySchema, REPORT_MAX_DAYS, withinReportMax } from './ops.ts';
import { TenantSlugSchema } from './tenant.ts';

export const OUTCOME_IMPORT_KINDS = ['jobs', 'invoices'] as const;
export type OutcomeImportKind = (typeof OUTCOME_IMPORT_KINDS)[number];

/** How an export row was tied to a lead (docs/proof.md#match-quality). */
export const MATCH_QUALITIES = ['exact', 'probable', 'none'] as const;
export type MatchQuality = (typeof MATCH_QUALITIES)[number];

export const OutcomeImportQuerySchema = z.object({
  kind: z.enum(OUTCOME_IMPORT_KINDS),
  fileName: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
});

export const OutcomeReviewBodySchema = z.object({
  decisions: z
    .array(
      z.object({
        recordId: z.int().check(z.positive()),
        decision: z.enum(['confirm', 'reject']),
      }),
    )
    .check(z.minLength(1), z.maxLength(1000)),
  note: z.optional(z.string().check(z.maxLength(500))),
});

/** The funnel stages a conversion file can report. */
export const CONVERSION_STAGES = ['lead', 'booked', 'completed', 'invoiced'] as const;
export type ConversionStage = (typeof CONVERSION_STAGES)[number];

function dayRange<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.object({ tenant: TenantSlugSchema, from: IsoDaySchema, to: IsoDaySchema, ...shape });
}

const inOrder = (from: string, to: string) => from <= to;

export const ConversionQuerySchema = dayRange({
  stage: z._default(z.enum(CONVERSION_STAGES), 'invoiced'),
  /** The moment the click-age windows are measured from (default: now), to re-create a file. */
  asOf: z.optional(z.iso.datetime()),
}).check(
  z.refine((q) => inOrder(q.from, q.to), { message: 'from must not be after to', path: ['to'] }),
  z.refine((q) => withinReportMax(q.from, q.to), {
    message: `A file covers at most ${REPORT_MAX_DAYS} days`,
    path: ['to'],
  }),
);

export const ProofQuerySchema = dayRange({
  baselineFrom: z.optional(IsoDaySchema),
  baselineTo: z.optional(IsoDaySchema),
}).check(
  z.refine((q) => inOrder(q.from, q.to), { message: 'from must not be after to', path: ['to'] }),
  z.refine((q) => withinReportMax(q.from, q.to), {
    message: `A period covers at most ${REPORT_MAX_DAYS} days`,
    path: ['to'],
  }),
  z.refine((q) => !q.baselineFrom === !q.baselineTo, {
    message: 'Give both baselineFrom and baselineTo, or neither',
    path: ['baselineTo'],
  }),
  z.refine((q) => !q.baselineFrom || !q.baselineTo || inOrder(q.baselineFrom, q.baselineTo), {
    message: 'baselineFrom must not be after baselineTo',
    path: ['baselineTo'],
  }),
);

const conversionName = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));

export const ConversionSettingsQuerySchema = z.object({ tenant: TenantSlugSchema });

export const ConversionSettingsBodySchema = z.object({
  names: z.partialRecord(z.enum(CONVERSION_STAGES), conversionName),
  currency: z._default(z.string().check(z.regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code')), 'USD'),
});

export type OutcomeReviewBody = z.infer<typeof OutcomeReviewBodySchema>;
export type ConversionQuery = z.infer<typeof ConversionQuerySchema>;
export type ProofQuery = z.infer<typeof ProofQuerySchema>;
export type ConversionSettingsBody = z.infer<typeof ConversionSettingsBodySchema>;

/** What the proof packet, the console footer and the README say about ServiceTitan. */
export const SERVICETITAN_DISCLAIMERS = [
  'PageToJob is not affiliated with or endorsed by ServiceTitan.',
  'ServiceTitan is a trademark of its owner.',
  'No live ServiceTitan API calls: outcomes come from signed webhook events and exports the contractor supplied.',
] as const;
