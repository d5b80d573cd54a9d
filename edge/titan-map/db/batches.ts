/**
 * @module
 * D1 access for import batches: one row per uploaded file with its row accounting and status.
 */
import {
  TAXONOMY_KIND_OF,
  type BatchStatus,
  type ImportKind,
  type TaxonomyKind,
} from '../../../shared/titan-map.ts';

export interface NewBatch {
  id: string;
  tenant: string;
  provider: string;
  kind: TaxonomyKind;
  fileName: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  status: BatchStatus;
  errorNote: string | null;
  columns: Record<string, string>;
  ignoredColumns: string[];
  rejectedRows: unknown[];
  changes: Record<string, number>;
  createdBy: string;
  createdAt: string;
}

export interface BatchRow {
  id: string;
  tenant: string;
  provider: string;
  kind: TaxonomyKind;
  file_name: string;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  status: BatchStatus;
  error_note: string | null;
  columns: string;
  ignored_columns: string;
  rejected_rows: string;
  changes: string;
  created_by: string;
  created_at: string;
  superseded_by: string | null;
  published_version: string | null;
}

const IMPORT_KIND_OF = Object.fromEntries(
  Object.entries(TAXONOMY_KIND_OF).map(([importKind, kind]) => [kind, importKind]),
) as Record<TaxonomyKind, ImportKind>;

export function importKindOf(kind: TaxonomyKind): ImportKind {
  return IMPORT_KIND_OF[kind];
}

/** A batch as the admin API shows it (kinds spelled as in the import URL). */
export function batchToJson(row: BatchRow) {
  return {
    id: row.id,
    tenant: row.tenant,
    provider: row.provider,
    kind: importKindOf(row.kind),
    fileName: row.file_name,
    rowsRead: row.rows_read,
    rowsAccepted: row.rows_accepted,
    rowsRejected: row.rows_rejected,
    status: row.status,
    errorNote: row.error_note,
    columns: JSON.parse(row.columns) as Record<string, string>,
    ignoredColumns: JSON.parse(row.ignored_columns) as string[],
    rejectedRows: JSON.parse(row.rejected_rows) as unknown[],
    changes: JSON.parse(row.changes) as Record<string, number>,
    createdBy: row.created_by,
    createdAt: row.created_at,
    supersededBy: row.superseded_by,
    publishedVersion: row.published_version,
  };
}

export function batchRowOf(batch: NewBatch): BatchRow {
  return {
    id: batch.id,
    tenant: batch.tenant,
    provider: batch.provider,
    kind: batch.kind,
    file_name: batch.fileName,
    rows_read: batch.rowsRead,
    rows_accepted: batch.rowsAccepted,
    rows_rejected: batch.rowsRejected,
    status: batch.status,
    error_note: batch.errorNote,
    columns: JSON.stringify(batch.columns),
    ignored_columns: JSON.stringify(batch.ignoredColumns),
    rejected_rows: JSON.stringify(batch.rejectedRows),
    changes: JSON.stringify(batch.changes),
    created_by: batch.createdBy,
    created_at: batch.createdAt,
    superseded_by: null,
    published_version: null,
  };
}

export function insertBatchStatement(db: D1Database, batch: NewBatch): D1PreparedStatement {
  const row = batchRowOf(batch);
  return db
    .prepare(
      `INSERT INTO titan_import_batches (id, tenant, provider, kind, file_name, rows_read, rows_accepted,
         rows_rejected, status, error_note, columns, ignored_columns, rejected_rows, changes, created_by,
         created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      row.id,
      row.tenant,
      row.provider,
      row.kind,
      row.file_name,
      row.rows_read,
      row.rows_accepted,
      row.rows_rejected,
      row.status,
      row.error_note,
      row.columns,
      row.ignored_columns,
      row.rejected_rows,
      row.changes,
      row.created_by,
      row.created_at,
    );
}

/** The open batches of one kind, which a newer file of that kind replaces. */
export async function openBatchIds(
  db: D1Database,
  tenant: string,
  kind: TaxonomyKind,
): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM titan_import_batches WHERE tenant = ? AND kind = ? AND status = 'review'`,
    )
    .bind(tenant, kind)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

export function supersedeStatement(db: D1Database, ids: string[], by: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE titan_import_batches SET status = 'superseded', superseded_by = ?
        WHERE status = 'review' AND id IN (SELECT value FROM json_each(?))`,
    )
    .bind(by, JSON.stringify(ids));
}

export function markPublishedStatement(
  db: D1Database,
  ids: string[],
  version: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE titan_import_batches SET status = 'published', published_version = ?
        WHERE status = 'review' AND id IN (SELECT value FROM json_each(?))`,
    )
    .bind(version, JSON.stringify(ids));
}

export async function getBatch(
  db: D1Database,
  tenant: string,
  id: string,
): Promise<BatchRow | null> {
  return db
    .prepare('SELECT * FROM titan_import_batches WHERE tenant = ? AND id = ?')
    .bind(tenant, id)
    .first<BatchRow>();
}

export interface BatchListFilter {
  kind?: TaxonomyKind | undefined;
  status?: BatchStatus | undefined;
  before?: { createdAt: string; id: string } | undefined;
  limit: number;
}

export async function listBatches(
  db: D1Database,
  tenant: string,
  filter: BatchListFilter,
): Promise<BatchRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  add('tenant = ?', tenant);
  if (filter.kind) add('kind = ?', filter.kind);
  if (filter.status) add('status = ?', filter.status);
  if (filter.before) {
    const { createdAt, id } = filter.before;
    add('(created_at < ? OR (created_at = ? AND id < ?))', createdAt, createdAt, id);
  }
  const { results } = await db
    .prepare(
      `SELECT * FROM titan_import_batches WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .bind(...params, filter.limit)
    .all<BatchRow>();
  return results;
}

/** The tenant's batches still in review with their pending candidate counts, oldest first. */
export function openBatchesStatement(db: D1Database, tenant: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT b.id, b.kind, b.file_name,
              (SELECT count(*) FROM titan_import_candidates c
                WHERE c.batch_id = b.id AND c.review_state = 'pending') AS pending
         FROM titan_import_batches b WHERE b.tenant = ? AND b.status = 'review' ORDER BY b.created_at`,
    )
    .bind(tenant);
}
