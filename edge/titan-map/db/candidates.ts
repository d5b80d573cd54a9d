/**
 * @module
 * D1 access for import candidates. A file's candidates go in as a few JSON-array statements
 * (json_each) rather than one statement per row, so a 10,000-row file is a handful of
 * statements in the import's single batch.
 */
import type { CandidateChange, ReviewState, TaxonomyKind } from '../../../shared/titan-map.ts';
import type { Candidate } from '../diff.ts';

/** Size of one statement's JSON parameter; well under D1's 2 MB value limit. */
const CHUNK_CHARS = 100_000;

export function insertCandidatesStatements(
  db: D1Database,
  batchId: string,
  tenant: string,
  candidates: Candidate[],
): D1PreparedStatement[] {
  const chunks: string[][] = [];
  let size = Infinity;
  for (const c of candidates) {
    const json = JSON.stringify({
      id: c.item.id,
      row: c.row,
      name: c.item.name,
      active: c.item.active ? 1 : 0,
      data: c.item.data,
      change: c.change,
      changedFields: c.changedFields,
      previous: c.previous,
      reviewState: c.reviewState,
    });
    if (size + json.length > CHUNK_CHARS) {
      chunks.push([]);
      size = 0;
    }
    chunks.at(-1)?.push(json);
    size += json.length + 1;
  }
  const kind = candidates[0]?.item.kind;
  return chunks.map((chunk) =>
    db
      .prepare(
        `INSERT INTO titan_import_candidates (batch_id, tenant, kind, item_id, row_number, name, active,
           data, change, changed_fields, previous, review_state)
         SELECT ?, ?, ?, value ->> '$.id', value ->> '$.row', value ->> '$.name', value ->> '$.active',
                value -> '$.data', value ->> '$.change', value -> '$.changedFields',
                CASE WHEN value ->> '$.previous' IS NULL THEN NULL ELSE value -> '$.previous' END,
                value ->> '$.reviewState'
           FROM json_each(?)`,
      )
      .bind(batchId, tenant, kind, `[${chunk.join(',')}]`),
  );
}

export interface CandidateRow {
  batch_id: string;
  kind: TaxonomyKind;
  item_id: number;
  row_number: number | null;
  name: string;
  active: number;
  data: string;
  change: CandidateChange;
  changed_fields: string;
  previous: string | null;
  review_state: ReviewState;
  reviewed_by: string | null;
  reviewed_at: string | null;
}

export function candidateToJson(row: CandidateRow) {
  return {
    id: row.item_id,
    row: row.row_number,
    name: row.name,
    active: row.active === 1,
    data: JSON.parse(row.data) as Record<string, unknown>,
    change: row.change,
    changedFields: JSON.parse(row.changed_fields) as string[],
    previous: row.previous === null ? null : (JSON.parse(row.previous) as unknown),
    reviewState: row.review_state,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
  };
}

export interface CandidateListFilter {
  review?: ReviewState | undefined;
  change?: CandidateChange | undefined;
  afterId?: number | undefined;
  limit: number;
}

export async function listCandidates(
  db: D1Database,
  batchId: string,
  filter: CandidateListFilter,
): Promise<CandidateRow[]> {
  const where = ['batch_id = ?'];
  const params: unknown[] = [batchId];
  const add = (sql: string, value: unknown) => {
    where.push(sql);
    params.push(value);
  };
  if (filter.review) add('review_state = ?', filter.review);
  if (filter.change) add('change = ?', filter.change);
  if (filter.afterId !== undefined) add('item_id > ?', filter.afterId);
  const { results } = await db
    .prepare(
      `SELECT * FROM titan_import_candidates WHERE ${where.join(' AND ')} ORDER BY item_id LIMIT ?`,
    )
    .bind(...params, filter.limit)
    .all<CandidateRow>();
  return results;
}

/** Which of `ids` the batch has no candidate for. */
export async function missingCandidateIds(
  db: D1Database,
  batchId: string,
  ids: number[],
): Promise<number[]> {
  const { results } = await db
    .prepare(
      `SELECT value AS id FROM json_each(?) WHERE value NOT IN
         (SELECT item_id FROM titan_import_candidates WHERE batch_id = ?)`,
    )
    .bind(JSON.stringify(ids), batchId)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

/**
 * Sets the decision on the listed candidates, or on every pending one when `ids` is null; only
 * while the batch is in review (a publish in between closes it).
 */
export function decideCandidatesStatement(
  db: D1Database,
  batchId: string,
  ids: number[] | null,
  state: 'accepted' | 'rejected',
  actor: string,
): D1PreparedStatement {
  const which =
    ids === null ? `review_state = 'pending'` : 'item_id IN (SELECT value FROM json_each(?))';
  return db
    .prepare(
      `UPDATE titan_import_candidates
          SET review_state = ?, reviewed_by = ?, reviewed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE batch_id = ?
          AND EXISTS (SELECT 1 FROM titan_import_batches WHERE id = batch_id AND status = 'review')
          AND ${which}`,
    )
    .bind(state, actor, batchId, ...(ids === null ? [] : [JSON.stringify(ids)]));
}

export function countPendingStatement(db: D1Database, batchId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT count(*) AS pending FROM titan_import_candidates WHERE batch_id = ? AND review_state = 'pending'`,
    )
    .bind(batchId);
}

/** Publish: accepted candidates of the given batches become the published taxonomy items. */
export function applyAcceptedStatement(db: D1Database, batchIds: string[]): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO titan_taxonomy (tenant, kind, id, name, active, data, updated_at)
       SELECT tenant, kind, item_id, name, active, data, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         FROM titan_import_candidates
        WHERE batch_id IN (SELECT value FROM json_each(?)) AND review_state = 'accepted'
          AND change <> 'unchanged'
       ON CONFLICT (tenant, kind, id) DO UPDATE
          SET name = excluded.name, active = excluded.active, data = excluded.data,
              updated_at = excluded.updated_at`,
    )
    .bind(JSON.stringify(batchIds));
}

/** Items the open batches propose (pending or accepted, not rejected, not unchanged). */
export function openCandidateItemsStatement(db: D1Database, tenant: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT c.kind, c.item_id AS id, c.name, c.active, c.data, c.review_state
         FROM titan_import_candidates c JOIN titan_import_batches b ON b.id = c.batch_id
        WHERE b.tenant = ? AND b.status = 'review' AND c.review_state <> 'rejected'
          AND c.change <> 'unchanged'`,
    )
    .bind(tenant);
}
