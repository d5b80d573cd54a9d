/**
 * @module
 * Reports for a contractor: `GET /v1/admin/reports/leads` (counts by source, campaign or service
 * over whole days in the tenant's time zone; edge/reports/lead-report.ts says what is counted) and
 * `GET /v1/admin/reports/leads.csv` (the leads list as CSV, same filters as `GET /v1/admin/leads`,
 * streamed: edge/reports/lead-export.ts), and the ad-platform conversion files
 * (`/conversions/…`: edge/reports/conversions/routes.ts), and the proof packet (`/proof`:
 * edge/reports/proof.ts).
 */
import { Hono } from 'hono';
import { LeadExportQuerySchema, ReportQuerySchema } from '../../shared/ops.ts';
import { ProofQuerySchema } from '../../shared/outcomes.ts';
import { tenantScope } from '../http/admin-auth.ts';
import { parseQuery } from '../http/validate.ts';
import { exportLeads } from './lead-export.ts';
import { leadReport } from './lead-report.ts';
import { periodOf, reportPeriod } from './period.ts';
import { proofPacket } from './proof.ts';
import { conversionRoutes } from './conversions/routes.ts';
import type { AppEnv } from '../http/app-env.ts';
import { doc } from '../http/openapi.ts';

export const adminReportRoutes = new Hono<AppEnv>()
  .route('/conversions', conversionRoutes)
  .get('/leads', doc('Reports', 'Lead report', { query: ReportQuerySchema }), async (c) => {
    const query = parseQuery(ReportQuerySchema, c.req.query());
    const period = await reportPeriod(c, query);
    const report = await leadReport(c.env.DB, { ...period, groupBy: query.groupBy });
    return c.json({
      tenant: period.tenant,
      timezone: period.timezone,
      from: query.from,
      to: query.to,
      groupBy: query.groupBy,
      range: { start: period.start, end: period.end },
      ...report,
    });
  })
  .get('/proof', doc('Reports', 'Proof packet', { query: ProofQuerySchema }), async (c) => {
    const query = parseQuery(ProofQuerySchema, c.req.query());
    const period = await reportPeriod(c, query);
    const baseline =
      query.baselineFrom && query.baselineTo
        ? periodOf(period, query.baselineFrom, query.baselineTo)
        : null;
    return c.json(await proofPacket(c.env.DB, period, baseline));
  })
  .get(
    '/leads.csv',
    doc('Reports', 'Lead export (CSV)', {
      query: LeadExportQuerySchema,
      ok: { media: 'text/csv', description: 'The leads as CSV, streamed.' },
    }),
    async (c) => {
      const filters = parseQuery(LeadExportQuerySchema, c.req.query());
      const tenant = tenantScope(c, filters.tenant);
      const { body, truncated } = await exportLeads(c.env.DB, { ...filters, tenant });
      const day = new Date().toISOString().slice(0, 10);
      return c.body(body, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="leads-${tenant ?? 'all-tenants'}-${day}.csv"`,
        'X-Export-Truncated': String(truncated),
      });
    },
  );
