/**
 * @module
 * Response shapes shared by the edge and its clients (widget, console, CLIs).
 */
import * as z from 'zod/mini';

/** One field-level problem: `path` points into the request body, e.g. `["contact", "phone"]`. */
export const IssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  code: z.string(),
  message: z.string(),
});

/** The one error shape every route uses. */
export const ErrorBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.optional(z.array(IssueSchema)),
});

export const LEAD_STATUSES = ['received', 'needs_review'] as const;
/** `unfinished`: what a visitor typed before leaving the form (POST /v1/leads/unfinished). */
export const LEAD_CLASSIFICATIONS = ['real', 'spam', 'test', 'unfinished'] as const;
/** What an operator may move a lead to: an unfinished request only becomes one of these. */
export const OPERATOR_CLASSIFICATIONS = ['real', 'spam', 'test'] as const;

export const LeadAcceptedSchema = z.object({
  leadId: z.string(),
  status: z.enum(LEAD_STATUSES),
  duplicate: z.boolean(),
});

/**
 * `POST /v1/leads/unfinished` answers 202 with a `LeadAccepted`, or with this when nothing was
 * stored: the tenant does not capture unfinished requests, or storage failed (a beacon cannot
 * retry, so it is never told 5xx).
 */
export interface UnfinishedIgnored {
  ignored: true;
  reason: 'capture_off' | 'storage_unavailable';
}

export type Issue = z.infer<typeof IssueSchema>;
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
export type LeadAccepted = z.infer<typeof LeadAcceptedSchema>;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export type LeadClassification = (typeof LEAD_CLASSIFICATIONS)[number];
export type OperatorClassification = (typeof OPERATOR_CLASSIFICATIONS)[number];
