/**
 * @module
 * The audit log: who did what to which subject. Detail is JSON and must never hold secrets,
 * tokens or raw webhook bodies.
 */
import { JOBS_OF_LEADS_SQL } from '../../handoff/db/jobs.ts';

export interface AuditEntry {
  actor: string;
  tenant: string | null;
  action: string;
  subjectType?: string;
  subjectId?: string;
  detail?: Record<string, unknown>;
}

function entryParams(entry: AuditEntry): unknown[] {
  return [
    entry.actor,
    entry.tenant,
    entry.action,
    entry.subjectType ?? null,
    entry.subjectId ?? null,
    JSON.stringify(entry.detail ?? {}),
  ];
}

export function auditStatement(db: D1Database, entry: AuditEntry): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, tenant, action, subject_type, subject_id, detail)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(...entryParams(entry));
}

/**
 * The entry, written only if `condition` (SQL over the caller's own table, with `params`) holds
 * when the statement runs: placed before a conditional change in the same batch, the trail
 * records the change only if it happens.
 */
export function auditWhenStatement(
  db: D1Database,
  entry: AuditEntry,
  condition: string,
  params: unknown[],
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, tenant, action, subject_type, subject_id, detail)
       SELECT ?, ?, ?, ?, ?, ? WHERE ${condition}`,
    )
    .bind(...entryParams(entry), ...params);
}

export async function audit(db: D1Database, entry: AuditEntry): Promise<void> {
  await auditStatement(db, entry).run();
}

export async function auditTrail(db: D1Database, subjectType: string, subjectId: string) {
  const { results } = await db
    .prepare(
      `SELECT at, actor, action, detail FROM audit_log
        WHERE subject_type = ? AND subject_id = ? ORDER BY at, id`,
    )
    .bind(subjectType, subjectId)
    .all<{ at: string; actor: string; action: string; detail: string }>();
  return results.map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }));
}

/**
 * Erasure: notes operators typed while acting on the leads or their jobs are replaced. The rest
 * of the entry (who, when, what changed) stays: the trail is still whole.
 */
export function redactNotesOfLeadsStatement(
  db: D1Database,
  tenant: string,
  leadIds: string,
  erased: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE audit_log SET detail = json_set(detail, '$.note', ?3)
        WHERE tenant = ?1 AND json_extract(detail, '$.note') IS NOT NULL
          AND json_extract(detail, '$.note') != ?3
          AND ((subject_type = 'lead' AND subject_id IN (SELECT value FROM json_each(?2)))
            OR (subject_type = 'sync_job' AND subject_id IN (${JOBS_OF_LEADS_SQL})))`,
    )
    .bind(tenant, leadIds, erased);
}

/** One `lead.erased` entry per lead erased at `at` (not one erased before), for its own trail. */
export function auditErasedLeadsStatement(
  db: D1Database,
  erasure: { tenant: string; leadIds: string; actor: string; reason: string; at: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, tenant, action, subject_type, subject_id, detail)
       SELECT ?3, ?1, 'lead.erased', 'lead', id, json_object('reason', ?4) FROM leads
        WHERE tenant = ?1 AND id IN (SELECT value FROM json_each(?2))
          AND erased_at = ?5 AND erase_reason = ?4`,
    )
    .bind(erasure.tenant, erasure.leadIds, erasure.actor, erasure.reason, erasure.at);
}
