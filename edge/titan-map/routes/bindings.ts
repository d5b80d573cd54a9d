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

export const bindingRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json(bindingsOverview(await requireMapState(c.env.DB, tenantParam(c)))))
  .put('/:service', jsonBodyLimit, async (c) => {
    const body = await readJson(c, BindingBodySchema);
    const state = await requireMapState(c.env.DB, tenantParam(c));
    return c.json(
      await saveDraftBinding(c.env.DB, state, c.req.param('service'), body, c.get('actor')),
    );
  })
  .delete('/:service', async (c) => {
    const state = await requireMapState(c.env.DB, tenantParam(c));
    await discardDraftBinding(c.env.DB, state, c.req.param('service'), c.get('actor'));
    return c.body(null, 204);
  });

export const suggestionRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const query = parseQuery(SuggestionQuerySchema, c.req.query());
    const state = await requireMapState(c.env.DB, tenantParam(c));
    return c.json({ tenant: state.slug, services: suggestionsFor(state, query.service) });
  })
  .post('/:service/accept', jsonBodyLimit, async (c) => {
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
  });
