/**
 * @module
 * Erasure of personal data: the one place that knows which fields are personal. A lead is not
 * deleted but blanked in place — name, phone, email, street, unit, city, zip, notes, the raw body,
 * the source context (landing page, referrer, click ids) and the consent record — so that every
 * count and report (tenant, time, service, urgency, UTM source/medium/campaign, classification,
 * outcomes) stays what it was. With the lead go the personal parts of what was derived from it:
 * its booking draft (`sync_jobs.payload`, the operator's manual note), the envelopes of webhook
 * events linked to it and the bodies of notifications about it. Everything runs in one D1 batch (one transaction) with its audit rows.
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

export interface ErasureResult {
  leadsErased: number;
  syncJobsRedacted: number;
  webhookEventsRedacted: number;
}

const IDS = 'SELECT value FROM json_each(?2)';
const ANY_ID = 'SELECT value FROM json_each(?3)';

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
        `UPDATE leads SET contact_name = NULL, contact_phone = NULL, contact_email = NULL,
                address_street = NULL, address_unit = NULL, address_city = NULL,
                address_zip = NULL, notes = NULL, source = '{}', consent = NULL, raw = '{}',
                erased_at = ?3, erase_reason = ?4
          WHERE tenant = ?1 AND erased_at IS NULL AND id IN (${IDS})`,
      )
      .bind(request.tenant, leadIds, now, request.reason),
    db
      .prepare(
        `UPDATE sync_jobs SET payload = NULL,
                manual_note = CASE WHEN manual_note IS NULL THEN NULL ELSE '(erased)' END
          WHERE tenant = ?1 AND lead_id IN (${IDS})
            AND (payload IS NOT NULL OR manual_note IS NOT NULL)`,
      )
      .bind(request.tenant, leadIds),
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
  const changes = (index: number) => results[index]?.meta.changes ?? 0;
  const result = {
    leadsErased: changes(1),
    syncJobsRedacted: changes(2),
    webhookEventsRedacted: changes(3),
  };
  // Written after the batch because it records what the batch changed.
  await auditStatement(db, {
    ...request.summary,
    actor: request.actor,
    tenant: request.tenant,
    detail: { ...request.summary.detail, ...result },
  }).run();
  return result;
}
