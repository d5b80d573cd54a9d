/**
 * @module
 * Erasure of personal data: the one place that knows which fields are personal. A lead is not
 * deleted but blanked in place — name, phone and extension, email, street, unit, city, zip, notes, the raw body,
 * the source context (landing page, referrer, click ids) and the consent record — so that every
 * count and report (tenant, time, service, urgency, UTM source/medium/campaign, classification,
 * outcomes) stays what it was. With the lead go the personal parts of what was derived from it:
 * its booking draft (`sync_jobs.payload`, the operator's manual note, the last send error), its
 * delivery log (`sync_attempts.error`: a ServiceTitan error title can echo the customer), the
 * notes operators typed into audited actions on the lead or its job (`audit_log.detail.note`:
 * manual-complete and binding-fix notes), the envelopes of webhook events linked to it and the
 * bodies of notifications about it (`notification_events.payload`, receivers' answers).
 * Everything runs in one D1 batch (one transaction) with its audit rows.
 * test/edge/lifecycle/erasure-reach.test.ts searches every table afterwards, so a table added
 * later that copies a contact fails that test until it is erased here too.
 */
import { auditStatement, type AuditEntry } from '../audit/db/audit-log.ts';
import { liveDuplicateSql } from './duplicates.ts';

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
const IDS = 'SELECT value FROM json_each(?2)';
const ANY_ID = 'SELECT value FROM json_each(?3)';
const JOB_IDS = `SELECT id FROM sync_jobs WHERE tenant = ?1 AND lead_id IN (${IDS})`;

export async function erase(db: D1Database, request: ErasureRequest): Promise<ErasureResult> {
  const now = new Date().toISOString();
  const leadIds = JSON.stringify(request.leadIds);
  const eventIds = JSON.stringify(request.eventIds);
  const results = await db.batch([
    // Freeze the duplicate flag of every lead that shares a phone or email with an erased one
    // while the contact data it is computed from still exists (edge/lifecycle/duplicates.ts).
    db
      .prepare(
        `UPDATE leads SET duplicate_frozen = ${liveDuplicateSql('leads')}
          WHERE tenant = ?1 AND duplicate_frozen IS NULL AND erased_at IS NULL
            AND (contact_phone IN (SELECT contact_phone FROM leads WHERE id IN (${IDS}))
              OR contact_email IN (SELECT contact_email FROM leads WHERE id IN (${IDS})))`,
      )
      .bind(request.tenant, leadIds),
    db
      .prepare(
        `UPDATE leads SET contact_name = NULL, contact_phone = NULL, contact_phone_ext = NULL,
                contact_email = NULL,
                address_street = NULL, address_unit = NULL, address_city = NULL,
                address_zip = NULL, notes = NULL, source = '{}', consent = NULL, raw = '{}',
                erased_at = ?3, erase_reason = ?4
          WHERE tenant = ?1 AND erased_at IS NULL AND id IN (${IDS})`,
      )
      .bind(request.tenant, leadIds, now, request.reason),
    db
      .prepare(
        `UPDATE sync_jobs SET payload = NULL,
                manual_note = CASE WHEN manual_note IS NULL THEN NULL ELSE ?3 END,
                last_error = CASE WHEN last_error IS NULL THEN NULL ELSE ?3 END
          WHERE tenant = ?1 AND lead_id IN (${IDS})
            AND (payload IS NOT NULL OR manual_note != ?3 OR last_error != ?3)`,
      )
      .bind(request.tenant, leadIds, ERASED),
    // The status stays in http_status; the text is what a ServiceTitan error title made of it.
    db
      .prepare(
        `UPDATE sync_attempts SET error = ?3
          WHERE job_id IN (${JOB_IDS}) AND error IS NOT NULL AND error != ?3`,
      )
      .bind(request.tenant, leadIds, ERASED),
    // Notes operators typed while acting on the lead or its job. The rest of the entry (who, when,
    // what changed) stays: the trail is still whole.
    db
      .prepare(
        `UPDATE audit_log SET detail = json_set(detail, '$.note', ?3)
          WHERE tenant = ?1 AND json_extract(detail, '$.note') IS NOT NULL
            AND json_extract(detail, '$.note') != ?3
            AND ((subject_type = 'lead' AND subject_id IN (${IDS}))
              OR (subject_type = 'sync_job' AND subject_id IN (${JOB_IDS})))`,
      )
      .bind(request.tenant, leadIds, ERASED),
    // The redacted envelope keeps only what the event's own columns already say.
    db
      .prepare(
        `UPDATE webhook_events
            SET envelope = json_object('id', event_id, 'type', type, 'time', event_time,
                                       'redacted', ?4),
                redacted_at = ?5
          WHERE tenant = ?1 AND redacted_at IS NULL
            AND (lead_id IN (${IDS}) OR id IN (${ANY_ID}))`,
      )
      .bind(request.tenant, leadIds, eventIds, request.reason, now),
    // Alerts about the lead carry its contact details: the stored body keeps only its type, time
    // and the lead id (a delivery still on its schedule then sends that), and a receiver's answer,
    // which may echo the body, goes too.
    db
      .prepare(
        `UPDATE notification_events
            SET payload = json_object('type', type, 'timestamp', payload ->> '$.timestamp',
                                      'data', json_object('leadId', lead_id, 'redacted', ?3))
          WHERE tenant = ?1 AND lead_id IN (${IDS}) AND payload ->> '$.data.redacted' IS NULL`,
      )
      .bind(request.tenant, leadIds, request.reason),
    db
      .prepare(
        `UPDATE notification_deliveries SET response_excerpt = NULL
          WHERE tenant = ?1 AND lead_id IN (${IDS}) AND response_excerpt IS NOT NULL`,
      )
      .bind(request.tenant, leadIds),
    // One audit row per lead erased just now (not one erased before), so its own trail shows it.
    db
      .prepare(
        `INSERT INTO audit_log (actor, tenant, action, subject_type, subject_id, detail)
         SELECT ?3, ?1, 'lead.erased', 'lead', id, json_object('reason', ?4) FROM leads
          WHERE tenant = ?1 AND id IN (${IDS}) AND erased_at = ?5 AND erase_reason = ?4`,
      )
      .bind(request.tenant, leadIds, request.actor, request.reason, now),
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
