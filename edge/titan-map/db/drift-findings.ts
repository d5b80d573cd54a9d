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
