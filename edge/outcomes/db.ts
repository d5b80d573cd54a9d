/**
 * @module
 * D1 access for `outcome_imports` (one uploaded export) and `export_outcomes` (each job or
 * invoice read from exports, keyed by its ServiceTitan id, with the lead it was matched to).
 */
import type { MatchQuality, OutcomeImportKind } from '../../shared/outcomes.ts';
import type { RowMatch } from './match.ts';
import type { ExportRow, RowRejection } from './rows.ts';

export interface ImportBatch {
  id: string;
  tenant: string;
  kind: OutcomeImportKind;
  fileName: string;
  fileSha256: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rejectedRows: RowRejection[];
  columns: Record<string, string>;
  ignoredColumns: string[];
  matches: Record<MatchQuality, number>;
  createdBy: string;
  createdAt: string;
}

interface BatchRow {
  id: string;
  tenant: string;
  kind: OutcomeImportKind;
  file_name: string;
  file_sha256: string;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  rejected_rows: string;
  columns: string;
  ignored_columns: string;
  matches: string;
  created_by: string;
  created_at: string;
}

export interface ExportOutcomeRow {
  tenant: string;
  kind: OutcomeImportKind;
  record_id: number;
  batch_id: string;
  row_number: number;
  job_id: number | null;
  job_number: string | null;
  job_status: string | null;
  created_on: string;
  completed_on: string | null;
  total: string | null;
  lead_id: string | null;
  quality: MatchQuality;
  match_reason: string | null;
  review: 'pending' | 'confirmed' | 'rejected' | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  updated_at: string;
}

export function insertImportStatement(db: D1Database, batch: ImportBatch): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO outcome_imports (id, tenant, kind, file_name, file_sha256, rows_read,
         rows_accepted, rows_rejected, rejected_rows, columns, ignored_columns, matches,
         created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      batch.id,
      batch.tenant,
      batch.kind,
      batch.fileName,
      batch.fileSha256,
      batch.rowsRead,
      batch.rowsAccepted,
      batch.rowsRejected,
      JSON.stringify(batch.rejectedRows),
      JSON.stringify(batch.columns),
      JSON.stringify(batch.ignoredColumns),
      JSON.stringify(batch.matches),
      batch.createdBy,
      batch.createdAt,
    );
}

/**
 * One row read from an export. A record seen in an earlier export is updated in place; an
 * operator's review is kept as long as the row still points at the same lead with the same
 * quality, so re-importing a newer export does not ask for the same decision twice.
 */
export function upsertExportOutcomeStatement(
  db: D1Database,
  scope: { tenant: string; kind: OutcomeImportKind; batchId: string; now: string },
  row: ExportRow,
  match: RowMatch,
): D1PreparedStatement {
  const same = `export_outcomes.lead_id IS excluded.lead_id AND export_outcomes.quality = excluded.quality`;
  return db
    .prepare(
      `INSERT INTO export_outcomes (tenant, kind, record_id, batch_id, row_number, job_id,
         job_number, job_status, created_on, completed_on, total, lead_id, quality, match_reason,
         review, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, kind, record_id) DO UPDATE SET
         batch_id = excluded.batch_id, row_number = excluded.row_number, job_id = excluded.job_id,
         job_number = excluded.job_number, job_status = excluded.job_status,
         created_on = excluded.created_on, completed_on = excluded.completed_on,
         total = excluded.total, match_reason = excluded.match_reason,
         review = CASE WHEN ${same} THEN export_outcomes.review ELSE excluded.review END,
         reviewed_by = CASE WHEN ${same} THEN export_outcomes.reviewed_by END,
         reviewed_at = CASE WHEN ${same} THEN export_outcomes.reviewed_at END,
         lead_id = excluded.lead_id, quality = excluded.quality, updated_at = excluded.updated_at`,
    )
    .bind(
      scope.tenant,
      scope.kind,
      row.recordId,
      scope.batchId,
      row.row,
      row.jobId,
      row.jobNumber,
      row.status,
      row.createdOn,
      row.completedOn,
      row.total,
      match.leadId,
      match.quality,
      match.reason,
      match.quality === 'probable' ? 'pending' : null,
      scope.now,
    );
}

export async function importBySha(
  db: D1Database,
  tenant: string,
  kind: OutcomeImportKind,
  sha256: string,
): Promise<ImportBatch | null> {
  const row = await db
    .prepare('SELECT * FROM outcome_imports WHERE tenant = ? AND kind = ? AND file_sha256 = ?')
    .bind(tenant, kind, sha256)
    .first<BatchRow>();
  return row && batchOf(row);
}

export async function getImport(
  db: D1Database,
  tenant: string,
  id: string,
): Promise<ImportBatch | null> {
  const row = await db
    .prepare('SELECT * FROM outcome_imports WHERE tenant = ? AND id = ?')
    .bind(tenant, id)
    .first<BatchRow>();
  return row && batchOf(row);
}

export async function listImports(db: D1Database, tenant: string): Promise<ImportBatch[]> {
  const { results } = await db
    .prepare(
      'SELECT * FROM outcome_imports WHERE tenant = ? ORDER BY created_at DESC, id DESC LIMIT 100',
    )
    .bind(tenant)
    .all<BatchRow>();
  return results.map(batchOf);
}

/** The rows an import last set, in file order. */
export async function outcomesOfImport(
  db: D1Database,
  tenant: string,
  batchId: string,
): Promise<ExportOutcomeRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM export_outcomes WHERE tenant = ? AND batch_id = ? ORDER BY row_number')
    .bind(tenant, batchId)
    .all<ExportOutcomeRow>();
  return results;
}

export function reviewStatement(
  db: D1Database,
  scope: { tenant: string; batchId: string; actor: string; now: string },
  recordId: number,
  review: 'confirmed' | 'rejected',
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE export_outcomes SET review = ?, reviewed_by = ?, reviewed_at = ?, updated_at = ?
        WHERE tenant = ? AND batch_id = ? AND record_id = ? AND quality = 'probable'`,
    )
    .bind(review, scope.actor, scope.now, scope.now, scope.tenant, scope.batchId, recordId);
}

/**
 * Invoices already imported for a job whose probable match was just confirmed, and that matched
 * no lead then, follow the job: they become confirmed probable matches of the same lead.
 */
export function invoicesFollowJobStatement(
  db: D1Database,
  scope: { tenant: string; batchId: string; actor: string; now: string },
  jobId: number,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE export_outcomes
          SET lead_id = (SELECT j.lead_id FROM export_outcomes j
                          WHERE j.tenant = ?1 AND j.kind = 'jobs' AND j.record_id = ?2
                            AND j.batch_id = ?3 AND j.review = 'confirmed'),
              quality = 'probable', review = 'confirmed', match_reason = 'export_job',
              reviewed_by = ?4, reviewed_at = ?5, updated_at = ?5
        WHERE tenant = ?1 AND kind = 'invoices' AND job_id = ?2 AND quality = 'none'
          AND EXISTS (SELECT 1 FROM export_outcomes j
                       WHERE j.tenant = ?1 AND j.kind = 'jobs' AND j.record_id = ?2
                         AND j.batch_id = ?3 AND j.review = 'confirmed')`,
    )
    .bind(scope.tenant, jobId, scope.batchId, scope.actor, scope.now);
}

function batchOf(row: BatchRow): ImportBatch {
  return {
    id: row.id,
    tenant: row.tenant,
    kind: row.kind,
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    rowsRead: row.rows_read,
    rowsAccepted: row.rows_accepted,
    rowsRejected: row.rows_rejected,
    rejectedRows: JSON.parse(row.rejected_rows) as RowRejection[],
    columns: JSON.parse(row.columns) as Record<string, string>,
    ignoredColumns: JSON.parse(row.ignored_columns) as string[],
    matches: JSON.parse(row.matches) as Record<MatchQuality, number>,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export function outcomeToJson(row: ExportOutcomeRow) {
  return {
    recordId: row.record_id,
    kind: row.kind,
    row: row.row_number,
    jobId: row.job_id,
    jobNumber: row.job_number,
    status: row.job_status,
    createdOn: row.created_on,
    completedOn: row.completed_on,
    total: row.total,
    leadId: row.lead_id,
    quality: row.quality,
    reason: row.match_reason,
    review: row.review,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    source: `export:${row.batch_id}`,
  };
}

/** The leads that exported jobs among `jobs` count for (exact or confirmed matches). */
export function exportJobLeadsStatement(
  db: D1Database,
  tenant: string,
  jobs: number[],
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT lead_id, record_id AS job_id FROM export_outcomes
        WHERE tenant = ? AND kind = 'jobs' AND lead_id IS NOT NULL
          AND (quality = 'exact' OR review = 'confirmed')
          AND record_id IN (SELECT value FROM json_each(?))`,
    )
    .bind(tenant, JSON.stringify(jobs));
}
