/**
 * @module
 * Erasure of personal data: the one place that decides what erasure reaches. A lead is not
 * deleted but blanked in place — name, phone and extension, email, street, unit, city, zip, notes, the raw body,
 * the source context (landing page, referrer, click ids) and the consent record — so that every
 * count and report (tenant, time, service, urgency, UTM source/medium/campaign, classification,
 * outcomes) stays what it was. With the lead go the personal parts of what was derived from it:
 * its booking draft (`sync_jobs.payload`, the operator's manual note, the last send error), its
 * delivery log (`sync_attempts.error`: a ServiceTitan error title can echo the customer), the
 * notes operators typed into audited actions on the lead or its job (`audit_log.detail.note`:
 * manual-complete and binding-fix notes), the envelopes of webhook events linked to it and the
 * bodies of notifications about it (`notification_events.payload`, receivers' answers).
 * Everything runs in one D1 batch (one transaction) with its audit rows; each statement lives
 * with the table it changes (edge/leads/db/erasure.ts and the `redact…` statements of the
 * handoff, audit, webhook and notification db modules) and blanks the columns listed here.
 * test/edge/lifecycle/erasure-reach.test.ts searches every table afterwards, so a table added
 * later that copies a contact fails that test until it is erased here too.
 */
import {
  auditErasedLeadsStatement,
  auditStatement,
  redactNotesOfLeadsStatement,
  type AuditEntry,
} from '../audit/db/audit-log.ts';
import { redactAttemptsOfLeadsStatement } from '../handoff/db/attempts.ts';
import { redactJobsOfLeadsStatement } from '../handoff/db/jobs.ts';
import { blankLeadsStatement, freezeDuplicatesStatement } from '../leads/db/erasure.ts';
import { dropLeadResponsesStatement } from '../notifications/db/deliveries.ts';
import { redactLeadEventsStatement } from '../notifications/db/events.ts';
import { redactEventsStatement } from '../webhooks/db/events.ts';

export type EraseReason = 'retention' | 'lead_deletion' | 'contact_deletion';

export interface ErasureRequest {
  tenant: string;
  leadIds: string[];
  /** Webhook events to redact besides those linked to the leads (e.g. unmatched, past retention). */
  eventIds: string[];
  reason: EraseReason;
  actor: string;
  /** The audit row for the request as a whole (a deletion request, a retention run). */
  summary: Omit<AuditEntry, 'actor' | 'tenant'>;
}

/** What one erasure changed, row counts by kind, in the order of the batch's statements. */
export const ERASURE_COUNTS = [
  'leadsErased',
  'syncJobsRedacted',
  'syncAttemptsRedacted',
  'auditEntriesRedacted',
  'webhookEventsRedacted',
] as const;

export type ErasureResult = Record<(typeof ERASURE_COUNTS)[number], number>;

/** What replaces free text that may name the person, so a reader sees that something was there. */
const ERASED = '(erased)';

export async function erase(db: D1Database, request: ErasureRequest): Promise<ErasureResult> {
  const at = new Date().toISOString();
  const { tenant, reason, actor } = request;
  const leadIds = JSON.stringify(request.leadIds);
  const eventIds = JSON.stringify(request.eventIds);
  // Each owner blanks its own fields; the order matches ERASURE_COUNTS after the first.
  const results = await db.batch([
    freezeDuplicatesStatement(db, tenant, leadIds),
    blankLeadsStatement(db, tenant, leadIds, at, reason),
    redactJobsOfLeadsStatement(db, tenant, leadIds, ERASED),
    redactAttemptsOfLeadsStatement(db, tenant, leadIds, ERASED),
    redactNotesOfLeadsStatement(db, tenant, leadIds, ERASED),
    redactEventsStatement(db, { tenant, leadIds, eventIds, reason, at }),
    redactLeadEventsStatement(db, tenant, leadIds, reason),
    dropLeadResponsesStatement(db, tenant, leadIds),
    auditErasedLeadsStatement(db, { tenant, leadIds, actor, reason, at }),
  ]);
  // The first statement (freezing duplicate flags) is not a count of erased data.
  const result = Object.fromEntries(
    ERASURE_COUNTS.map((name, index) => [name, results[index + 1]?.meta.changes ?? 0]),
  ) as ErasureResult;
  // Written after the batch because it records what the batch changed.
  await auditStatement(db, {
    ...request.summary,
    actor: request.actor,
    tenant: request.tenant,
    detail: { ...request.summary.detail, ...result },
  }).run();
  return result;
}
