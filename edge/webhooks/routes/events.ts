/**
 * @module
 * Operator views of webhook traffic: `GET /v1/admin/webhook-events` (+ `/:id`, `/:id/reprocess`,
 * audited) and `GET /v1/admin/webhook-rejections`, filtered and keyset-paginated like the leads
 * list. Operator tokens see their own tenant only.
 */
import { Hono } from 'hono';
import {
  REPROCESSABLE_STATES,
  WebhookEventListQuerySchema,
  WebhookRejectionListQuerySchema,
} from '../../../shared/webhook-admin.ts';
import { assertTenantAccess, tenantScope } from '../../http/admin-auth.ts';
import { decodeCursor, page } from '../../http/cursor.ts';
import { ApiError } from '../../http/errors.ts';
import { parseQuery } from '../../http/validate.ts';
import { audit, auditTrail } from '../../audit/db/audit-log.ts';
import { eventRowToJson, getEvent, listEvents, requeueEvent } from '../db/events.ts';
import { processWebhookEvent } from '../apply/process.ts';
import { listRejections, rejectionRowToJson } from '../db/rejections.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { doc } from '../../http/openapi.ts';

export const adminWebhookEventRoutes = new Hono<AppEnv>()
  .get(
    '/',
    doc('Webhook admin', 'List received webhook events', { query: WebhookEventListQuerySchema }),
    async (c) => {
      const query = parseQuery(WebhookEventListQuerySchema, c.req.query());
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await listEvents(c.env.DB, {
        ...query,
        tenant: tenantScope(c, query.tenant),
        before: cursor && { receivedAt: cursor.at, id: cursor.id },
      });
      return c.json({
        events: rows.map((row) => eventRowToJson(row)),
        ...page(rows, query.limit, (row) => ({ at: row.received_at, id: row.id })),
      });
    },
  )
  .get(
    '/:id',
    doc('Webhook admin', 'One event with its raw body and outcome', { errors: [404] }),
    async (c) => {
      const row = await getEvent(c.env.DB, c.req.param('id'));
      if (!row)
        throw new ApiError(404, 'event_not_found', `No webhook event "${c.req.param('id')}".`);
      assertTenantAccess(c, row.tenant);
      return c.json({
        event: eventRowToJson(row, true),
        audit: await auditTrail(c.env.DB, 'webhook_event', row.id),
      });
    },
  )
  // Runs a failed, unmatched or quarantined event again now (after the lead it names was
  // imported, or a schema change that lets its data through), and audits who did it.
  .post(
    '/:id/reprocess',
    doc('Webhook admin', 'Reprocess a quarantined or failed event', { errors: [404, 409] }),
    async (c) => {
      const id = c.req.param('id');
      const row = await getEvent(c.env.DB, id);
      if (!row) throw new ApiError(404, 'event_not_found', `No webhook event "${id}".`);
      assertTenantAccess(c, row.tenant);
      if (!(await requeueEvent(c.env.DB, id))) {
        throw new ApiError(
          409,
          'event_not_reprocessable',
          `Event "${id}" is ${row.state}; only ${REPROCESSABLE_STATES.join(', ')} events are re-processed.`,
        );
      }
      await processWebhookEvent(c.env, id);
      const updated = await getEvent(c.env.DB, id);
      await audit(c.env.DB, {
        actor: c.get('actor'),
        tenant: row.tenant,
        action: 'webhook_event.reprocessed',
        subjectType: 'webhook_event',
        subjectId: id,
        detail: { type: row.type, fromState: row.state, toState: updated?.state ?? null },
      });
      return c.json({ event: updated && eventRowToJson(updated, true) });
    },
  );

export const adminWebhookRejectionRoutes = new Hono<AppEnv>().get(
  '/',
  doc('Webhook admin', 'List rejected webhook requests', {
    query: WebhookRejectionListQuerySchema,
  }),
  async (c) => {
    const query = parseQuery(WebhookRejectionListQuerySchema, c.req.query());
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await listRejections(c.env.DB, {
      ...query,
      tenant: tenantScope(c, query.tenant),
      before: cursor && { at: cursor.at, id: Number(cursor.id) },
    });
    return c.json({
      rejections: rows.map(rejectionRowToJson),
      ...page(rows, query.limit, (row) => ({ at: row.at, id: String(row.id) })),
    });
  },
);
