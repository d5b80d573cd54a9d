/**
 * @module
 * Operator reads of leads: `GET /v1/admin/leads` (filters + keyset pagination) and
 * `GET /v1/admin/leads/:id` (the lead and its audit trail).
 */
import { Hono } from 'hono';
import { LeadListQuerySchema } from '../../shared/admin.ts';
import { auditTrail } from '../db/audit.ts';
import { getLead, leadRowToJson, listLeads } from '../db/leads.ts';
import { decodeCursor, page } from '../http/cursor.ts';
import { ApiError } from '../http/errors.ts';
import { parseQuery } from '../http/validate.ts';
import type { AppEnv } from '../types.ts';

export const adminLeadRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const query = parseQuery(LeadListQuerySchema, c.req.query());
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await listLeads(c.env.DB, {
      tenant: query.tenant,
      status: query.status,
      classification: query.classification,
      since: query.since,
      before: cursor && { receivedAt: cursor.at, id: cursor.id },
      limit: query.limit,
    });
    return c.json({
      leads: rows.map(leadRowToJson),
      ...page(rows, query.limit, (row) => ({ at: row.received_at, id: row.id })),
    });
  })
  .get('/:id', async (c) => {
    const row = await getLead(c.env.DB, c.req.param('id'));
    if (!row) throw new ApiError(404, 'lead_not_found', `No lead "${c.req.param('id')}".`);
    return c.json({ lead: leadRowToJson(row), audit: await auditTrail(c.env.DB, 'lead', row.id) });
  });
