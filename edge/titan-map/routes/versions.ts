/**
 * @module
 * `/v1/admin/titan-map/tenants/:tenant/...`: publish the reviewed draft, list and read map
 * versions (old ones stay readable), the published taxonomy, and the coverage score of the
 * published map or of the draft.
 */
import { Hono } from 'hono';
import {
  CoverageQuerySchema,
  PublishBodySchema,
  TAXONOMY_KIND_OF,
  TaxonomyQuerySchema,
} from '../../../shared/titan-map.ts';
import { ApiError } from '../../http/errors.ts';
import { parseQuery } from '../../http/validate.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { computeCoverage } from '../coverage.ts';
import { listVersions, readVersion, versionToJson } from '../db/versions.ts';
import { publishDraft } from '../publish.ts';
import { draftEntries, draftTaxonomy, requireMapState } from '../state.ts';
import { itemsOf } from '../taxonomy.ts';
import { jsonBodyLimit, readJson, tenantParam } from './request.ts';
import { doc } from '../../http/openapi.ts';

export const versionRoutes = new Hono<AppEnv>()
  .post(
    '/publish',
    doc('Titan Map', 'Publish the draft map', {
      body: PublishBodySchema,
      status: 201,
      errors: [404, 409],
    }),
    jsonBodyLimit,
    async (c) => {
      const body = await readJson(c, PublishBodySchema);
      const result = await publishDraft(c.env.DB, tenantParam(c), {
        note: body.note || null,
        actor: c.get('actor'),
      });
      return c.json(result, 201);
    },
  )
  .get(
    '/versions',
    doc('Titan Map', 'List published map versions', { errors: [404] }),
    async (c) => {
      const state = await requireMapState(c.env.DB, tenantParam(c));
      const rows = await listVersions(c.env.DB, state.slug);
      return c.json({
        tenant: state.slug,
        versions: rows.map((row) => versionToJson(row, state.mapVersion)),
      });
    },
  )
  .get(
    '/versions/:version',
    doc('Titan Map', 'One map version', { errors: [400, 404] }),
    async (c) => {
      const state = await requireMapState(c.env.DB, tenantParam(c));
      const found = await readVersion(c.env.DB, state.slug, c.req.param('version'));
      if (!found)
        throw new ApiError(
          404,
          'version_not_found',
          `Tenant "${state.slug}" has no map version "${c.req.param('version')}".`,
        );
      return c.json({
        ...versionToJson(found.row, state.mapVersion),
        entries: found.entries,
        taxonomy: found.taxonomy,
      });
    },
  )
  .get(
    '/taxonomy',
    doc('Titan Map', 'The imported taxonomy', { query: TaxonomyQuerySchema, errors: [404] }),
    async (c) => {
      const query = parseQuery(TaxonomyQuerySchema, c.req.query());
      const state = await requireMapState(c.env.DB, tenantParam(c));
      const kinds = query.kind ? [TAXONOMY_KIND_OF[query.kind]] : Object.values(TAXONOMY_KIND_OF);
      const items = kinds.flatMap((kind) =>
        itemsOf(state.taxonomy, kind).sort((a, b) => a.id - b.id),
      );
      return c.json({ tenant: state.slug, mapVersion: state.mapVersion, items });
    },
  )
  .get(
    '/coverage',
    doc('Titan Map', 'Which services the map covers', {
      query: CoverageQuerySchema,
      errors: [404],
    }),
    async (c) => {
      const query = parseQuery(CoverageQuerySchema, c.req.query());
      const state = await requireMapState(c.env.DB, tenantParam(c));
      const draft = query.of === 'draft';
      const coverage = computeCoverage({
        services: state.config.services,
        entries: draft ? draftEntries(state) : state.entries,
        taxonomy: draft ? draftTaxonomy(state) : state.taxonomy,
        serviceAreaZips: state.config.serviceAreaZips,
      });
      return c.json({
        tenant: state.slug,
        of: query.of,
        mapVersion: state.mapVersion,
        ...coverage,
      });
    },
  );
