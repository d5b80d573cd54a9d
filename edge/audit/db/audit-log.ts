/**
 * @module
 * The audit log: who did what to which subject. Detail is JSON and must never hold secrets,
 * tokens or raw webhook bodies.
 */

export interface AuditEntry {
  actor: string;
  tenant: string | null;
  action: string;
  subjectType?: string;
  subjectId?: string;
  detail?: Record<string, unknown>;
}

export function auditStatement(db: D1Database, entry: AuditEntry): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, tenant, action, subject_type, subject_id, detail)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      entry.actor,
      entry.tenant,
      entry.action,
      entry.subjectType ?? null,
      entry.subjectId ?? null,
      JSON.stringify(entry.detail ?? {}),
    );
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
