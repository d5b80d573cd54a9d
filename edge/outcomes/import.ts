/**
 * @module
 * One ServiceTitan jobs or invoices export, imported: read the file (papaparse, BOM, aliases,
 * quirks: edge/titan-map/csv.ts), check every row, match each to a lead (match.ts), and write the
 * batch, its rows and the audit entry in one D1 batch. The same file uploaded again is recognised
 * by its SHA-256 and changes nothing: the earlier batch is returned.
 */
import type { MatchQuality, OutcomeImportKind } from '../../shared/outcomes.ts';
import { auditStatement } from '../audit/db/audit-log.ts';
import { ApiError } from '../http/errors.ts';
import { tenantTimezone } from '../tenants/db/tenants.ts';
import { CsvFileError, decodeCsv, readCsv } from '../titan-map/csv.ts';
import {
  getImport,
  importBySha,
  insertImportStatement,
  outcomeToJson,
  outcomesOfImport,
  upsertExportOutcomeStatement,
  type ImportBatch,
} from './db.ts';
import { matchRows } from './match.ts';
import { matchColumns, parseRows } from './rows.ts';
import { sha256Hex } from '../lib/encoding.ts';

/** Rejected rows listed on a batch; the count is always exact. */
const MAX_REJECTIONS_LISTED = 1000;

export interface OutcomeImportRequest {
  tenant: string;
  kind: OutcomeImportKind;
  fileName: string;
  bytes: ArrayBuffer;
  actor: string;
}

async function tenantZone(db: D1Database, tenant: string): Promise<string> {
  const timezone = await tenantTimezone(db, tenant);
  if (timezone === null) throw new ApiError(404, 'unknown_tenant', `No tenant "${tenant}".`);
  return timezone;
}

function readTable(bytes: ArrayBuffer) {
  try {
    return readCsv(decodeCsv(bytes));
  } catch (error) {
    if (error instanceof CsvFileError) throw new ApiError(422, error.code, error.message);
    throw error;
  }
}

/** The batch and the rows it set, as the API shows them. */
export async function importToJson(db: D1Database, batch: ImportBatch) {
  const rows = await outcomesOfImport(db, batch.tenant, batch.id);
  const { fileSha256, ...shown } = batch;
  return { batch: { ...shown, sha256: fileSha256 }, outcomes: rows.map(outcomeToJson) };
}

export async function importOutcomes(db: D1Database, request: OutcomeImportRequest) {
  const timeZone = await tenantZone(db, request.tenant);
  const sha = await sha256Hex(new Uint8Array(request.bytes));
  const earlier = await importBySha(db, request.tenant, request.kind, sha);
  if (earlier) return { ...(await importToJson(db, earlier)), unchanged: true };

  const table = readTable(request.bytes);
  const columns = matchColumns(request.kind, table.headers);
  if (columns.missing.length > 0) {
    throw new ApiError(
      422,
      'missing_required_column',
      `The file has no ${columns.missing.map((s) => `"${s.header}"`).join(', ')} column.`,
      {
        issues: columns.missing.map((spec) => ({
          path: ['columns', spec.header],
          code: 'missing_required_column',
          message: `No column named "${spec.header}" or one of its aliases (${spec.aliases.join(', ')})`,
        })),
      },
    );
  }
  const { items, rejections } = parseRows(request.kind, table, columns);
  if (items.length === 0) {
    throw new ApiError(
      422,
      'no_rows_accepted',
      `None of the ${table.records.length} rows could be used.`,
      {
        issues: rejections
          .slice(0, 50)
          .map((r) => ({ path: ['rows', r.row], code: r.code, message: r.message })),
      },
    );
  }
  const matches = await matchRows(
    db,
    { tenant: request.tenant, kind: request.kind, timeZone },
    items,
  );
  const counts: Record<MatchQuality, number> = { exact: 0, probable: 0, none: 0 };
  for (const match of matches) counts[match.quality] += 1;
  const now = new Date().toISOString();
  const batch: ImportBatch = {
    id: `oi_${crypto.randomUUID()}`,
    tenant: request.tenant,
    kind: request.kind,
    fileName: request.fileName,
    fileSha256: sha,
    rowsRead: table.records.length,
    rowsAccepted: items.length,
    rowsRejected: rejections.length,
    rejectedRows: rejections.slice(0, MAX_REJECTIONS_LISTED),
    columns: columns.headerOf as Record<string, string>,
    ignoredColumns: columns.ignored,
    matches: counts,
    createdBy: request.actor,
    createdAt: now,
  };
  const scope = { tenant: request.tenant, kind: request.kind, batchId: batch.id, now };
  await db.batch([
    insertImportStatement(db, batch),
    ...items.map((row, i) => upsertExportOutcomeStatement(db, scope, row, matches[i]!)),
    auditStatement(db, {
      actor: request.actor,
      tenant: request.tenant,
      action: 'outcomes.import',
      subjectType: 'outcome_import',
      subjectId: batch.id,
      detail: {
        kind: batch.kind,
        fileName: batch.fileName,
        rowsRead: batch.rowsRead,
        rowsAccepted: batch.rowsAccepted,
        rowsRejected: batch.rowsRejected,
        matches: counts,
      },
    }),
  ]);
  const stored = await getImport(db, request.tenant, batch.id);
  if (!stored) throw new Error('the import batch just written is missing');
  return { ...(await importToJson(db, stored)), unchanged: false };
}
