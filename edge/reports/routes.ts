/**
 * @module
 * Reports for a contractor: `GET /v1/admin/reports/leads` (counts by source, campaign or service
 * over whole days in the tenant's time zone; edge/reports/lead-report.ts says what is counted) and
 * `GET /v1/admin/reports/leads.csv` (the leads list as CSV, same filters as `GET /v1/admin/leads`,
 * streamed: edge/reports/lead-export.ts).
 */
import { Hono } from 'hono';
import { LeadExportQuerySchema, ReportQuerySchema } from '../../shared/ops.ts';
import { zonedTimeToUtc } from '../handoff/local-time.ts';
import { tenantScope } from '../http/admin-auth.ts';
import { ApiError } from '../http/errors.ts';
import { parseQuery } from '../http/validate.ts';
import { exportLeads } from './lead-export.ts';
import { leadReport } from './lead-report.ts';
import type { AppEnv } from '../http/app-env.ts';

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export const adminReportRoutes = new Hono<AppEnv>()
  .get('/leads', async (c) => {
    const query = parseQuery(ReportQuerySchema, c.req.query());
    const tenant = tenantScope(c, query.tenant);
    if (!tenant) {
      throw new ApiError(
        400,
        'tenant_required',
        'A report is for one tenant: add ?tenant=<slug>.',
        {
          issues: [{ path: ['query', 'tenant'], code: 'required', message: 'tenant is required' }],
        },
      );
    }
    const row = await c.env.DB.prepare('SELECT timezone FROM tenants WHERE slug = ?')
      .bind(tenant)
      .first<{ timezone: string }>();
    if (!row) throw new ApiError(404, 'unknown_tenant', `No tenant "${tenant}".`);
    const start = zonedTimeToUtc(query.from, '00:00', row.timezone);
    const end = zonedTimeToUtc(nextDay(query.to), '00:00', row.timezone);
    if (!start || !end) throw new Error('validated report dates did not convert');
    const report = await leadReport(c.env.DB, {
      tenant,
      start: start.toISOString(),
      end: end.toISOString(),
      from: query.from,
      to: query.to,
      groupBy: query.groupBy,
    });
    return c.json({
      tenant,
      timezone: row.timezone,
      from: query.from,
      to: query.to,
      groupBy: query.groupBy,
      range: { start: start.toISOString(), end: end.toISOString() },
      ...report,
    });
  })
  .get('/leads.csv', async (c) => {
    const filters = parseQuery(LeadExportQuerySchema, c.req.query());
    const tenant = tenantScope(c, filters.tenant);
    const { body, truncated } = await exportLeads(c.env.DB, { ...filters, tenant });
    const day = new Date().toISOString().slice(0, 10);
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="leads-${tenant ?? 'all-tenants'}-${day}.csv"`,
      'X-Export-Truncated': String(truncated),
    });
  });
