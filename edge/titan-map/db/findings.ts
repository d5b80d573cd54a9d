/**
 * @module
 * D1 reads and review decisions for drift findings (both origins: imports and zone webhooks).
 * Inserting lives in edge/titan-map/db/drift-findings.ts, shared with the webhook processor.
 */
import { auditWhenStatement } from '../../audit/db/audit-log.ts';
import { findingKey } from '../drift.ts';
import { Conditions, listNewestFirst } from '../../lib/newest-first.ts';

export interface FindingRow {
  id: string;
  tenant: string;
  origin: string;
  kind: string;
  severity: string;
  owner: string;
  affected_service: string | null;
  affected_zip: string | null;
  affected_widget_url: string | null;
  summary: string;
  recommended_fix: string;
  detail: string;
  review_state: 'open' | 'resolved' | 'dismissed';
  resolved_by: string | null;
  resolved_at: string | null;
  resolution_note: string | null;
  created_at: string;
}

export function findingToJson(row: FindingRow) {
  return {
    id: row.id,
    tenant: row.tenant,
    origin: row.origin,
    kind: row.kind,
    severity: row.severity,
    owner: row.owner,
    affectedService: row.affected_service,
    affectedZip: row.affected_zip,
    affectedWidgetUrl: row.affected_widget_url,
    summary: row.summary,
    recommendedFix: row.recommended_fix,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    reviewState: row.review_state,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    resolutionNote: row.resolution_note,
    createdAt: row.created_at,
  };
}

export interface FindingListFilter {
  tenant?: string | undefined;
  state?: string | undefined;
  origin?: string | undefined;
  before?: { createdAt: string; id: string } | undefined;
  limit: number;
}

export async function listFindings(
  db: D1Database,
  filter: FindingListFilter,
): Promise<FindingRow[]> {
  const where = new Conditions()
    .equals('tenant', filter.tenant)
    .equals('review_state', filter.state)
    .equals('origin', filter.origin);
  const before = filter.before && { at: filter.before.createdAt, id: filter.before.id };
  return listNewestFirst<FindingRow>(db, {
    table: 'drift_findings',
    timeColumn: 'created_at',
    where,
    before,
    limit: filter.limit,
  });
}

export function findingStatement(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare('SELECT * FROM drift_findings WHERE id = ?').bind(id);
}

export async function getFinding(db: D1Database, id: string): Promise<FindingRow | null> {
  return findingStatement(db, id).first<FindingRow>();
}

/** Keys (see `findingKey`) of a tenant's open findings, for not raising the same one twice. */
export async function openFindingKeys(db: D1Database, tenant: string): Promise<Set<string>> {
  const { results } = await db
    .prepare(
      `SELECT kind, affected_service, affected_zip, detail FROM drift_findings
        WHERE tenant = ? AND review_state = 'open'`,
    )
    .bind(tenant)
    .all<Pick<FindingRow, 'kind' | 'affected_service' | 'affected_zip' | 'detail'>>();
  return new Set(
    results.map((row) =>
      findingKey({
        kind: row.kind,
        affectedService: row.affected_service,
        affectedZip: row.affected_zip,
        detail: JSON.parse(row.detail) as Record<string, unknown>,
      }),
    ),
  );
}

/** Closes an open finding; changes nothing (0 rows) if it was already closed. */
export function closeFindingStatement(
  db: D1Database,
  id: string,
  state: 'resolved' | 'dismissed',
  actor: string,
  note: string | null,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE drift_findings
          SET review_state = ?, resolved_by = ?, resolution_note = ?,
              resolved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE id = ? AND review_state = 'open'`,
    )
    .bind(state, actor, note, id);
}

export async function findingsOfBatch(
  db: D1Database,
  tenant: string,
  batchId: string,
): Promise<FindingRow[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM drift_findings WHERE tenant = ? AND detail ->> '$.batchId' = ? ORDER BY created_at, id`,
    )
    .bind(tenant, batchId)
    .all<FindingRow>();
  return results;
}

/**
 * The audit entry for closing a finding, written only if the finding is still open. Placed
 * before the close in the same batch (one transaction), so a finding closed concurrently by
 * someone else gets neither a second close nor a false audit entry.
 */
export function auditCloseStatement(
  db: D1Database,
  finding: FindingRow,
  action: string,
  actor: string,
  detail: Record<string, unknown>,
): D1PreparedStatement {
  return auditWhenStatement(
    db,
    {
      actor,
      tenant: finding.tenant,
      action,
      subjectType: 'drift_finding',
      subjectId: finding.id,
      detail,
    },
    `EXISTS (SELECT 1 FROM drift_findings WHERE id = ? AND review_state = 'open')`,
    [finding.id],
  );
}
