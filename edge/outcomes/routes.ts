/**
 * @module
 * `/v1/admin/outcomes/:tenant/imports`: upload a ServiceTitan jobs or invoices export (body = the
 * CSV file), list and read import batches with their matches, and confirm or reject probable
 * matches (docs/proof.md).
 */
import { Hono } from 'hono';
import { OutcomeImportQuerySchema, OutcomeReviewBodySchema } from '../../shared/outcomes.ts';
import { limitBody } from '../http/body-limit.ts';
import { ApiError } from '../http/errors.ts';
import { parseQuery } from '../http/validate.ts';
import type { AppEnv } from '../http/app-env.ts';
import { MAX_CSV_BYTES, requireCsvBody } from '../titan-map/routes/imports.ts';
import { jsonBodyLimit, readJson, tenantParam } from '../titan-map/routes/request.ts';
import { getImport, listImports } from './db.ts';
import { importOutcomes, importToJson } from './import.ts';
import { reviewImport } from './review.ts';
import { CSV_BODY, doc } from '../http/openapi.ts';

const imports = new Hono<AppEnv>()
  .post(
    '/',
    doc('Outcomes', 'Import a jobs or invoices export', {
      query: OutcomeImportQuerySchema,
      body: CSV_BODY,
      status: 201,
      ok: 'Imported (200 when the same file was already imported).',
      errors: [404],
    }),
    limitBody(MAX_CSV_BYTES),
    async (c) => {
      const tenant = tenantParam(c);
      const query = parseQuery(OutcomeImportQuerySchema, c.req.query());
      requireCsvBody(c);
      const result = await importOutcomes(c.env.DB, {
        tenant,
        kind: query.kind,
        fileName: query.fileName ?? `${query.kind}.csv`,
        bytes: await c.req.arrayBuffer(),
        actor: c.get('actor'),
      });
      return c.json(result, result.unchanged ? 200 : 201);
    },
  )
  .get('/', doc('Outcomes', 'List outcome imports', { errors: [404] }), async (c) => {
    return c.json({ imports: await listImports(c.env.DB, tenantParam(c)) });
  })
  .get(
    '/:batchId',
    doc('Outcomes', 'One import with its matches', { errors: [404] }),
    async (c) => {
      const batch = await getImport(c.env.DB, tenantParam(c), c.req.param('batchId'));
      if (!batch) {
        throw new ApiError(
          404,
          'import_not_found',
          `No outcome import "${c.req.param('batchId')}".`,
        );
      }
      return c.json(await importToJson(c.env.DB, batch));
    },
  )
  .post(
    '/:batchId/review',
    doc('Outcomes', 'Confirm or reject probable matches', {
      body: OutcomeReviewBodySchema,
      errors: [404, 409],
    }),
    jsonBodyLimit,
    async (c) => {
      const body = await readJson(c, OutcomeReviewBodySchema);
      const scope = {
        tenant: tenantParam(c),
        batchId: c.req.param('batchId'),
        actor: c.get('actor'),
      };
      return c.json(await reviewImport(c.env.DB, scope, body));
    },
  );

export const adminOutcomeRoutes = new Hono<AppEnv>().route('/:tenant/imports', imports);
