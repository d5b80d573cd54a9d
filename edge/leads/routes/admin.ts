/**
 * @module
 * Operator reads of leads: `GET /v1/admin/leads` (filters + keyset pagination) and
 * `GET /v1/admin/leads/:id` (the lead and its audit trail), and the spam review's
 * `POST /v1/admin/leads/:id/classification`: to `real` starts what a real lead gets (its sync job
 * queued and sent to the handoff queue), to `spam` or `test` skips its job if not yet sent.
 */
import { Hono } from 'hono';
import { deliveriesForLead } from '../../notifications/db/deliveries.ts';
import { LeadListQuerySchema } from '../../../shared/admin.ts';
import { auditStatement, auditTrail } from '../../audit/db/audit-log.ts';
import { LeadClassificationChangeSchema } from '../../../shared/spam.ts';
import {
  getLead,
  leadRowToJson,
  leadSummaryToJson,
  listLeads,
  setClassificationStatement,
  type LeadRow,
} from '../db/leads.ts';
import {
  insertSyncJobStatement,
  requeueSkippedJobStatement,
  skipUnsentJobsStatement,
  syncJobsForLead,
} from '../../handoff/db/jobs.ts';
import { enqueueLeadHandoff } from '../../handoff/queue.ts';
import { assertTenantAccess, tenantScope } from '../../http/admin-auth.ts';
import { ADMIN_ACTION_BODY_LIMIT, limitBody } from '../../http/body-limit.ts';
import { parseJsonObject } from '../../http/body.ts';
import { decodeCursor, page } from '../../http/cursor.ts';
import { ApiError } from '../../http/errors.ts';
import { parseBody, parseQuery } from '../../http/validate.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { leadOutcomeHistory } from '../../webhooks/db/outcome-history.ts';
import { doc } from '../../http/openapi.ts';

async function leadOf(db: D1Database, id: string): Promise<LeadRow> {
  const row = await getLead(db, id);
  if (!row) throw new ApiError(404, 'lead_not_found', `No lead "${id}".`);
  return row;
}

export const adminLeadRoutes = new Hono<AppEnv>()
  .get('/', doc('Lead review', 'List leads', { query: LeadListQuerySchema }), async (c) => {
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
  .get(
    '/:id',
    doc('Lead review', 'A lead with its audit, sync jobs, outcomes and alerts', { errors: [404] }),
    async (c) => {
      const row = await leadOf(c.env.DB, c.req.param('id'));
      assertTenantAccess(c, row.tenant as string);
      return c.json({
        lead: leadRowToJson(row),
        audit: await auditTrail(c.env.DB, 'lead', row.id),
        syncJobs: await syncJobsForLead(c.env.DB, row.id),
        outcomes: await leadOutcomeHistory(c.env.DB, row.id),
        notifications: await deliveriesForLead(c.env.DB, row.id),
      });
    },
  )
  .post(
    '/:id/classification',
    doc('Lead review', 'Reclassify a lead (spam review)', {
      body: LeadClassificationChangeSchema,
      errors: [404],
    }),
    limitBody(ADMIN_ACTION_BODY_LIMIT),
    async (c) => {
      const input = parseBody(LeadClassificationChangeSchema, parseJsonObject(await c.req.text()));
      const row = await leadOf(c.env.DB, c.req.param('id'));
      const tenant = row.tenant as string;
      assertTenantAccess(c, tenant);
      const from = row.classification as string;
      const to = input.classification;
      if (from !== to) {
        const db = c.env.DB;
        const now = new Date().toISOString();
        const jobs =
          to === 'real'
            ? [
                // A lead stored before jobs existed has none: create it; a spam lead's is skipped.
                insertSyncJobStatement(db, { id: row.id, tenant, classification: to }, now),
                requeueSkippedJobStatement(db, row.id, now),
              ]
            : [skipUnsentJobsStatement(db, { sql: '?1', params: [row.id] }, to, now)];
        await db.batch([
          setClassificationStatement(db, row.id, to),
          ...jobs,
          auditStatement(db, {
            actor: c.get('actor'),
            tenant,
            action: 'lead.reclassified',
            subjectType: 'lead',
            subjectId: row.id,
            detail: { from, to, note: input.note ?? null },
          }),
        ]);
        if (to === 'real') {
          // What a real lead gets: its handoff draft and the office's alert (once per lead), both
          // through its one handoff message.
          c.executionCtx.waitUntil(enqueueLeadHandoff(c.env, { id: row.id, classification: to }));
        }
      }
      const updated = await leadOf(c.env.DB, row.id);
      return c.json({
        lead: leadRowToJson(updated),
        syncJobs: await syncJobsForLead(c.env.DB, row.id),
      });
    },
  );
