/**
 * @module
 * Export outcomes as the reports count them, per lead, ready to merge with the webhook ones
 * (docs/proof.md#how-sources-merge). A row counts when its match is `exact` or an operator
 * confirmed it; `probable` rows waiting for review and rejected ones never count. Jobs give a
 * lead "booked" (and "completed"), which a webhook-linked job may give it too: each is a yes/no
 * per lead, so the two sources cannot add up twice. An exported invoice counts toward "invoiced"
 * and revenue unless the same invoice (by ServiceTitan id) was already posted by a webhook event,
 * which then stands for it. Exported invoices are taken as posted: ServiceTitan's invoice export
 * lists invoices, not drafts.
 */

/** Per lead of the tenant bound as `?1`: export-only facts, revenue in cents, first local days. */
export const EXPORT_OUTCOMES_BY_LEAD_SQL = `
  SELECT e.lead_id,
         MAX(e.kind = 'jobs') AS booked,
         MAX(e.kind = 'jobs' AND (e.job_status = 'Completed' OR e.completed_on IS NOT NULL))
           AS completed,
         SUM(e.kind = 'invoices' AND NOT e.webhook_posted) AS invoices,
         SUM(CASE WHEN e.kind = 'invoices' AND NOT e.webhook_posted
                  THEN CAST(ROUND(COALESCE(CAST(e.total AS REAL), 0) * 100) AS INTEGER) END)
           AS revenue_cents,
         MAX(e.quality = 'probable') AS confirmed_probable,
         MIN(CASE WHEN e.kind = 'jobs' THEN e.created_on END) AS booked_on,
         MIN(CASE WHEN e.kind = 'jobs' THEN e.completed_on END) AS completed_on,
         MIN(CASE WHEN e.kind = 'invoices' AND NOT e.webhook_posted THEN e.created_on END)
           AS invoiced_on
    FROM (SELECT x.*, EXISTS (SELECT 1 FROM lead_invoices li
                               WHERE li.tenant = x.tenant AND li.invoice_id = x.record_id
                                 AND x.kind = 'invoices' AND li.posted_at IS NOT NULL)
                        AS webhook_posted
            FROM export_outcomes x
           WHERE x.tenant = ?1 AND x.lead_id IS NOT NULL
             AND (x.quality = 'exact' OR x.review = 'confirmed')) e
   GROUP BY e.lead_id`;

/**
 * Export rows that do not count, for the tenant bound as `?1`: probable matches waiting for an
 * operator, rejected ones, and rows that matched no lead, over the local days `?2`..`?3`
 * (the day the job or invoice was created).
 */
const EXPORT_OUTSIDE_COUNTS_SQL = `
  SELECT COALESCE(SUM(quality = 'probable' AND review = 'pending'), 0) AS probable_pending,
         COALESCE(SUM(quality = 'probable' AND review = 'rejected'), 0) AS probable_rejected,
         COALESCE(SUM(quality = 'none'), 0) AS unmatched
    FROM export_outcomes WHERE tenant = ?1 AND created_on >= ?2 AND created_on <= ?3`;

/** The counts above as a statement (one row: `probable_pending`, `probable_rejected`, `unmatched`). */
export function exportOutsideCountsStatement(
  db: D1Database,
  tenant: string,
  from: string,
  to: string,
): D1PreparedStatement {
  return db.prepare(EXPORT_OUTSIDE_COUNTS_SQL).bind(tenant, from, to);
}
