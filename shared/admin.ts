/**
 * @module
 * Query schemas of the operator (admin) API.
 */
import * as z from 'zod/mini';
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

const isoDate = z
  .string()
  .check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'since must be an ISO date or date-time'));

export const LeadListQuerySchema = z.object({
  tenant: z.optional(z.string().check(z.regex(/^[a-z0-9-]{2,64}$/))),
  status: z.optional(z.enum(LEAD_STATUSES)),
  classification: z.optional(z.enum(LEAD_CLASSIFICATIONS)),
  since: z.optional(isoDate),
  cursor: z.optional(z.string().check(z.maxLength(500))),
  limit: PageLimitSchema,
});

export type LeadListQuery = z.infer<typeof LeadListQuerySchema>;
