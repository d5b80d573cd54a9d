/**
 * @module
 * One CSV import, start to finish: read the file, match its columns, check every row, compare
 * with the published taxonomy, look for drift, and write the batch, its candidates, its drift
 * findings and the audit entry in one D1 batch — a file is recorded whole or not at all. Nothing
 * here touches the published taxonomy or map; that is publish's job, after review.
 */
import type { Issue } from '../../shared/api.ts';
import type { TaxonomyKind } from '../../shared/titan-map.ts';
import { auditStatement } from '../audit/db/audit-log.ts';
import { insertDriftFindingStatement } from './db/drift-findings.ts';
import { ApiError } from '../http/errors.ts';
import { matchColumns, normalizeHeader } from './columns.ts';
import { CsvFileError, decodeCsv, readCsv, type CsvTable } from './csv.ts';
import {
  batchRowOf,
  batchToJson,
  insertBatchStatement,
  supersedeStatement,
  type NewBatch,
} from './db/batches.ts';
import { insertCandidatesStatements } from './db/candidates.ts';
import { findingsOfBatch, findingToJson, openFindingKeys } from './db/findings.ts';
import { countChanges, diffAgainstPublished } from './diff.ts';
import { detectDrift, findingKey } from './drift.ts';
import { announce } from '../notifications/queue.ts';
import { parseRows, type RowRejection } from './rows.ts';
import { draftTaxonomy, requireMapState, type MapState } from './state.ts';
import { itemsOf } from './taxonomy.ts';

/** Rejected rows listed on a batch; the count is always exact. */
export const MAX_REJECTIONS_LISTED = 1000;

export interface ImportRequest {
  tenant: string;
  kind: TaxonomyKind;
  provider: string;
  fileName: string;
  bytes: ArrayBuffer | ArrayBufferView;
  actor: string;
  /** The widget config URL, recorded on drift findings as the affected widget URL. */
  widgetUrl: string;
}

function newBatch(request: ImportRequest, fields: Partial<NewBatch>): NewBatch {
  return {
    id: `tb_${crypto.randomUUID()}`,
    tenant: request.tenant,
    provider: request.provider,
    kind: request.kind,
    fileName: request.fileName,
    rowsRead: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
    status: 'review',
    errorNote: null,
    columns: {},
    ignoredColumns: [],
    rejectedRows: [],
    changes: {},
    createdBy: request.actor,
    createdAt: new Date().toISOString(),
    ...fields,
  };
}

function auditImport(db: D1Database, batch: NewBatch, extra: Record<string, unknown>) {
  return auditStatement(db, {
    actor: batch.createdBy,
    tenant: batch.tenant,
    action: 'titan_map.import',
    subjectType: 'titan_import_batch',
    subjectId: batch.id,
    detail: {
      kind: batch.kind,
      fileName: batch.fileName,
      rowsRead: batch.rowsRead,
      rowsAccepted: batch.rowsAccepted,
      rowsRejected: batch.rowsRejected,
      status: batch.status,
      ...extra,
    },
  });
}

/** Records the unusable file as a failed batch, then refuses the request with the reason. */
async function refuseFile(
  db: D1Database,
  request: ImportRequest,
  failure: { code: string; message: string; issues: Issue[] },
  fields: Partial<NewBatch>,
): Promise<never> {
  const batch = newBatch(request, { ...fields, status: 'failed', errorNote: failure.message });
  await db.batch([
    insertBatchStatement(db, batch),
    auditImport(db, batch, { error: failure.code }),
  ]);
  throw new ApiError(
    422,
    failure.code,
    `${failure.message} Recorded as failed batch ${batch.id}.`,
    {
      issues: failure.issues,
    },
  );
}

function rejectionIssues(rejections: RowRejection[]): Issue[] {
  return rejections
    .slice(0, 50)
    .map((r) => ({ path: ['rows', r.row], code: r.code, message: r.message }));
}

function readTable(request: ImportRequest): CsvTable | CsvFileError {
  try {
    return readCsv(decodeCsv(request.bytes));
  } catch (error) {
    if (error instanceof CsvFileError) return error;
    throw error;
  }
}

/** Business unit names the job type file may use instead of ids: published or being imported. */
function businessUnitNames(state: MapState): Map<string, number> {
  return new Map(
    itemsOf(draftTaxonomy(state), 'business-unit').map((unit) => [
      normalizeHeader(unit.name),
      unit.id,
    ]),
  );
}

/** The file's rows, checked; refuses (and records) a file that cannot be used at all. */
async function checkedRows(db: D1Database, request: ImportRequest, state: MapState) {
  const table = readTable(request);
  if (table instanceof CsvFileError) {
    return refuseFile(db, request, { code: table.code, message: table.message, issues: [] }, {});
  }
  const rowsRead = table.records.length;
  const match = matchColumns(request.kind, table.headers);
  const fileFields = {
    rowsRead,
    rowsRejected: rowsRead,
    columns: match.headerOf as Record<string, string>,
    ignoredColumns: match.ignored,
  };
  if (match.missing.length > 0) {
    const names = match.missing.map((spec) => `"${spec.header}"`).join(', ');
    const issues = match.missing.map((spec) => ({
      path: ['columns', spec.header],
      code: 'missing_required_column',
      message: `No column named "${spec.header}" or one of its aliases (${spec.aliases.join(', ')})`,
    }));
    const failure = {
      code: 'missing_required_column',
      message: `The file has no ${names} column.`,
      issues,
    };
    return refuseFile(db, request, failure, fileFields);
  }
  const rows = parseRows(request.kind, table, match, {
    businessUnitIdByName: businessUnitNames(state),
  });
  const rejectedRows = rows.rejections.slice(0, MAX_REJECTIONS_LISTED);
  if (rows.items.length === 0) {
    const message =
      rowsRead === 0
        ? 'The file has a header but no rows.'
        : `None of the ${rowsRead} rows could be used.`;
    const failure = { code: 'no_rows_accepted', message, issues: rejectionIssues(rows.rejections) };
    return refuseFile(db, request, failure, { ...fileFields, rejectedRows });
  }
  return {
    rows,
    fields: {
      ...fileFields,
      rowsAccepted: rows.items.length,
      rowsRejected: rows.rejections.length,
      rejectedRows,
    },
  };
}

export async function importFile(db: D1Database, request: ImportRequest) {
  const state = await requireMapState(db, request.tenant);
  const { rows, fields } = await checkedRows(db, request, state);
  const candidates = diffAgainstPublished(
    rows.items,
    state.taxonomy.get(request.kind) ?? new Map(),
    rows.rejectedIds,
  );
  const batch = newBatch(request, { ...fields, changes: countChanges(candidates) });
  const alreadyOpen = await openFindingKeys(db, request.tenant);
  const findings = detectDrift({
    tenant: request.tenant,
    batchId: batch.id,
    kind: request.kind,
    candidates,
    services: state.config.services,
    entries: state.entries,
    published: state.taxonomy,
    serviceAreaZips: state.config.serviceAreaZips,
    widgetUrl: request.widgetUrl,
  }).filter((finding) => !alreadyOpen.has(findingKey(finding)));
  const superseded = state.openBatches.filter((b) => b.kind === request.kind).map((b) => b.id);

  await db.batch([
    insertBatchStatement(db, batch),
    ...(superseded.length > 0 ? [supersedeStatement(db, superseded, batch.id)] : []),
    ...insertCandidatesStatements(db, batch.id, request.tenant, candidates),
    ...findings.map((finding) => insertDriftFindingStatement(db, finding)),
    auditImport(db, batch, { changes: batch.changes, superseded, driftFindings: findings.length }),
  ]);
  const stored = findings.length > 0 ? await findingsOfBatch(db, request.tenant, batch.id) : [];
  await Promise.all(stored.map((finding) => announce('drift_finding', finding.id)));
  return {
    batch: batchToJson(batchRowOf(batch)),
    superseded,
    driftFindings: stored.map(findingToJson),
  };
}
