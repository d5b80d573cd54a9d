/**
 * @module
 * Reports for a contractor: `GET /v1/admin/reports/leads` (counts by source, campaign or service
 * over whole days in the tenant's time zone; edge/reports/lead-report.ts says what is counted) and
 * `GET /v1/admin/reports/leads.csv` (the leads list as CSV, same filters as `GET /v1/admin/leads`).
 */
import { Hono } from 'hono';
import Papa from 'papaparse';
import { LeadExportQuerySchema, ReportQuerySchema } from '../../shared/ops.ts';
import { leadRowToJson, listLeads, type LeadRow } from '../leads/db/leads.ts';
import { zonedTimeToUtc } from '../handoff/local-time.ts';
import { tenantScope } from '../http/admin-auth.ts';
import { ApiError } from '../http/errors.ts';
import { parseQuery } from '../http/validate.ts';
import { leadReport } from './lead-report.ts';
import type { AppEnv } from '../http/app-env.ts';
import type { AdminLead } from '../../shared/lead-record.ts';

/** Rows per D1 read and the most one export returns (narrow the filters for more). */
const EXPORT_PAGE = 500;
export const EXPORT_MAX_ROWS = 20_000;

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

const text = (value: unknown) => (value == null ? '' : String(value));

/** CSV columns, in order: header → value from the lead as the admin API shows it. */
const CSV_COLUMNS: [string, (lead: AdminLead) => unknown][] = [
  ['lead_id', (l) => l.id],
  ['received_at', (l) => l.receivedAt],
  ['tenant', (l) => l.tenant],
  ['status', (l) => l.status],
  ['classification', (l) => l.classification],
  ['review_reasons', (l) => l.reviewReasons.join(' ')],
  ['service', (l) => l.serviceKey],
  ['urgency', (l) => l.urgency],
  ['preferred_date', (l) => l.preferredDate],
  ['preferred_window', (l) => l.preferredWindow],
  ['name', (l) => l.contactName],
  ['phone', (l) => l.contactPhone],
  ['phone_ext', (l) => l.contactPhoneExt],
  ['email', (l) => l.contactEmail],
  ['sms_opt_in', (l) => l.smsOptIn],
  ['street', (l) => l.addressStreet],
  ['unit', (l) => l.addressUnit],
  ['city', (l) => l.addressCity],
  ['state', (l) => l.addressState],
  ['zip', (l) => l.addressZip],
  ['utm_source', (l) => l.utmSource],
  ['utm_medium', (l) => l.utmMedium],
  ['utm_campaign', (l) => l.utmCampaign],
  ['landing_page', (l) => l.source?.landingPage],
  ['referrer', (l) => l.source?.referrer],
  ['origin', (l) => l.origin],
  ['erased_at', (l) => l.erasedAt],
];

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
    const rows: LeadRow[] = [];
    let before: { receivedAt: string; id: string } | undefined;
    // One page past the cap tells a complete export from a truncated one.
    while (rows.length <= EXPORT_MAX_ROWS) {
      const batch = await listLeads(c.env.DB, { ...filters, tenant, before, limit: EXPORT_PAGE });
      rows.push(...batch);
      const last = batch.at(-1);
      if (batch.length < EXPORT_PAGE || !last) break;
      before = { receivedAt: last.received_at, id: last.id };
    }
    const leads = rows.slice(0, EXPORT_MAX_ROWS).map(leadRowToJson);
    // escapeFormulae: a name like "=HYPERLINK(…)" must not run as a formula in a spreadsheet.
    const csv = Papa.unparse(
      {
        fields: CSV_COLUMNS.map(([header]) => header),
        data: leads.map((lead) => CSV_COLUMNS.map(([, value]) => text(value(lead)))),
      },
      { escapeFormulae: true, newline: '\r\n' },
    );
    const day = new Date().toISOString().slice(0, 10);
    return c.body(`${csv}\r\n`, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="leads-${tenant ?? 'all-tenants'}-${day}.csv"`,
      'X-Export-Truncated': String(rows.length > EXPORT_MAX_ROWS),
    });
  });
