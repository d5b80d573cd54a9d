/**
 * @module
 * `/v1/admin/titan-map/tenants/:tenant/imports`: upload a CSV export (body = the file, as
 * text/csv), list and read batches with their row accounting, list a batch's candidates, and
 * accept or reject them.
 */
import { Hono, type Context } from 'hono';
import {
  BatchListQuerySchema,
  CandidateListQuerySchema,
  ImportQuerySchema,
  ReviewBodySchema,
  TAXONOMY_KIND_OF,
} from '../../../shared/titan-map.ts';
import { decodeCursor, page } from '../../http/cursor.ts';
import { limitBody } from '../../http/body-limit.ts';
import { ApiError } from '../../http/errors.ts';
import { parseQuery } from '../../http/validate.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { batchToJson, getBatch, listBatches } from '../db/batches.ts';
import { candidateToJson, listCandidates } from '../db/candidates.ts';
import { importFile } from '../import.ts';
import { reviewCandidates } from '../review.ts';
import { jsonBodyLimit, readJson, tenantParam } from './request.ts';
import { CSV_BODY, doc } from '../../http/openapi.ts';

/** Largest CSV file accepted; ServiceTitan taxonomy exports are a few hundred KiB at most. */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

// Browsers and spreadsheet tools label CSV files in several ways.
const CSV_TYPES = new Set([
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
]);

/** 415 unless the body is labelled as a CSV file (also used by the outcome-export import). */
export function requireCsvBody(c: Context<AppEnv>): void {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!CSV_TYPES.has(type)) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      'Send the CSV file as the request body with Content-Type: text/csv.',
    );
  }
}

/** Candidates page by ServiceTitan id; the cursor carries the last id of the previous page. */
function candidateCursor(cursor: string): number {
  const id = Number(decodeCursor(cursor).id);
  if (Number.isSafeInteger(id)) return id;
  throw new ApiError(400, 'invalid_cursor', 'The cursor is not one this API issued.');
}

export const importRoutes = new Hono<AppEnv>()
  .post(
    '/',
    doc('Titan Map', 'Import a ServiceTitan export', {
      query: ImportQuerySchema,
      body: CSV_BODY,
      status: 201,
      errors: [404, 409],
    }),
    limitBody(MAX_CSV_BYTES),
    async (c) => {
      const tenant = tenantParam(c);
      const query = parseQuery(ImportQuerySchema, c.req.query());
      requireCsvBody(c);
      const result = await importFile(c.env.DB, {
        tenant,
        kind: TAXONOMY_KIND_OF[query.kind],
        provider: query.provider,
        fileName: query.fileName ?? `${query.kind}.csv`,
        bytes: await c.req.arrayBuffer(),
        actor: c.get('actor'),
        widgetUrl: new URL(`/v1/tenants/${tenant}/config`, c.req.url).href,
      });
      return c.json(result, 201);
    },
  )
  .get(
    '/',
    doc('Titan Map', 'List import batches', { query: BatchListQuerySchema, errors: [404] }),
    async (c) => {
      const query = parseQuery(BatchListQuerySchema, c.req.query());
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await listBatches(c.env.DB, tenantParam(c), {
        kind: query.kind && TAXONOMY_KIND_OF[query.kind],
        status: query.status,
        before: cursor && { createdAt: cursor.at, id: cursor.id },
        limit: query.limit,
      });
      return c.json({
        batches: rows.map(batchToJson),
        ...page(rows, query.limit, (row) => ({ at: row.created_at, id: row.id })),
      });
    },
  )
  .get('/:batchId', doc('Titan Map', 'One import batch', { errors: [404] }), async (c) => {
    const row = await getBatch(c.env.DB, tenantParam(c), c.req.param('batchId'));
    if (!row)
      throw new ApiError(404, 'batch_not_found', `No import batch "${c.req.param('batchId')}".`);
    return c.json({ batch: batchToJson(row) });
  })
  .get(
    '/:batchId/candidates',
    doc('Titan Map', 'A batch’s candidates', { query: CandidateListQuerySchema, errors: [404] }),
    async (c) => {
      const query = parseQuery(CandidateListQuerySchema, c.req.query());
      const batch = await getBatch(c.env.DB, tenantParam(c), c.req.param('batchId'));
      if (!batch)
        throw new ApiError(404, 'batch_not_found', `No import batch "${c.req.param('batchId')}".`);
      const afterId = query.cursor ? candidateCursor(query.cursor) : undefined;
      const rows = await listCandidates(c.env.DB, batch.id, {
        review: query.review,
        change: query.change,
        afterId,
        limit: query.limit,
      });
      return c.json({
        batchId: batch.id,
        candidates: rows.map(candidateToJson),
        ...page(rows, query.limit, (row) => ({ at: batch.id, id: String(row.item_id) })),
      });
    },
  )
  .post(
    '/:batchId/review',
    doc('Titan Map', 'Review candidates', { body: ReviewBodySchema, errors: [404, 409] }),
    jsonBodyLimit,
    async (c) => {
      const body = await readJson(c, ReviewBodySchema);
      return c.json(
        await reviewCandidates(
          c.env.DB,
          tenantParam(c),
          c.req.param('batchId'),
          body,
          c.get('actor'),
        ),
      );
    },
  );
