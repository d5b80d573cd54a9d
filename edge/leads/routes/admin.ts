/**
 * @module
 * Operator reads of leads: `GET /v1/admin/leads` (filters + keyset pagination) and
 * `GET /v1/admin/leads/:id` (the lead and its audit trail).
 */
import { Hono } from 'hono';
import { deliveriesForLead } from '../../notifications/db/deliveries.ts';
import { LeadListQuerySchema } from '../../../shared/admin.ts';
import { auditTrail } from '../../audit/db/audit-log.ts';
import { getLead, leadRowToJson, leadSummaryToJson, listLeads } from '../db/leads.ts';
import { syncJobsForLead } from '../../handoff/db/jobs.ts';
import { assertTenantAccess, tenantScope } from '../../http/admin-auth.ts';
import { decodeCursor, page } from '../../http/cursor.ts';
import { ApiError } from '../../http/errors.ts';
import { parseQuery } from '../../http/validate.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { leadOutcomeHistory } from '../../webhooks/db/outcome-history.ts';

export const adminLeadRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const query = parseQuery(LeadListQuerySchema, c.req.query());
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await listLeads(c.env.DB, {
      ...query,
      tenant: tenantScope(c, query.tenant),
      before: cursor && { receivedAt: cursor.at, id: cursor.id },
    });
    return c.json({
      leads: rows.map(leadSummaryToJson),
      ...page(rows, query.limit, (row) => ({ at: row.received_at, id: row.id })),
    });
  })
  .get('/:id', async (c) => {
    const row = await getLead(c.env.DB, c.req.param('id'));
    if (!row) throw new ApiError(404, 'lead_not_found', `No lead "${c.req.param('id')}".`);
    assertTenantAccess(c, row.tenant as string);
    return c.json({
      lead: leadRowToJson(row),
      audit: await auditTrail(c.env.DB, 'lead', row.id),
      syncJobs: await syncJobsForLead(c.env.DB, row.id),
      outcomes: await leadOutcomeHistory(c.env.DB, row.id),
      notifications: await deliveriesForLead(c.env.DB, row.id),
    });
  });
