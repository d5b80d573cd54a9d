/**
 * @module
 * `/v1/admin/titan-map/tenants/:tenant/bindings` and `/suggestions`: each service's live and draft
 * binding, draft edits, ranked job type suggestions and accepting one of them.
 */
import { Hono } from 'hono';
import {
  AcceptSuggestionBodySchema,
  BindingBodySchema,
  SuggestionQuerySchema,
} from '../../../shared/titan-map.ts';
import { parseQuery } from '../../http/validate.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { bindingsOverview, discardDraftBinding, saveDraftBinding } from '../bindings.ts';
import { requireMapState } from '../state.ts';
import { acceptSuggestion, suggestionsFor } from '../suggested-bindings.ts';
import { jsonBodyLimit, readJson, tenantParam } from './request.ts';
import { doc } from '../../http/openapi.ts';

export const bindingRoutes = new Hono<AppEnv>()
  .get('/', doc('Titan Map', 'Draft bindings and what they lack', { errors: [404] }), async (c) =>
    c.json(bindingsOverview(await requireMapState(c.env.DB, tenantParam(c)))),
  )
  .put(
    '/:service',
    doc('Titan Map', 'Set a service’s draft binding', {
      body: BindingBodySchema,
      errors: [404, 409],
    }),
    jsonBodyLimit,
    async (c) => {
      const body = await readJson(c, BindingBodySchema);
      const state = await requireMapState(c.env.DB, tenantParam(c));
      return c.json(
        await saveDraftBinding(c.env.DB, state, c.req.param('service'), body, c.get('actor')),
      );
    },
  )
  .delete(
    '/:service',
    doc('Titan Map', 'Remove a service’s draft binding', { status: 204, errors: [404] }),
    async (c) => {
      const state = await requireMapState(c.env.DB, tenantParam(c));
      await discardDraftBinding(c.env.DB, state, c.req.param('service'), c.get('actor'));
      return c.body(null, 204);
    },
  );

export const suggestionRoutes = new Hono<AppEnv>()
  .get(
    '/',
    doc('Titan Map', 'Suggested bindings', { query: SuggestionQuerySchema, errors: [404] }),
    async (c) => {
      const query = parseQuery(SuggestionQuerySchema, c.req.query());
      const state = await requireMapState(c.env.DB, tenantParam(c));
      return c.json({ tenant: state.slug, services: suggestionsFor(state, query.service) });
    },
  )
  .post(
    '/:service/accept',
    doc('Titan Map', 'Accept a suggestion as the draft binding', {
      body: AcceptSuggestionBodySchema,
      errors: [404, 409],
    }),
    jsonBodyLimit,
    async (c) => {
      const body = await readJson(c, AcceptSuggestionBodySchema);
      const state = await requireMapState(c.env.DB, tenantParam(c));
      return c.json(
        await acceptSuggestion(
          c.env.DB,
          state,
          c.req.param('service'),
          body.jobTypeId,
          c.get('actor'),
        ),
      );
    },
  );
