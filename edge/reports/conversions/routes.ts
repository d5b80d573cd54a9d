/**
 * @module
 * `/v1/admin/reports/conversions`: `google-ads.csv`, `google-ads-enhanced.csv` and
 * `microsoft-ads.csv` for a tenant, stage and period (each also as JSON without `.csv`, with the
 * rows' sources and match quality), and `settings` (the tenant's conversion names and currency).
 * The CSV holds only what the platform imports; what was left out, and why, travels in the
 * `X-Conversions-Excluded` header and the JSON twin (docs/decisions/0062).
 */
import { Hono } from 'hono';
import {
  ConversionQuerySchema,
  ConversionSettingsBodySchema,
  ConversionSettingsQuerySchema,
} from '../../../shared/outcomes.ts';
import { auditStatement } from '../../audit/db/audit-log.ts';
import { ApiError } from '../../http/errors.ts';
import { parseQuery } from '../../http/validate.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { csvLine } from '../../lib/csv.ts';
import { exportOutsideCountsStatement } from '../../outcomes/merged.ts';
import { jsonBodyLimit, readJson } from '../../titan-map/routes/request.ts';
import { reportPeriod, tenantOf } from '../period.ts';
import {
  CONVERSION_PLATFORMS,
  EXCLUSION_REASONS,
  conversionFile,
  type ConversionFile,
  type ConversionPlatform,
} from './files.ts';
import {
  DEFAULT_CONVERSION_SETTINGS,
  conversionSettings,
  saveConversionSettingsStatement,
} from './settings.ts';
import { leadStages } from './stages.ts';
import { doc } from '../../http/openapi.ts';

function platformOf(name: string): { platform: ConversionPlatform; csv: boolean } {
  const csv = name.endsWith('.csv');
  const platform = csv ? name.slice(0, -4) : name;
  const known = CONVERSION_PLATFORMS.find((p) => p === platform);
  if (!known) {
    throw new ApiError(404, 'not_found', `No conversion file "${name}".`, {
      issues: [
        {
          path: ['path', 'file'],
          code: 'unknown_file',
          message: `One of ${CONVERSION_PLATFORMS.join(', ')} (add .csv for the file)`,
        },
      ],
    });
  }
  return { platform: known, csv };
}

export function conversionCsv(file: ConversionFile): string {
  return [
    ...(file.parameters ? [csvLine([file.parameters])] : []),
    csvLine(file.header),
    ...file.rows.map((row) => csvLine(row.cells)),
  ].join('');
}

const excludedHeader = (file: ConversionFile) =>
  Object.entries(file.excluded)
    .map(([reason, n]) => `${reason}=${n}`)
    .join(', ');

export const conversionRoutes = new Hono<AppEnv>()
  .get(
    '/settings',
    doc('Reports', 'Conversion file settings', {
      query: ConversionSettingsQuerySchema,
      errors: [404],
    }),
    async (c) => {
      const query = parseQuery(ConversionSettingsQuerySchema, c.req.query());
      const { tenant } = await tenantOf(c, query.tenant);
      return c.json({ tenant, ...(await conversionSettings(c.env.DB, tenant)) });
    },
  )
  .put(
    '/settings',
    doc('Reports', 'Change conversion file settings', {
      query: ConversionSettingsQuerySchema,
      body: ConversionSettingsBodySchema,
      errors: [404],
    }),
    jsonBodyLimit,
    async (c) => {
      const query = parseQuery(ConversionSettingsQuerySchema, c.req.query());
      const { tenant } = await tenantOf(c, query.tenant);
      const body = await readJson(c, ConversionSettingsBodySchema);
      const settings = {
        names: { ...DEFAULT_CONVERSION_SETTINGS.names, ...body.names },
        currency: body.currency,
      };
      await c.env.DB.batch([
        saveConversionSettingsStatement(c.env.DB, tenant, settings, c.get('actor')),
        auditStatement(c.env.DB, {
          actor: c.get('actor'),
          tenant,
          action: 'conversions.settings',
          subjectType: 'tenant',
          subjectId: tenant,
          detail: settings,
        }),
      ]);
      return c.json({ tenant, ...settings });
    },
  )
  .get(
    '/:file',
    doc('Reports', 'A conversion file (CSV, or JSON preview)', {
      query: ConversionQuerySchema,
      ok: { media: 'text/csv', description: 'The conversion file.' },
      errors: [404],
    }),
    async (c) => {
      const { platform, csv } = platformOf(c.req.param('file'));
      const query = parseQuery(ConversionQuerySchema, c.req.query());
      const period = await reportPeriod(c, query);
      const db = c.env.DB;
      const [settings, leads, outside] = await Promise.all([
        conversionSettings(db, period.tenant),
        leadStages(db, { ...period, timeZone: period.timezone }),
        exportOutsideCountsStatement(db, period.tenant, period.from, period.to).first<{
          unmatched: number;
          probable_pending: number;
        }>(),
      ]);
      const file = await conversionFile(platform, {
        stage: query.stage,
        timezone: period.timezone,
        settings,
        leads,
        outside: {
          unmatched: outside?.unmatched ?? 0,
          probablePending: outside?.probable_pending ?? 0,
        },
        asOf: query.asOf ? new Date(query.asOf) : new Date(),
      });
      if (!csv) {
        return c.json({
          tenant: period.tenant,
          from: period.from,
          to: period.to,
          ...file,
          excludedReasons: EXCLUSION_REASONS,
        });
      }
      const name = `${platform}-${query.stage}-${period.tenant}-${period.from}-${period.to}.csv`;
      return c.body(conversionCsv(file), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}"`,
        'X-Conversions-Excluded': excludedHeader(file),
        'X-Conversions-Listed-Separately': String(file.listedSeparately.length),
      });
    },
  );
