/**
 * @module
 * `/v1/admin/titan-map/drift-findings`: list drift findings (from imports and zone webhooks), read
 * one with its audit trail, and resolve (note required) or dismiss it.
 */
import { Hono } from 'hono';
import {
  DismissFindingBodySchema,
  FindingListQuerySchema,
  ResolveFindingBodySchema,
} from '../../../shared/titan-map.ts';
import { auditTrail } from '../../audit/db/audit-log.ts';
import { assertTenantAccess, tenantScope } from '../../http/admin-auth.ts';
import { decodeCursor, page } from '../../http/cursor.ts';
import { ApiError } from '../../http/errors.ts';
import { parseQuery } from '../../http/validate.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { findingToJson, getFinding, listFindings } from '../db/findings.ts';
import { closeFinding } from '../finding-review.ts';
import { jsonBodyLimit, readJson } from './request.ts';
import { doc } from '../../http/openapi.ts';

export const findingRoutes = new Hono<AppEnv>()
  .get(
    '/',
    doc('Titan Map', 'List drift findings', { query: FindingListQuerySchema }),
    async (c) => {
      const query = parseQuery(FindingListQuerySchema, c.req.query());
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await listFindings(c.env.DB, {
        tenant: tenantScope(c, query.tenant),
        state: query.state,
        origin: query.origin,
        before: cursor && { createdAt: cursor.at, id: cursor.id },
        limit: query.limit,
      });
      return c.json({
        findings: rows.map(findingToJson),
        ...page(rows, query.limit, (row) => ({ at: row.created_at, id: row.id })),
      });
    },
  )
  .get('/:id', doc('Titan Map', 'One drift finding', { errors: [404] }), async (c) => {
    const row = await getFinding(c.env.DB, c.req.param('id'));
    if (!row)
      throw new ApiError(404, 'finding_not_found', `No drift finding "${c.req.param('id')}".`);
    assertTenantAccess(c, row.tenant);
    return c.json({
      finding: findingToJson(row),
      audit: await auditTrail(c.env.DB, 'drift_finding', row.id),
    });
  })
  .post(
    '/:id/resolve',
    doc('Titan Map', 'Resolve a drift finding', {
      body: ResolveFindingBodySchema,
      errors: [404, 409],
    }),
    jsonBodyLimit,
    async (c) => {
      const body = await readJson(c, ResolveFindingBodySchema);
      const finding = await closeFinding(
        c.env.DB,
        c.req.param('id'),
        'resolved',
        body.note,
        c.get('actor'),
        (tenant) => assertTenantAccess(c, tenant),
      );
      return c.json({ finding });
    },
  )
  .post(
    '/:id/dismiss',
    doc('Titan Map', 'Dismiss a drift finding', {
      body: DismissFindingBodySchema,
      errors: [404, 409],
    }),
    jsonBodyLimit,
    async (c) => {
      const body = await readJson(c, DismissFindingBodySchema);
      const finding = await closeFinding(
        c.env.DB,
        c.req.param('id'),
        'dismissed',
        body.note || null,
        c.get('actor'),
        (tenant) => assertTenantAccess(c, tenant),
      );
      return c.json({ finding });
    },
  );
