/**
 * @module
 * Inputs of the Titan Map admin API (`/v1/admin/titan-map/...`): CSV import parameters, candidate
 * review, draft bindings, publish, coverage and drift-finding review. The CLI (scripts/titan-map.ts)
 * imports the kind names from here, so it and the edge can never disagree on them.
 */
import * as z from 'zod/mini';
import { TenantSlugSchema } from './tenant.ts';
import { PageLimitSchema } from './admin.ts';
import { PRIORITIES } from './config.ts';

/** What a CSV file holds, as the API and CLI spell it (plural, like ServiceTitan's export names). */
export const IMPORT_KINDS = ['job-types', 'business-units', 'campaigns', 'zones'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The same kinds as `titan_taxonomy.kind` stores them. */
export const TAXONOMY_KINDS = ['job-type', 'business-unit', 'campaign', 'zone'] as const;
export type TaxonomyKind = (typeof TAXONOMY_KINDS)[number];

export const TAXONOMY_KIND_OF: Record<ImportKind, TaxonomyKind> = {
  'job-types': 'job-type',
  'business-units': 'business-unit',
  campaigns: 'campaign',
  zones: 'zone',
};

/** Where the export came from. Only ServiceTitan today; recorded on every batch for later ones. */
export const IMPORT_PROVIDERS = ['servicetitan'] as const;
export const BATCH_STATUSES = ['failed', 'review', 'published', 'superseded'] as const;
export const CANDIDATE_CHANGES = ['new', 'changed', 'unchanged', 'removed'] as const;
export const REVIEW_STATES = ['pending', 'accepted', 'rejected'] as const;
export const FINDING_STATES = ['open', 'resolved', 'dismissed'] as const;

export type BatchStatus = (typeof BATCH_STATUSES)[number];
export type CandidateChange = (typeof CANDIDATE_CHANGES)[number];
export type ReviewState = (typeof REVIEW_STATES)[number];

const cursor = z.optional(z.string().check(z.maxLength(500)));
const id = z.int().check(z.positive());

export const ImportQuerySchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  fileName: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  provider: z._default(z.enum(IMPORT_PROVIDERS), 'servicetitan'),
});

export const BatchListQuerySchema = z.object({
  kind: z.optional(z.enum(IMPORT_KINDS)),
  status: z.optional(z.enum(BATCH_STATUSES)),
  cursor,
  limit: PageLimitSchema,
});

export const CandidateListQuerySchema = z.object({
  review: z.optional(z.enum(REVIEW_STATES)),
  change: z.optional(z.enum(CANDIDATE_CHANGES)),
  cursor,
  limit: PageLimitSchema,
});

/** Decide candidates of one batch: the listed ServiceTitan ids, or every pending one. */
export const ReviewBodySchema = z
  .object({
    decision: z.enum(['accept', 'reject']),
    ids: z.optional(z.array(id).check(z.minLength(1), z.maxLength(1000))),
    all: z.optional(z.literal(true)),
  })
  .check(
    z.refine((body) => (body.ids === undefined) !== (body.all === undefined), {
      message: 'Give either "ids" or "all": true',
      path: ['ids'],
    }),
  );

export const PriorityByUrgencySchema = z.strictObject({
  emergency: z.optional(z.enum(PRIORITIES)),
  soon: z.optional(z.enum(PRIORITIES)),
  flexible: z.optional(z.enum(PRIORITIES)),
});

/** A draft binding for one website service; published with the next map version. */
export const BindingBodySchema = z.object({
  jobTypeId: id,
  businessUnitId: id,
  campaignId: id,
  priorityByUrgency: z.optional(PriorityByUrgencySchema),
  active: z.optional(z.boolean()),
});

export const SuggestionQuerySchema = z.object({
  service: z.optional(z.string().check(z.maxLength(100))),
});

/** Accept a suggestion: the top-ranked job type unless one of the ranked ones is named. */
export const AcceptSuggestionBodySchema = z.object({ jobTypeId: z.optional(id) });

export const TaxonomyQuerySchema = z.object({ kind: z.optional(z.enum(IMPORT_KINDS)) });

export const PublishBodySchema = z.object({
  note: z.optional(z.string().check(z.trim(), z.maxLength(500))),
});

export const CoverageQuerySchema = z.object({
  of: z._default(z.enum(['published', 'draft']), 'published'),
});

export const FindingListQuerySchema = z.object({
  tenant: z.optional(TenantSlugSchema),
  state: z.optional(z.enum(FINDING_STATES)),
  origin: z.optional(z.enum(['import', 'webhook'])),
  cursor,
  limit: PageLimitSchema,
});

/** Resolving says what was done about it, so the note is required. */
export const ResolveFindingBodySchema = z.object({
  note: z.string().check(z.trim(), z.minLength(1, 'Say how it was resolved'), z.maxLength(2000)),
});

export const DismissFindingBodySchema = z.object({
  note: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
});

export type BindingBody = z.infer<typeof BindingBodySchema>;
export type PriorityByUrgency = z.infer<typeof PriorityByUrgencySchema>;
export type ReviewBody = z.infer<typeof ReviewBodySchema>;
