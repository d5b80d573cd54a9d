/**
 * @module
 * Drift findings: an upstream change (CSV re-import, zone webhook) that touches something the
 * published Titan Map or service area uses. Recorded for a reviewer, never applied silently.
 */

export interface NewDriftFinding {
  tenant: string;
  origin: 'import' | 'webhook';
  kind: string;
  severity: 'low' | 'medium' | 'high';
  owner: string;
  affectedService?: string | null;
  affectedZip?: string | null;
  affectedWidgetUrl?: string | null;
  summary: string;
  recommendedFix: string;
  detail?: Record<string, unknown>;
}

export function insertDriftFindingStatement(
  db: D1Database,
  finding: NewDriftFinding,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO drift_findings (id, tenant, origin, kind, severity, owner, affected_service,
         affected_zip, affected_widget_url, summary, recommended_fix, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      `df_${crypto.randomUUID()}`,
      finding.tenant,
      finding.origin,
      finding.kind,
      finding.severity,
      finding.owner,
      finding.affectedService ?? null,
      finding.affectedZip ?? null,
      finding.affectedWidgetUrl ?? null,
      finding.summary,
      finding.recommendedFix,
      JSON.stringify(finding.detail ?? {}),
    );
}

/** An open webhook finding about the same zone and the same zips: raising it again adds nothing. */
export async function sameZoneFindingOpen(
  db: D1Database,
  tenant: string,
  kind: string,
  zoneId: number,
  zips: string[],
): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 AS open FROM drift_findings
        WHERE tenant = ? AND origin = 'webhook' AND kind = ? AND review_state = 'open'
          AND json_extract(detail, '$.zoneId') = ? AND json_extract(detail, '$.uncoveredZips') = ?
        LIMIT 1`,
    )
    .bind(tenant, kind, zoneId, JSON.stringify(zips))
    .first();
  return row !== null;
}
